package io.coalition.mining.conformance;

import io.coalition.mining.MiningException;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An accepting Petri net compiled to ints: places and transitions by index (id order, as {@link PetriNet} keeps
 * them), presets/postsets as index arrays with weights, markings as {@code int[]}. All conformance code runs on
 * this form so the hot loops touch no strings or maps.
 */
final class CompiledNet {
    final AcceptingPetriNet model;
    final int places;
    final int transitions;
    final String[] placeIds;
    /** Place indices in ascending id order: pm4py's replay sorts places by name before it pairs them. */
    final int[] placesByName;
    final String[] transitionIds;
    /** Label per transition, {@code null} for silent ones. */
    final String[] labels;
    final int[][] pre;
    final int[][] preW;
    final int[][] post;
    final int[][] postW;
    /** Transitions consuming from each place, so enabledness after a firing can be checked locally. */
    final int[][] consumers;
    final int[] initial;
    final int[] fin;
    /** Transitions per label, id order. */
    final Map<String, int[]> byLabel;
    /** Distinct labels in ascending order, their ids, and each transition's label id (-1 for silent ones). */
    final String[] labelNames;
    final Map<String, Integer> labelIds;
    final int[] labelOf;
    /** Tokens each transition consumes and produces in total. */
    private final int[] consumed;
    private final int[] produced;
    /**
     * pm4py's {@code places_shortest_path_by_hidden}: for place p and place q, the shortest sequence of silent
     * transitions leading from p to q (each next transition consumes from a place the previous one produces).
     * {@code null} when there is none.
     */
    private int[][][] hiddenPaths;

    CompiledNet(AcceptingPetriNet model) {
        this.model = model;
        PetriNet net = model.net();
        places = net.places().size();
        transitions = net.transitions().size();
        placeIds = new String[places];
        transitionIds = new String[transitions];
        labels = new String[transitions];
        Map<String, Integer> pIdx = new HashMap<>();
        Map<String, Integer> tIdx = new HashMap<>();
        for (int i = 0; i < places; i++) {
            placeIds[i] = net.places().get(i).id();
            pIdx.put(placeIds[i], i);
        }
        placesByName = java.util.stream.IntStream.range(0, places).boxed()
                .sorted((a, b) -> placeIds[a].compareTo(placeIds[b])).mapToInt(Integer::intValue).toArray();
        Map<String, List<Integer>> lab = new HashMap<>();
        for (int i = 0; i < transitions; i++) {
            PetriNet.Transition t = net.transitions().get(i);
            transitionIds[i] = t.id();
            labels[i] = t.label();
            tIdx.put(t.id(), i);
            if (t.label() != null) lab.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(i);
        }
        List<List<int[]>> in = new ArrayList<>();
        List<List<int[]>> out = new ArrayList<>();
        for (int i = 0; i < transitions; i++) {
            in.add(new ArrayList<>());
            out.add(new ArrayList<>());
        }
        for (PetriNet.Arc a : net.arcs()) {
            Integer t = tIdx.get(a.target());
            if (t != null) in.get(t).add(new int[] {pIdx.get(a.source()), a.weight()});
            else out.get(tIdx.get(a.source())).add(new int[] {pIdx.get(a.target()), a.weight()});
        }
        pre = new int[transitions][];
        preW = new int[transitions][];
        post = new int[transitions][];
        postW = new int[transitions][];
        List<List<Integer>> cons = new ArrayList<>();
        for (int p = 0; p < places; p++) cons.add(new ArrayList<>());
        for (int t = 0; t < transitions; t++) {
            pre[t] = in.get(t).stream().mapToInt(x -> x[0]).toArray();
            preW[t] = in.get(t).stream().mapToInt(x -> x[1]).toArray();
            post[t] = out.get(t).stream().mapToInt(x -> x[0]).toArray();
            postW[t] = out.get(t).stream().mapToInt(x -> x[1]).toArray();
            for (int p : pre[t]) cons.get(p).add(t);
        }
        consumers = new int[places][];
        for (int p = 0; p < places; p++) consumers[p] = cons.get(p).stream().mapToInt(Integer::intValue).toArray();
        initial = new int[places];
        fin = new int[places];
        model.initial().tokens().forEach((p, n) -> initial[pIdx.get(p)] = n);
        model.fin().tokens().forEach((p, n) -> fin[pIdx.get(p)] = n);
        byLabel = new HashMap<>();
        lab.forEach((k, v) -> byLabel.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        labelNames = byLabel.keySet().stream().sorted().toArray(String[]::new);
        labelIds = new HashMap<>();
        for (int i = 0; i < labelNames.length; i++) labelIds.put(labelNames[i], i);
        labelOf = new int[transitions];
        consumed = new int[transitions];
        produced = new int[transitions];
        for (int t = 0; t < transitions; t++) {
            labelOf[t] = labels[t] == null ? -1 : labelIds.get(labels[t]);
            consumed[t] = Arrays.stream(preW[t]).sum();
            produced[t] = Arrays.stream(postW[t]).sum();
        }
        if (model.fin().isEmpty()) {
            throw new MiningException("conformance checking needs a final marking; net " + net.name() + " has none");
        }
    }

    boolean enabled(int t, int[] m) {
        int[] p = pre[t];
        int[] w = preW[t];
        for (int i = 0; i < p.length; i++) if (m[p[i]] < w[i]) return false;
        return true;
    }

    /** Fires {@code t} in place (tokens may go negative only if the caller added missing ones first). */
    void fire(int t, int[] m) {
        int[] p = pre[t];
        int[] w = preW[t];
        for (int i = 0; i < p.length; i++) m[p[i]] -= w[i];
        p = post[t];
        w = postW[t];
        for (int i = 0; i < p.length; i++) m[p[i]] += w[i];
    }

    int consumedBy(int t) {
        return consumed[t];
    }

    int producedBy(int t) {
        return produced[t];
    }

    boolean isSilent(int t) {
        return labels[t] == null;
    }

    /** See {@link #hiddenPaths}; computed on first use by a breadth-first search from every place. */
    int[] hiddenPath(int from, int to) {
        if (hiddenPaths == null) hiddenPaths = computeHiddenPaths();
        return hiddenPaths[from][to];
    }

    private int[][][] computeHiddenPaths() {
        int[][][] r = new int[places][places][];
        for (int s = 0; s < places; s++) {
            int[][] paths = r[s];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            int[][] expand = new int[places][];
            expand[s] = new int[0];
            queue.add(s);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int[] path = expand[p];
                for (int t : consumers[p]) {
                    if (!isSilent(t)) continue;
                    for (int q : post[t]) {
                        if (paths[q] != null) continue;
                        int[] np = Arrays.copyOf(path, path.length + 1);
                        np[path.length] = t;
                        paths[q] = np;
                        if (expand[q] == null) {
                            expand[q] = np;
                            queue.add(q);
                        }
                    }
                }
            }
        }
        return r;
    }

