package io.coalition.mining.petri;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A marking: tokens per place id (places without tokens are absent). Immutable, ordered by place id. */
public record Marking(SortedMap<String, Integer> tokens) {
    public static final Marking EMPTY = new Marking(new TreeMap<>());

    public Marking {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (Map.Entry<String, Integer> e : tokens.entrySet()) {
            int v = Objects.requireNonNull(e.getValue(), "token count");
            if (v < 0) throw new IllegalArgumentException("negative token count " + v + " in place " + e.getKey());
            if (v > 0) m.put(Objects.requireNonNull(e.getKey(), "place"), v);
        }
        tokens = Collections.unmodifiableSortedMap(m);
    }

    /** One token in each of {@code places}. */
    public static Marking of(String... places) {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (String p : places) m.merge(p, 1, Integer::sum);
        return new Marking(m);
    }

    public int get(String place) {
        return tokens.getOrDefault(place, 0);
    }

    /** This marking with {@code delta} tokens added to {@code place} (negative removes). */
    public Marking plus(String place, int delta) {
        TreeMap<String, Integer> m = new TreeMap<>(tokens);
        m.merge(place, delta, Integer::sum);
        return new Marking(m);
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    @Override
    public String toString() {
        return tokens.toString();
    }
}
