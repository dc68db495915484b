package io.coalition.mining.conformance;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.BitSet;

/**
 * ETConformance precision (Munoz-Gama and Carmona) as pm4py computes it. Every proper prefix of every trace is a
 * state of the prefix automaton; the model's activated labels in that state are the visible transitions enabled,
 * directly or after silent ones, in the marking the prefix leads to; escaping edges are the activated labels no
 * trace continues the prefix with. Precision = 1 - sum(escaping) / sum(activated), both weighted by how many
 * traces share the prefix, plus pm4py's "empty prefix" term (labels enabled initially vs. start activities,
 * weighted by the number of traces). 1.0 when nothing is activated.
 */
public final class Precision {
    private Precision() {
    }

    /**
     * What pm4py was given, which decides the weight of its empty-prefix term {@code len(log) * |activated|}:
     * {@code len} of an {@code EventLog} is its number of traces, {@code len} of a pandas DataFrame (what
     * {@code pm4py.read_xes} returns since pm4py 2.3) its number of events. pm4py 2.7's precision keeps a DataFrame
     * as it is, so its figures (e.g. pm4py-timings.md's 0.829060 on the running example, 20 escaping of 117
     * activated: 42 events, not 6 traces, times the one initially enabled label) weigh the empty prefix by events.
     */
    public enum Pm4pyInput {
        /** {@code len(log)} = traces (pm4py's intent; pm4py given an {@code EventLog}). */
        EVENT_LOG,
        /** {@code len(log)} = events (pm4py 2.3+ given a DataFrame, e.g. from {@code pm4py.read_xes}). */
        DATA_FRAME,
        /**
         * pm4py 1.x given an {@code EventLog} (e.g. {@code pm_extr_report.txt}): its token-based ETC had no
         * empty-prefix term at all. Token-based only.
         */
        PM4PY_1
    }

    /** pm4py's {@code precision_evaluator} with the ETCONFORMANCE_TOKEN variant, given an {@code EventLog}. */
    public static double tokenBased(IndexedLog log, AcceptingPetriNet model) {
        return tokenBased(log, new CompiledNet(model));
    }

    /** pm4py's {@code precision_evaluator} with the ETCONFORMANCE_TOKEN variant, given {@code input}. */
    public static double tokenBased(IndexedLog log, AcceptingPetriNet model, Pm4pyInput input) {
        return tokenBased(log, new CompiledNet(model), input != Pm4pyInput.PM4PY_1, input);
    }

    static double tokenBased(IndexedLog log, CompiledNet net) {
        return tokenBased(log, net, true);
    }

    static double tokenBased(IndexedLog log, CompiledNet net, boolean withEmptyPrefix) {
        return tokenBased(log, net, withEmptyPrefix, Pm4pyInput.EVENT_LOG);
    }

    /**
     * {@code withEmptyPrefix = false} leaves out the empty-prefix term, as pm4py did before it added it (the
     * version that wrote {@code pm_extr_report.txt}).
     *
     * <p>pm4py replays every prefix from the initial marking; prefix replay is deterministic event by event, so
     * here each prefix-tree node continues its parent's replay by one event (and a prefix that misses a token
     * makes all its extensions miss it too).
     */
    static double tokenBased(IndexedLog log, CompiledNet net, boolean withEmptyPrefix, Pm4pyInput input) {
        PrefixTree tree = PrefixTree.of(log);
        ActivatedLabels activated = new ActivatedLabels(net);
        int[] observedLabel = observedLabels(log, net);
        long[] sums = withEmptyPrefix ? initialTerm(tree, net, activated, observedLabel, lenLog(log, input)) : new long[2];
        TokenReplay replayer = TokenReplay.prefixReplayer(net);
        MarkingTable markings = new MarkingTable(net.places);
        int[] reached = new int[tree.size]; // marking id after the prefix, -1 once a token was missing
        reached[0] = markings.intern(net.initial);
        for (int node = 1; node < tree.size; node++) { // parents come before their children
            int from = reached[tree.parent[node]];
            if (from < 0) {
                reached[node] = -1;
                continue;
            }
            int[] m = replayer.prefixStep(markings.get(from), log.activity(tree.activity[node]));
            reached[node] = m == null ? -1 : markings.intern(m);
            if (m != null && tree.isState(node)) addState(tree, node, activated.of(m), observedLabel, sums);
        }
        return sums[0] > 0 ? 1.0 - (double) sums[1] / sums[0] : 1.0;
    }

