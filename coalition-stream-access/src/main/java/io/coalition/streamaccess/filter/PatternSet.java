package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.StreamObligation;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Triple patterns indexed by predicate slot ({@link PredicateSlots}), answering "can this ground triple of process p
 * be an instance of one of them?" without allocating or hashing: constants must be equal, {@code ?process} must be
 * p, a variable used twice in one pattern must take one value. The filter's hot path asks this for every triple,
 * after one look-up of the triple's slot shared by all its pattern sets.
 */
final class PatternSet {
    private final Pattern[][] bySlot;
    private final Pattern[] anyPredicate;

    private record Pattern(Node s, Node p, Node o, boolean sIsP, boolean sIsO, boolean pIsO) {
        static Pattern of(Triple t) {
            Node s = t.getSubject();
            Node p = t.getPredicate();
            Node o = t.getObject();
            return new Pattern(s, p, o, s.isVariable() && s.equals(p), s.isVariable() && s.equals(o),
                    p.isVariable() && p.equals(o));
        }

        boolean matches(Triple t, Node process) {
            Node ts = t.getSubject();
            Node tp = t.getPredicate();
            Node to = t.getObject();
            return slot(s, ts, process) && slot(p, tp, process) && slot(o, to, process)
                    && (!sIsP || ts.equals(tp)) && (!sIsO || ts.equals(to)) && (!pIsO || tp.equals(to));
        }

        private static boolean slot(Node pattern, Node value, Node process) {
            if (!pattern.isVariable()) return pattern.equals(value);
            return !pattern.equals(StreamObligation.PROCESS) || value.equals(process);
        }
    }

    /** Registers the patterns' constant predicates in {@code slots}. */
    PatternSet(List<Triple> patterns, PredicateSlots slots) {
        Map<Integer, List<Pattern>> grouped = new HashMap<>();
        List<Pattern> any = new ArrayList<>();
        for (Triple t : patterns) {
            Pattern p = Pattern.of(t);
            if (t.getPredicate().isVariable()) any.add(p);
            else grouped.computeIfAbsent(slots.register(t.getPredicate()), k -> new ArrayList<>()).add(p);
        }
        bySlot = new Pattern[grouped.keySet().stream().mapToInt(i -> i + 1).max().orElse(0)][];
        grouped.forEach((k, v) -> bySlot[k] = v.toArray(Pattern[]::new));
        anyPredicate = any.toArray(Pattern[]::new);
    }

    /** Whether {@code t}, whose predicate has slot {@code slot}, may be an instance of one of the patterns. */
    boolean matches(Triple t, Node process, int slot) {
        // slots registered after this set was built (and the shared "other" slot) hold none of its predicates
        Pattern[] candidates = slot < bySlot.length ? bySlot[slot] : null;
        if (candidates != null) for (Pattern p : candidates) if (p.matches(t, process)) return true;
        for (Pattern p : anyPredicate) if (p.matches(t, process)) return true;
        return false;
    }
}
