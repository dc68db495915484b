package io.coalition.mining.heuristics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A heuristics net: the activities kept, dependency edges with their measures, and for each activity the pairs
 * of its outputs (inputs) found concurrent by the AND measure, from which the split/join bindings follow.
 *
 * <p>Immutable and canonical: nodes by name, edges by (source, target), AND pairs by (first, second) with
 * {@code first < second}. Equal logs and parameters give equal nets.
 *
 * @param nodes           the activities of the net with their event counts
 * @param edges           dependency edges
 * @param startActivities start activities of the log with their counts (all of them, as pm4py keeps them)
 * @param endActivities   end activities of the log with their counts
 * @param parameters      the parameters the net was mined with
 */
public record HeuristicsNet(List<Node> nodes, List<Edge> edges, Map<String, Long> startActivities,
                            Map<String, Long> endActivities, HeuristicsParameters parameters) {

    /** An activity of the net; {@code andIn}/{@code andOut} list its concurrent input/output pairs. */
    public record Node(String activity, long count, List<AndPair> andIn, List<AndPair> andOut) {
        public Node {
            Objects.requireNonNull(activity, "activity");
            andIn = sorted(andIn);
            andOut = sorted(andOut);
        }

        private static List<AndPair> sorted(List<AndPair> l) {
            List<AndPair> r = new ArrayList<>(l);
            r.sort(Comparator.comparing(AndPair::first).thenComparing(AndPair::second));
            return List.copyOf(r);
        }
    }

    /**
     * A dependency edge.
     *
     * @param dependency    the dependency measure (0 for an edge added by a length-two loop, as pm4py does)
     * @param count         |source &gt; target|
     * @param lengthTwoLoop whether the edge was added by the length-two-loop step
     */
    public record Edge(String source, String target, double dependency, long count, boolean lengthTwoLoop) {
    }

    /** Two outputs (or inputs) of one activity whose AND measure says they are concurrent. */
    public record AndPair(String first, String second, double value) {
    }

    public HeuristicsNet {
        List<Node> ns = new ArrayList<>(nodes);
        ns.sort(Comparator.comparing(Node::activity));
        nodes = List.copyOf(ns);
        List<Edge> es = new ArrayList<>(edges);
        es.sort(Comparator.comparing(Edge::source).thenComparing(Edge::target));
        edges = List.copyOf(es);
        startActivities = java.util.Collections.unmodifiableMap(new TreeMap<>(startActivities));
        endActivities = java.util.Collections.unmodifiableMap(new TreeMap<>(endActivities));
        Objects.requireNonNull(parameters, "parameters");
    }

    public List<String> activities() {
        return nodes.stream().map(Node::activity).toList();
    }

    public Node node(String activity) {
        for (Node n : nodes) if (n.activity().equals(activity)) return n;
        return null;
    }

    /** Targets of the edges from {@code activity}, ascending. */
    public List<String> outputs(String activity) {
        List<String> r = new ArrayList<>();
        for (Edge e : edges) if (e.source().equals(activity)) r.add(e.target());
        return r;
    }

    /** Sources of the edges into {@code activity}, ascending. */
    public List<String> inputs(String activity) {
        List<String> r = new ArrayList<>();
        for (Edge e : edges) if (e.target().equals(activity)) r.add(e.source());
        r.sort(null);
        return r;
    }

    public Edge edge(String source, String target) {
        for (Edge e : edges) if (e.source().equals(source) && e.target().equals(target)) return e;
        return null;
    }

    /**
     * The output binding of {@code activity} as a causal matrix row: a conjunction of exclusive sets, each output
     * together with every other output it is not concurrent with (the CONFINE/causal-matrix reading).
     */
    public List<Set<String>> outputSets(String activity) {
        return sets(outputs(activity), node(activity).andOut());
    }

    /** The input binding of {@code activity}, read like {@link #outputSets}. */
    public List<Set<String>> inputSets(String activity) {
        return sets(inputs(activity), node(activity).andIn());
    }

    private static List<Set<String>> sets(List<String> members, List<AndPair> and) {
        Set<String> concurrent = new java.util.HashSet<>();
        for (AndPair p : and) {
            concurrent.add(p.first() + "\u0000" + p.second());
            concurrent.add(p.second() + "\u0000" + p.first());
        }
        LinkedHashSet<Set<String>> r = new LinkedHashSet<>();
        for (String d : members) {
            Set<String> s = new java.util.TreeSet<>();
            s.add(d);
            for (String o : members) {
                if (!o.equals(d) && !concurrent.contains(d + "\u0000" + o)) s.add(o);
            }
            r.add(java.util.Collections.unmodifiableSet(s));
        }
        return List.copyOf(r);
    }
}
