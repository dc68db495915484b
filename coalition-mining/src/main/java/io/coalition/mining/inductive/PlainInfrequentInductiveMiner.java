package io.coalition.mining.inductive;

import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.ProcessTree.Operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pm4py 2.0-2.2's IMf ({@code variants/im_f}, {@code SubtreeInfrequent}), the counterpart of
 * {@link PlainInductiveMiner}. Unlike the plain IM it keeps every trace (counts matter). Per node: the plain cuts on
 * the node's DFG (with plain splits); if none, the DFG is filtered (an edge stays when its count is at least
 * {@code f} x the largest outgoing count of its source) and the cuts are tried again with the infrequent splits;
 * then the fall-throughs. Behaviours of that code kept because they decide the tree:
 * <ul>
 *   <li>after filtering, the XOR cut and the parallel cut's merge step still see the unfiltered edges (pm4py does
 *   not recompute its in/out maps), so filtering never yields a XOR cut;</li>
 *   <li>the loop cut groups the non start/end activities into connected components (not the plain IM's forward
 *   closure), takes start/end activities of the log for its first merge pass and the node's for the second;</li>
 *   <li>the infrequent loop split compares events with activity names and so never matches: the do part receives
 *   one empty trace per event plus one per trace, the redo parts nothing (the loop then carries no activity);</li>
 *   <li>the infrequent sequence split starts its least cost at the split position, not at 0;</li>
 *   <li>empty traces: X( tau, IM(rest) ) when at least {@code f} of the traces are empty, else they are dropped and
 *   the same node is cut again on its already filtered DFG;</li>
 *   <li>activity concurrent (shared with the plain IM) removes every tried activity from the node's activities, and
 *   its small log holds an extra empty trace for each trace without the activity.</li>
 * </ul>
 * Logs are multisets of traces merged by variant in order of first occurrence, which keeps every first-occurrence
 * order pm4py's dicts have.
 */
final class PlainInfrequentInductiveMiner {
    private final String[] names;
    private final double f;

    PlainInfrequentInductiveMiner(String[] names, double f) {
        this.names = names;
        this.f = f;
    }

    ProcessTree mine(List<int[]> traces, List<Long> counts) {
        WLog log = new WLog();
        for (int i = 0; i < traces.size(); i++) log.add(traces.get(i), counts.get(i));
        return rec(log, log.starts(), log.ends());
    }

    // ---------------------------------------------------------------------------------------------------------
    // weighted logs

    /** Traces with multiplicities, merged by variant at their first occurrence. */
    static final class WLog extends TraceMultiset {
        long size() {
            long n = 0;
            for (long c : counts) n += c;
            return n;
        }

        boolean isEmpty() {
            return traces.isEmpty();
        }

        long emptyCount() {
            long n = 0;
            for (int i = 0; i < traces.size(); i++) if (traces.get(i).length == 0) n += counts.get(i);
            return n;
        }

        LinkedHashMap<Integer, Long> activities() {
            LinkedHashMap<Integer, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < traces.size(); i++) for (int a : traces.get(i)) m.merge(a, counts.get(i), Long::sum);
            return m;
        }

        List<Integer> starts() {
            LinkedHashSet<Integer> s = new LinkedHashSet<>();
            for (int[] t : traces) if (t.length > 0) s.add(t[0]);
            return new ArrayList<>(s);
        }

        List<Integer> ends() {
            LinkedHashSet<Integer> s = new LinkedHashSet<>();
            for (int[] t : traces) if (t.length > 0) s.add(t[t.length - 1]);
            return new ArrayList<>(s);
        }

