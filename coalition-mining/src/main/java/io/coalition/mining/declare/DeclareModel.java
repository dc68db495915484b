package io.coalition.mining.declare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Declare model: constraints with the support and confidence they had when discovered (trace counts, as
 * in CONFINE's and pm4py's JSON; a hand-written model may use any numbers). Constraints are kept sorted
 * (template order, then activities), so equal models are equal objects and write byte-identical JSON.
 */
public final class DeclareModel {
    /** Support = traces that activate the constraint, confidence = those of them that satisfy it. */
    public record Measures(int support, int confidence) {
    }

    private final Map<DeclareConstraint, Measures> constraints;

    private DeclareModel(Map<DeclareConstraint, Measures> constraints) {
        this.constraints = Collections.unmodifiableMap(new TreeMap<>(constraints));
    }

    public static DeclareModel of(Map<DeclareConstraint, Measures> constraints) {
        return new DeclareModel(constraints);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Constraints in canonical order. */
    public List<DeclareConstraint> constraints() {
        return new ArrayList<>(constraints.keySet());
    }

    /** Constraints with their measures, in canonical order. */
    public Map<DeclareConstraint, Measures> measures() {
        return constraints;
    }

    public Measures measures(DeclareConstraint c) {
        return constraints.get(c);
    }

    public int size() {
        return constraints.size();
    }

    public boolean contains(DeclareConstraint c) {
        return constraints.containsKey(c);
    }

    /** The constraints of one template. */
    public List<DeclareConstraint> constraints(DeclareTemplate template) {
        List<DeclareConstraint> out = new ArrayList<>();
        for (DeclareConstraint c : constraints.keySet()) if (c.template() == template) out.add(c);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeclareModel m && constraints.equals(m.constraints);
    }

    @Override
    public int hashCode() {
        return constraints.hashCode();
    }

    @Override
    public String toString() {
        return "DeclareModel" + constraints;
    }

    public static final class Builder {
        private final Map<DeclareConstraint, Measures> constraints = new TreeMap<>();

        public Builder add(DeclareConstraint c, int support, int confidence) {
            constraints.put(Objects.requireNonNull(c), new Measures(support, confidence));
            return this;
        }

        public Builder add(DeclareConstraint c) {
            return add(c, 0, 0);
        }

        public DeclareModel build() {
            return new DeclareModel(constraints);
        }
    }
}
