package io.coalition.mining.petri;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Soundness of workflow nets (van der Aalst): one source place holding the single initial token, one sink place
 * holding the single final token, and on the reachability graph: option to complete (the final marking is
 * reachable from every reachable marking), proper completion (a marking with a token in the sink is the final
 * marking) and no dead transitions. The graph is explored up to a state limit, so an unbounded net or a huge
 * state space is reported as not decided.
 */
public final class WorkflowNets {
    /** The default bound on explored markings. */
    public static final int DEFAULT_STATE_LIMIT = 200_000;

    private WorkflowNets() {
    }

    /** The verdict: {@code sound}, or why not ({@code reason}); {@code states} markings were explored. */
    public record Soundness(boolean sound, String reason, int states) {
    }

    public static boolean isSound(AcceptingPetriNet net) {
        return check(net, DEFAULT_STATE_LIMIT).sound();
    }

    public static Soundness check(AcceptingPetriNet apn, int stateLimit) {
        PetriNet net = apn.net();
        Map<String, Integer> pIndex = new HashMap<>();
        for (PetriNet.Place p : net.places()) pIndex.put(p.id(), pIndex.size());
        int np = pIndex.size();
        int nt = net.transitions().size();
        Map<String, Integer> tIndex = new HashMap<>();
        for (PetriNet.Transition t : net.transitions()) tIndex.put(t.id(), tIndex.size());
        int[][] pre = new int[nt][np];
        int[][] post = new int[nt][np];
        int[] inArcs = new int[np];
        int[] outArcs = new int[np];
        for (PetriNet.Arc a : net.arcs()) {
            Integer p = pIndex.get(a.source());
            if (p != null) {
                pre[tIndex.get(a.target())][p] += a.weight();
                outArcs[p]++;
            } else {
                p = pIndex.get(a.target());
                post[tIndex.get(a.source())][p] += a.weight();
                inArcs[p]++;
            }
        }
        List<Integer> sources = new ArrayList<>();
        List<Integer> sinks = new ArrayList<>();
        for (int p = 0; p < np; p++) {
            if (inArcs[p] == 0) sources.add(p);
            if (outArcs[p] == 0) sinks.add(p);
        }
        if (sources.size() != 1) return new Soundness(false, "not a workflow net: " + sources.size() + " places without input", 0);
        if (sinks.size() != 1) return new Soundness(false, "not a workflow net: " + sinks.size() + " places without output", 0);
        int src = sources.get(0);
        int snk = sinks.get(0);
        int[] m0 = toArray(apn.initial(), pIndex, np);
        int[] mf = toArray(apn.fin(), pIndex, np);
        int[] expect0 = new int[np];
        expect0[src] = 1;
        int[] expectF = new int[np];
        expectF[snk] = 1;
        if (!Arrays.equals(m0, expect0)) return new Soundness(false, "the initial marking is not one token in the source place", 0);
        if (!Arrays.equals(mf, expectF)) return new Soundness(false, "the final marking is not one token in the sink place", 0);

        Map<Key, Integer> ids = new HashMap<>();
        List<int[]> states = new ArrayList<>();
        List<List<Integer>> preds = new ArrayList<>();
        boolean[] fired = new boolean[nt];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        ids.put(new Key(m0), 0);
        states.add(m0);
        preds.add(new ArrayList<>());
        queue.add(0);
        int finalId = -1;
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int[] m = states.get(s);
            if (m[snk] > 0) {
                if (!Arrays.equals(m, mf)) {
                    return new Soundness(false, "no proper completion: reachable marking " + show(m, net) + " marks the sink", states.size());
                }
                finalId = s;
            }
            for (int t = 0; t < nt; t++) {
                boolean en = true;
                for (int p = 0; p < np && en; p++) en = m[p] >= pre[t][p];
                if (!en) continue;
                fired[t] = true;
                int[] m2 = m.clone();
                for (int p = 0; p < np; p++) m2[p] += post[t][p] - pre[t][p];
                Key k = new Key(m2);
                Integer id = ids.get(k);
                if (id == null) {
                    if (states.size() >= stateLimit) {
                        return new Soundness(false, "not decided: more than " + stateLimit + " reachable markings (unbounded?)", states.size());
                    }
                    id = states.size();
                    ids.put(k, id);
                    states.add(m2);
                    preds.add(new ArrayList<>());
                    queue.add(id);
                }
                preds.get(id).add(s);
            }
        }
        for (int t = 0; t < nt; t++) {
            if (!fired[t]) return new Soundness(false, "dead transition " + net.transitions().get(t).id(), states.size());
        }
        if (finalId < 0) return new Soundness(false, "no option to complete: the final marking is unreachable", states.size());
        boolean[] back = new boolean[states.size()];
        back[finalId] = true;
        queue.add(finalId);
        while (!queue.isEmpty()) {
            for (int p : preds.get(queue.poll())) {
                if (!back[p]) {
                    back[p] = true;
                    queue.add(p);
                }
            }
        }
        for (int s = 0; s < back.length; s++) {
            if (!back[s]) {
                return new Soundness(false, "no option to complete from reachable marking " + show(states.get(s), net), states.size());
            }
        }
        return new Soundness(true, "sound", states.size());
    }

    private static int[] toArray(Marking m, Map<String, Integer> pIndex, int np) {
        int[] a = new int[np];
        m.tokens().forEach((p, n) -> a[pIndex.get(p)] = n);
        return a;
    }

    private static String show(int[] m, PetriNet net) {
        StringBuilder sb = new StringBuilder("[");
        for (int p = 0; p < m.length; p++) {
            if (m[p] == 0) continue;
            if (sb.length() > 1) sb.append(", ");
            sb.append(net.places().get(p).id());
            if (m[p] > 1) sb.append(':').append(m[p]);
        }
        return sb.append(']').toString();
    }

    private record Key(int[] m) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.m, m);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(m);
        }
    }
}
