package io.coalition.mining.inductive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strongly connected components in the order networkx 2.x's {@code strongly_connected_components} yields them
 * (its non-recursive Tarjan/Nuutila walk: sources in node order, successors in edge insertion order, a component
 * as soon as it closes, so sinks come first). pm4py 2.0-2.2's sequence cut layers the components by this index,
 * and the layering can depend on it, so the order is part of the port.
 */
final class NetworkxScc {
    private NetworkxScc() {
    }

    /** Nodes: {@code nodes} in order, then any further edge ends in edge order; edges in the given order. */
    static List<List<Integer>> components(Iterable<Integer> nodes, List<int[]> edges) {
        LinkedHashMap<Integer, List<Integer>> succ = new LinkedHashMap<>();
        for (int n : nodes) succ.putIfAbsent(n, new ArrayList<>());
        for (int[] e : edges) {
            succ.putIfAbsent(e[0], new ArrayList<>());
            succ.putIfAbsent(e[1], new ArrayList<>());
            List<Integer> out = succ.get(e[0]);
            if (!out.contains(e[1])) out.add(e[1]);
        }
        Map<Integer, Integer> preorder = new HashMap<>();
        Map<Integer, Integer> lowlink = new HashMap<>();
        Set<Integer> found = new HashSet<>();
        List<Integer> sccQueue = new ArrayList<>();
        Map<Integer, Integer> nextNeighbour = new HashMap<>();
        List<List<Integer>> result = new ArrayList<>();
        int counter = 0;
        for (int source : succ.keySet()) {
            if (found.contains(source)) continue;
            List<Integer> queue = new ArrayList<>();
            queue.add(source);
            while (!queue.isEmpty()) {
                int v = queue.get(queue.size() - 1);
                if (!preorder.containsKey(v)) preorder.put(v, ++counter);
                boolean done = true;
                List<Integer> ws = succ.get(v);
                int idx = nextNeighbour.getOrDefault(v, 0);
                while (idx < ws.size()) {
                    int w = ws.get(idx++);
                    if (!preorder.containsKey(w)) {
                        queue.add(w);
                        done = false;
                        break;
                    }
                }
                nextNeighbour.put(v, idx);
                if (!done) continue;
                int low = preorder.get(v);
                for (int w : ws) {
                    if (found.contains(w)) continue;
                    low = Math.min(low, preorder.get(w) > preorder.get(v) ? lowlink.get(w) : preorder.get(w));
                }
                lowlink.put(v, low);
                queue.remove(queue.size() - 1);
                if (low == preorder.get(v)) {
                    LinkedHashSet<Integer> scc = new LinkedHashSet<>();
                    scc.add(v);
                    while (!sccQueue.isEmpty() && preorder.get(sccQueue.get(sccQueue.size() - 1)) > preorder.get(v)) {
                        scc.add(sccQueue.remove(sccQueue.size() - 1));
                    }
                    found.addAll(scc);
                    result.add(new ArrayList<>(scc));
                } else {
                    sccQueue.add(v);
                }
            }
        }
        return result;
    }
}
