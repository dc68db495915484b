package io.coalition.mining.petri;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A place/transition net: places, transitions (labelled or invisible) and weighted arcs.
 *
 * <p>Immutable and canonical: places and transitions are sorted by id and arcs by (source, target), so two nets
 * with the same elements are equal and export byte-identically whatever order they were built in. Ids are unique
 * over places and transitions together; an arc links a place and a transition; at most one arc per direction
 * per pair (weights express multiplicity).
 */
public record PetriNet(String name, List<Place> places, List<Transition> transitions, List<Arc> arcs) {

    /** A place; {@code name} is for display. */
    public record Place(String id, String name) {
        public Place {
            Objects.requireNonNull(id, "id");
            if (name == null) name = id;
        }

        public static Place of(String id) {
            return new Place(id, id);
        }
    }

    /** A transition; a {@code null} label makes it invisible (silent, tau). */
    public record Transition(String id, String label) {
        public Transition {
            Objects.requireNonNull(id, "id");
        }

        public static Transition labelled(String id, String label) {
            return new Transition(id, Objects.requireNonNull(label, "label"));
        }

        public static Transition invisible(String id) {
            return new Transition(id, null);
        }

        public boolean isInvisible() {
            return label == null;
        }
    }

    /** An arc from a place to a transition or back, consuming or producing {@code weight} tokens. */
    public record Arc(String source, String target, int weight) {
        public Arc {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            if (weight < 1) throw new IllegalArgumentException("arc " + source + "->" + target + ": weight " + weight + " < 1");
        }

        public static Arc of(String source, String target) {
            return new Arc(source, target, 1);
        }
    }

    public PetriNet {
        name = name == null ? "" : name;
        List<Place> ps = new ArrayList<>(places);
        ps.sort(Comparator.comparing(Place::id));
        List<Transition> ts = new ArrayList<>(transitions);
        ts.sort(Comparator.comparing(Transition::id));
        List<Arc> as = new ArrayList<>(arcs);
        as.sort(Comparator.comparing(Arc::source).thenComparing(Arc::target));
        Set<String> placeIds = new HashSet<>();
        Set<String> transitionIds = new HashSet<>();
        for (Place p : ps) {
            if (!placeIds.add(p.id())) throw new IllegalArgumentException("duplicate place id '" + p.id() + "'");
        }
        for (Transition t : ts) {
            if (placeIds.contains(t.id()) || !transitionIds.add(t.id())) {
                throw new IllegalArgumentException("duplicate node id '" + t.id() + "'");
            }
        }
        Set<String> seen = new HashSet<>();
        for (Arc a : as) {
            boolean pt = placeIds.contains(a.source()) && transitionIds.contains(a.target());
            boolean tp = transitionIds.contains(a.source()) && placeIds.contains(a.target());
            if (!pt && !tp) {
                throw new IllegalArgumentException("arc " + a.source() + "->" + a.target()
                        + " must link an existing place and an existing transition");
            }
            if (!seen.add(a.source() + "\u0000" + a.target())) {
                throw new IllegalArgumentException("duplicate arc " + a.source() + "->" + a.target());
            }
        }
        places = List.copyOf(ps);
        transitions = List.copyOf(ts);
        arcs = List.copyOf(as);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The place with id {@code id}, or {@code null}. */
    public Place place(String id) {
        for (Place p : places) if (p.id().equals(id)) return p;
        return null;
    }

    /** The transition with id {@code id}, or {@code null}. */
    public Transition transition(String id) {
        for (Transition t : transitions) if (t.id().equals(id)) return t;
        return null;
    }

    /** The transitions labelled {@code label}. */
    public List<Transition> transitionsLabelled(String label) {
        List<Transition> r = new ArrayList<>();
        for (Transition t : transitions) if (label.equals(t.label())) r.add(t);
        return r;
    }

    /** Ids of the nodes with an arc into {@code id}, ascending. */
    public List<String> preset(String id) {
        List<String> r = new ArrayList<>();
        for (Arc a : arcs) if (a.target().equals(id)) r.add(a.source());
        r.sort(null);
        return r;
    }

    /** Ids of the nodes with an arc from {@code id}, ascending. */
    public List<String> postset(String id) {
        List<String> r = new ArrayList<>();
        for (Arc a : arcs) if (a.source().equals(id)) r.add(a.target());
        r.sort(null);
        return r;
    }

    /**
     * Each place as {@code [preset] -> [postset]} (transition ids with arc weights above 1 as {@code id*w}),
     * sorted: the net up to place names.
     */
    public List<String> placeSignatures() {
        Map<String, List<String>> in = new HashMap<>();
        Map<String, List<String>> out = new HashMap<>();
        for (Place p : places) {
            in.put(p.id(), new ArrayList<>());
            out.put(p.id(), new ArrayList<>());
        }
        for (Arc a : arcs) {
            String w = a.weight() == 1 ? "" : "*" + a.weight();
            if (in.containsKey(a.target())) in.get(a.target()).add(a.source() + w);
            else out.get(a.source()).add(a.target() + w);
        }
        List<String> r = new ArrayList<>();
        for (Place p : places) {
            List<String> i = in.get(p.id());
            List<String> o = out.get(p.id());
            i.sort(null);
            o.sort(null);
            r.add(i + " -> " + o);
        }
        r.sort(null);
        return r;
    }

    /**
     * Whether {@code other} is this net with places renamed: equal transitions (ids and labels) and equal
     * {@link #placeSignatures()}. Used to compare with tools that number places in their own order.
     */
    public boolean equalsUpToPlaceNames(PetriNet other) {
        return transitions.equals(other.transitions) && placeSignatures().equals(other.placeSignatures());
    }

    public long invisibleTransitionCount() {
        return transitions.stream().filter(Transition::isInvisible).count();
    }

    /** Assembles a net; adding an arc twice adds up the weights. */
    public static final class Builder {
        private final String name;
        private final Map<String, Place> places = new HashMap<>();
        private final Map<String, Transition> transitions = new HashMap<>();
        private final Map<String, Arc> arcs = new HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder place(String id) {
            return place(Place.of(id));
        }

        public Builder place(Place p) {
            places.put(p.id(), p);
            return this;
        }

        public Builder transition(String id, String label) {
            transitions.put(id, new Transition(id, label));
            return this;
        }

        public Builder invisible(String id) {
            return transition(id, null);
        }

        public Builder arc(String source, String target) {
            return arc(source, target, 1);
        }

        public Builder arc(String source, String target, int weight) {
            arcs.merge(source + "\u0000" + target, new Arc(source, target, weight),
                    (x, y) -> new Arc(source, target, x.weight() + y.weight()));
            return this;
        }

        public boolean hasPlace(String id) {
            return places.containsKey(id);
        }

        public boolean hasTransition(String id) {
            return transitions.containsKey(id);
        }

        public PetriNet build() {
            return new PetriNet(name, new ArrayList<>(places.values()), new ArrayList<>(transitions.values()),
                    new ArrayList<>(arcs.values()));
        }
    }
}