        /** Edge counts in order of first occurrence; key {@link PlainInductiveMiner.Dfg#key}. */
        LinkedHashMap<Long, Long> dfg() {
            LinkedHashMap<Long, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < traces.size(); i++) {
                int[] t = traces.get(i);
                for (int j = 1; j < t.length; j++) m.merge(PlainInductiveMiner.Dfg.key(t[j - 1], t[j]), counts.get(i), Long::sum);
            }
            return m;
        }

        WLog without(int a) {
            WLog out = new WLog();
            for (int i = 0; i < traces.size(); i++) out.add(Arrays.stream(traces.get(i)).filter(x -> x != a).toArray(), counts.get(i));
            return out;
        }

        WLog nonEmpty() {
            WLog out = new WLog();
            for (int i = 0; i < traces.size(); i++) if (traces.get(i).length > 0) out.add(traces.get(i), counts.get(i));
            return out;
        }
    }

    private static PlainInductiveMiner.Dfg toDfg(LinkedHashMap<Long, Long> w) {
        List<int[]> pairs = new ArrayList<>();
        for (long k : w.keySet()) pairs.add(new int[] {(int) (k >> 32), (int) k});
        return new PlainInductiveMiner.Dfg(pairs, true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // recursion

    /** One node's state: the log, its activities (shrunk by activity concurrent) and its DFG (shrunk by filtering). */
    private static final class Node {
        WLog log;
        final LinkedHashMap<Integer, Long> acts;
        LinkedHashMap<Long, Long> dfg;
        /** The unfiltered DFG: what pm4py's stale in/out maps still describe after filtering. */
        final PlainInductiveMiner.Dfg stale;
        final List<Integer> starts;
        final List<Integer> ends;

        Node(WLog log, List<Integer> starts, List<Integer> ends) {
            this.log = log;
            this.acts = log.activities();
            this.dfg = log.dfg();
            this.stale = toDfg(dfg);
            this.starts = starts;
            this.ends = ends;
        }
    }

    private record Cut(Operator op, List<List<Integer>> parts) {
    }

    private ProcessTree rec(WLog log, List<Integer> starts, List<Integer> ends) {
        return detect(new Node(log, starts, ends));
    }

    private ProcessTree detect(Node n) {
        WLog log = n.log;
        if (log.isEmpty()) return ProcessTree.tau();
        if (log.traces.get(0).length >= 1) {
            int first = log.traces.get(0)[0];
            boolean single = true;
            for (int[] t : log.traces) single &= t.length == 1 && t[0] == first;
            if (single) return ProcessTree.activity(names[first]);
        }
        Cut cut = findCut(log, n.acts.keySet(), toDfg(n.dfg), n.stale, log.starts(), log.ends(), n.starts, n.ends);
        if (cut != null) {
            return switch (cut.op()) {
                case XOR -> node(Operator.XOR, splitXor(cut.parts(), log));
                case SEQUENCE -> node(Operator.SEQUENCE, splitSequence(cut.parts(), log));
                case PARALLEL -> node(Operator.PARALLEL, splitParallel(cut.parts(), log));
                default -> loop(splitLoop(cut.parts(), log));
            };
        }
        n.dfg = filter(n.dfg);
        cut = findCut(log, n.acts.keySet(), toDfg(n.dfg), n.stale, log.starts(), log.ends(), n.starts, n.ends);
        if (cut != null) {
            return switch (cut.op()) {
                case XOR -> node(Operator.XOR, splitXorInfrequent(cut.parts(), log));
                case SEQUENCE -> node(Operator.SEQUENCE, splitSequenceInfrequent(cut.parts(), log));
                case PARALLEL -> node(Operator.PARALLEL, splitParallel(cut.parts(), log));
                default -> loop(splitLoopInfrequent(cut.parts(), log));
            };
        }
        return fallThrough(n);
    }

    private ProcessTree node(Operator op, List<WLog> logs) {
        List<ProcessTree> cs = new ArrayList<>();
        for (WLog l : logs) cs.add(rec(l, l.starts(), l.ends()));
        return ProcessTree.of(op, cs);
    }

    /** pm4py's tree form of a loop cut: *(do, redo), *(do, X(redo...)) from three parts on, padded with tau. */
    private ProcessTree loop(List<WLog> logs) {
        List<ProcessTree> cs = new ArrayList<>();
        for (WLog l : logs) cs.add(rec(l, l.starts(), l.ends()));
        if (cs.size() == 1) return ProcessTree.loop(cs.get(0), ProcessTree.tau());
        if (cs.size() == 2) return ProcessTree.loop(cs.get(0), cs.get(1));
        return ProcessTree.loop(cs.get(0), ProcessTree.of(Operator.XOR, cs.subList(1, cs.size())));
    }

    /** Edges whose count is at least f x the largest outgoing count of their source. */
    private LinkedHashMap<Long, Long> filter(LinkedHashMap<Long, Long> dfg) {
        Map<Integer, Long> maxOut = new HashMap<>();
        for (Map.Entry<Long, Long> e : dfg.entrySet()) maxOut.merge((int) (e.getKey() >> 32), e.getValue(), Math::max);
        LinkedHashMap<Long, Long> out = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> e : dfg.entrySet()) {
            double threshold = maxOut.get((int) (e.getKey() >> 32)) * f;
            if (e.getValue() >= threshold) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** pm4py's {@code check_cut_im_plain}: XOR (on the stale edges), sequence, parallel, loop; none with empty traces. */
    private static Cut findCut(WLog log, Set<Integer> acts, PlainInductiveMiner.Dfg dfg, PlainInductiveMiner.Dfg stale,
                               List<Integer> logStarts, List<Integer> logEnds, List<Integer> starts, List<Integer> ends) {
        if (log.emptyCount() > 0) return null;
        List<List<Integer>> c = PlainInductiveMiner.components(stale, acts);
        if (c.size() > 1) return new Cut(Operator.XOR, c);
        c = PlainInductiveMiner.layeredSequenceCut(dfg, acts, ends);
        if (c != null) return new Cut(Operator.SEQUENCE, c);
        c = PlainInductiveMiner.parallelCut(dfg, acts, starts, ends);
        if (c != null) return new Cut(Operator.PARALLEL, c);
        c = loopCut(dfg, acts, logStarts, logEnds, starts, ends);
        if (c != null) return new Cut(Operator.LOOP, c);
        return null;
    }

    private ProcessTree fallThrough(Node n) {
        long empty = n.log.emptyCount();
        if (empty > 0) {
            WLog rest = n.log.nonEmpty();
            if (empty >= n.log.size() * f) return ProcessTree.xor(ProcessTree.tau(), rec(rest, rest.starts(), rest.ends()));
            // too few empty traces: drop them and cut the same node again (its DFG stays filtered)
            n.log = rest;
            return detect(n);
        }
        WLog log = n.log;
        long traces = log.size();
        for (Map.Entry<Integer, Long> e : n.acts.entrySet()) {
            if (e.getValue() != traces) continue;
            int a = e.getKey();
            boolean all = true;
            for (int[] t : log.traces) all &= contains(t, a);
            if (all) {
                WLog rest = log.without(a);
                return ProcessTree.parallel(ProcessTree.activity(names[a]), rec(rest, rest.starts(), rest.ends()));
            }
        }
        for (int key : new ArrayList<>(n.acts.keySet())) {
            WLog test = log.without(key);
            if (test.emptyCount() > 0) continue;
            n.acts.remove(key);
            LinkedHashMap<Long, Long> tdfg = test.dfg();
            PlainInductiveMiner.Dfg d = toDfg(tdfg);
            if (findCut(test, n.acts.keySet(), d, d, test.starts(), test.ends(), n.starts, n.ends) != null) {
                WLog small = new WLog();
                for (int i = 0; i < log.traces.size(); i++) {
                    int[] only = Arrays.stream(log.traces.get(i)).filter(x -> x == key).toArray();
                    small.add(only, log.counts.get(i));
                    if (only.length == 0) small.add(only, log.counts.get(i));
                }
                return ProcessTree.parallel(rec(small, List.of(), List.of()), rec(test, test.starts(), test.ends()));
            }
        }
        WLog split = new WLog();
        boolean found = false;
        for (int i = 0; i < log.traces.size(); i++) {
            int[] t = log.traces.get(i);
            int x = 0;
            for (int j = 0; j + 1 < t.length; j++) {
                if (n.ends.contains(t[j]) && n.starts.contains(t[j + 1])) {
                    split.add(Arrays.copyOfRange(t, x, j + 1), log.counts.get(i));
                    x = j + 1;
                    found = true;
                }
            }
            split.add(Arrays.copyOfRange(t, x, t.length), log.counts.get(i));
        }
        if (found) return ProcessTree.loop(rec(split, split.starts(), split.ends()), ProcessTree.tau());
        split = new WLog();
        for (int i = 0; i < log.traces.size(); i++) {
            int[] t = log.traces.get(i);
            int x = 0;
            for (int j = 1; j < t.length; j++) {
                if (n.starts.contains(t[j])) {
                    split.add(Arrays.copyOfRange(t, x, j), log.counts.get(i));
                    x = j;
                    found = true;
                }
            }
            split.add(Arrays.copyOfRange(t, x, t.length), log.counts.get(i));
        }
        if (found) return ProcessTree.loop(rec(split, split.starts(), split.ends()), ProcessTree.tau());
        return PlainInductiveMiner.flower(n.acts.keySet(), names);
    }

    private static boolean contains(int[] t, int a) {
        for (int x : t) if (x == a) return true;
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // loop cut of im_f

    /**
     * pm4py's IMf {@code detect_loop}: do = start and end activities of the log, redo candidates = connected
     * components of the other activities without edges touching do; a candidate joins do when it reaches an end
     * (not start) activity or is reached from a start activity before the first start that is also an end (log's
     * start/end), or when only some of the node's end activities reach it or it reaches only some start activities.
     */
    static List<List<Integer>> loopCut(PlainInductiveMiner.Dfg dfg, Set<Integer> acts, List<Integer> logStarts,
                                       List<Integer> logEnds, List<Integer> starts, List<Integer> ends) {
        List<Integer> p1 = new ArrayList<>();
        for (int a : logStarts) if (!p1.contains(a)) p1.add(a);
        for (int a : logEnds) if (!p1.contains(a)) p1.add(a);
        List<int[]> inner = new ArrayList<>();
        for (int[] e : dfg.edges) if (!p1.contains(e[0]) && !p1.contains(e[1])) inner.add(e);
        Set<Integer> current = new LinkedHashSet<>();
        for (int a : acts) if (!p1.contains(a)) current.add(a);
        List<List<Integer>> p0 = new ArrayList<>();
        p0.add(p1);
        p0.addAll(PlainInductiveMiner.components(new PlainInductiveMiner.Dfg(inner, true), current));
        for (List<Integer> el : new ArrayList<>(p0)) {
            if (el == p0.get(0) || !p0.contains(el)) continue;
            boolean removed = false;
            for (int act : el) {
                for (int e : logEnds) {
                    if (!logStarts.contains(e) && dfg.has(act, e)) {
                        removed = true;
                        break;
                    }
                }
                if (!removed) {
                    for (int s : logStarts) {
                        if (logEnds.contains(s)) break;
                        if (dfg.has(s, act)) {
                            removed = true;
                            break;
                        }
                    }
                }
                if (removed) break;
            }
            if (removed) PlainInductiveMiner.mergeIntoDo(p0, el);
        }
        for (List<Integer> el : new ArrayList<>(p0)) {
            if (el == p0.get(0) || !p0.contains(el)) continue;
            boolean merge = false;
            for (int act : el) {
                for (int e : ends) {
                    if (dfg.has(e, act)) for (int e2 : ends) merge |= !dfg.has(e2, act);
                }
                for (int s : starts) {
                    if (dfg.has(act, s)) for (int s2 : starts) merge |= !dfg.has(act, s2);
                }
            }
            if (merge) PlainInductiveMiner.mergeIntoDo(p0, el);
        }
        return p0.size() > 1 ? p0 : null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // splits (no trace is dropped or merged away: counts carry over)

    private static boolean in(List<Integer> part, int a) {
        return part.contains(a);
    }

    private static List<WLog> splitXor(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            WLog l = new WLog();
            for (int i = 0; i < log.traces.size(); i++) {
                boolean fits = true;
                for (int a : log.traces.get(i)) fits &= in(c, a);
                if (fits) l.add(log.traces.get(i), log.counts.get(i));
            }
            out.add(l);
        }
        return out;
    }

    private static List<WLog> splitParallel(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            WLog l = new WLog();
            for (int i = 0; i < log.traces.size(); i++) {
                l.add(Arrays.stream(log.traces.get(i)).filter(c::contains).toArray(), log.counts.get(i));
            }
            out.add(l);
        }
        return out;
    }

    /** The plain split: per part, the first maximal run of its activities in each trace. */
    private static List<WLog> splitSequence(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            WLog l = new WLog();
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                int j = 0;
                while (j < t.length && !c.contains(t[j])) j++;
                int k = j;
                while (k < t.length && c.contains(t[k])) k++;
                l.add(Arrays.copyOfRange(t, j, k), log.counts.get(i));
            }
            out.add(l);
        }
        return out;
    }

    /** The plain split: every maximal run of a part's activities is a trace; parts without runs are dropped. */
    private static List<WLog> splitLoop(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            WLog l = new WLog();
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                int j = 0;
                while (j < t.length) {
                    if (c.contains(t[j])) {
                        int k = j;
                        while (k < t.length && c.contains(t[k])) k++;
                        l.add(Arrays.copyOfRange(t, j, k), log.counts.get(i));
                        j = k;
                    } else {
                        j++;
                    }
                }
            }
            if (!l.isEmpty()) out.add(l);
        }
        return out;
    }

    /** Each trace goes, restricted to it, to the part holding most of its events (the first such part on ties). */
    private static List<WLog> splitXorInfrequent(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        for (int p = 0; p < cut.size(); p++) out.add(new WLog());
        for (int i = 0; i < log.traces.size(); i++) {
            int[] t = log.traces.get(i);
            int best = 0;
            int bestCount = 0;
            for (int p = 0; p < cut.size(); p++) {
                int n = 0;
                for (int a : t) if (cut.get(p).contains(a)) n++;
                if (n > bestCount) {
                    bestCount = n;
                    best = p;
                }
            }
            List<Integer> c = cut.get(best);
            out.get(best).add(Arrays.stream(t).filter(c::contains).toArray(), log.counts.get(i));
        }
        return out;
    }

    /** pm4py's least-cost split points; events of earlier parts cost nothing, what follows the last point is dropped. */
    private static List<WLog> splitSequenceInfrequent(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        Set<Integer> ignore = new LinkedHashSet<>();
        int[] points = new int[log.traces.size()];
        for (int p = 0; p < cut.size(); p++) {
            if (p > 0) ignore.addAll(cut.get(p - 1));
            List<Integer> c = cut.get(p);
            WLog l = new WLog();
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                int next = splitPoint(t, c, points[i], ignore);
                int[] piece = Arrays.stream(Arrays.copyOfRange(t, points[i], Math.max(points[i], next)))
                        .filter(c::contains).toArray();
                l.add(piece, log.counts.get(i));
                points[i] = next;
            }
            out.add(l);
        }
        return out;
    }

    private static int splitPoint(int[] t, List<Integer> part, int start, Set<Integer> ignore) {
        boolean beforeFirst = false;
        // pm4py starts the least cost at the start position (an index), not at 0
        double least = start;
        int best = start;
        double cost = 0;
        for (int i = start; i < t.length; i++) {
            if (part.contains(t[i])) {
                cost -= 1;
            } else if (!ignore.contains(t[i])) {
                if (i == 0) beforeFirst = true;
                cost += 1;
            }
            if (cost <= least) {
                least = cost;
                best = i + 1;
            }
        }
        if (beforeFirst && best == 1) best = 0;
        return best;
    }

    /**
     * pm4py's {@code split_loop_infrequent} as it behaves: its membership test compares events with names and never
     * holds, so the do log gets an empty trace per event and per trace, and the redo logs stay empty.
     */
    private static List<WLog> splitLoopInfrequent(List<List<Integer>> cut, WLog log) {
        List<WLog> out = new ArrayList<>();
        for (int p = 0; p < cut.size(); p++) out.add(new WLog());
        long empties = 0;
        for (int i = 0; i < log.traces.size(); i++) empties += (log.traces.get(i).length + 1L) * log.counts.get(i);
        out.get(0).add(new int[0], empties);
        return out;
    }
}