    /**
     * The visible transitions enabled in {@code m} or after silent transitions, computed as pm4py 2.7's
     * {@code get_visible_transitions_eventually_enabled_by_marking} does it, step by step: a work list of
     * enabled transitions (sorted by name), each with the marking it was found enabled in, kept in a dictionary
     * per transition; a silent transition is fired in the marking the dictionary holds for it <em>when it is
     * visited</em>, and appends the transitions enabled afterwards, overwriting their dictionary entries. So a
     * silent transition found enabled in two markings is only tried in the later one, and visible transitions
     * reachable only through the earlier one are missed (pm4py-timings.md's ETC values on receipt, helpdesk and
     * BPIC 2013 need exactly this, with pm4py's transition names). {@code (transition, marking)} pairs are
     * visited once; at most {@code limit} of them.
     */
    boolean[] visibleEventuallyEnabled(int[] m, int limit) {
        boolean[] r = new boolean[transitions];
        List<Integer> work = new ArrayList<>();
        int[][] dictio = new int[transitions][];
        for (int t : enabledByName(m)) {
            work.add(t);
            dictio[t] = m;
        }
        java.util.HashSet<List<Object>> visited = new java.util.HashSet<>();
        for (int i = 0; i < work.size() && visited.size() <= limit; i++) {
            int t = work.get(i);
            int[] mk = dictio[t];
            if (!visited.add(List.of(t, new MarkingKey(mk)))) continue;
            if (!isSilent(t)) {
                r[t] = true;
            } else if (enabled(t, mk)) {
                int[] next = mk.clone();
                fire(t, next);
                for (int t2 : enabledByName(next)) {
                    work.add(t2);
                    dictio[t2] = next;
                }
            }
        }
        return r;
    }

    /** Transitions enabled in {@code m}, ordered by id (pm4py sorts by {@code str(name)}). */
    private int[] enabledByName(int[] m) {
        List<Integer> en = new ArrayList<>();
        for (int t = 0; t < transitions; t++) if (enabled(t, m)) en.add(t);
        en.sort((a, b) -> transitionIds[a].compareTo(transitionIds[b]));
        return en.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An {@code int[]} marking as a hash key. */
    record MarkingKey(int[] m) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MarkingKey k && Arrays.equals(m, k.m);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(m);
        }
    }
}