    /** pm4py's {@code precision_evaluator} with the ALIGN_ETCONFORMANCE variant, given an {@code EventLog}. */
    public static double alignmentBased(IndexedLog log, AcceptingPetriNet model) {
        return alignmentBased(log, new CompiledNet(model));
    }

    /** pm4py's {@code precision_evaluator} with the ALIGN_ETCONFORMANCE variant, given {@code input}. */
    public static double alignmentBased(IndexedLog log, AcceptingPetriNet model, Pm4pyInput input) {
        return alignmentBased(log, new CompiledNet(model), input);
    }

    static double alignmentBased(IndexedLog log, CompiledNet net) {
        return alignmentBased(log, net, Pm4pyInput.EVENT_LOG);
    }

    /** The optimal prefix alignments of all prefixes come from one search over the prefix tree. */
    static double alignmentBased(IndexedLog log, CompiledNet net, Pm4pyInput input) {
        if (input == Pm4pyInput.PM4PY_1) {
            throw new IllegalArgumentException("alignment-based ETC precision has no pm4py 1.x form: use token-based");
        }
        PrefixTree tree = PrefixTree.of(log);
        ActivatedLabels activated = new ActivatedLabels(net);
        int[] observedLabel = observedLabels(log, net);
        long[] sums = initialTerm(tree, net, activated, observedLabel, lenLog(log, input));
        PrefixAlignments prefixes = new PrefixAlignments(net, tree, log);
        for (int node = 1; node < tree.size; node++) {
            if (!tree.isState(node) || prefixes.stopMarkings[node] == null) continue; // unfit prefix
            BitSet labels = new BitSet();
            for (int m : prefixes.stopMarkings[node]) labels.or(activated.of(prefixes.marking(m)));
            addState(tree, node, labels, observedLabel, sums);
        }
        return sums[0] > 0 ? 1.0 - (double) sums[1] / sums[0] : 1.0;
    }

    /** Per log activity, the id of the net label with its name, or -1. */
    private static int[] observedLabels(IndexedLog log, CompiledNet net) {
        int[] r = new int[log.activityCount()];
        for (int a = 0; a < r.length; a++) r[a] = net.labelIds.getOrDefault(log.activity(a), -1);
        return r;
    }

    /** pm4py's {@code len(log)}: traces of an EventLog, rows (events) of a DataFrame. */
    private static long lenLog(IndexedLog log, Pm4pyInput input) {
        return input == Pm4pyInput.DATA_FRAME ? log.eventCount() : log.traceCount();
    }

    /** pm4py's fix "also the empty prefix should be counted", weighted by {@code len(log)}. Returns {activated, escaping}. */
    private static long[] initialTerm(PrefixTree tree, CompiledNet net, ActivatedLabels activated,
                                      int[] observedLabel, long lenLog) {
        BitSet initial = activated.of(net.initial);
        BitSet escaping = escaping(tree, 0, initial, observedLabel);
        return new long[] {lenLog * initial.cardinality(), lenLog * escaping.cardinality()};
    }

    /** Adds a prefix state: activated labels, weighted by the traces that continue the prefix, and escaping ones. */
    private static void addState(PrefixTree tree, int node, BitSet activated, int[] observedLabel, long[] sums) {
        long count = tree.continuing(node);
        sums[0] += activated.cardinality() * count;
        sums[1] += escaping(tree, node, activated, observedLabel).cardinality() * count;
    }

    /** The activated labels no trace continues the prefix of {@code node} with. */
    private static BitSet escaping(PrefixTree tree, int node, BitSet activated, int[] observedLabel) {
        BitSet escaping = (BitSet) activated.clone();
        for (int c : tree.children[node]) {
            int label = observedLabel[tree.activity[c]];
            if (label >= 0) escaping.clear(label);
        }
        return escaping;
    }
}
