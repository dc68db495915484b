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
 * as soon as it closes, so sinks come first). pm4py's sequence cuts (2.0-2.2's layered cut, 1.x's DFG-based IM)
 * number the components in this order and their results can depend on it, so the order is part of the ports.
 */
final class NetworkxScc {
    private NetworkxScc() {
    }

    /** The successor map of a graph: {@code nodes} in order, then further edge ends; successors in edge order. */
    static <T> LinkedHashMap<T, List<T>> graph(Iterable<T> nodes, Iterable<Map.Entry<T, T>> edges) {
        LinkedHashMap<T, List<T>> succ = new LinkedHashMap<>();
        for (T n : nodes) succ.putIfAbsent(n, new ArrayList<>());
        for (Map.Entry<T, T> e : edges) {
            succ.putIfAbsent(e.getKey(), new ArrayList<>());
            succ.putIfAbsent(e.getValue(), new ArrayList<>());
            List<T> out = succ.get(e.getKey());
            if (!out.contains(e.getValue())) out.add(e.getValue());
        }
        return succ;
    }

    /** The components of {@code succ} (every successor must be a key), each in the order the walk collects it. */
    static <T> List<Set<T>> components(LinkedHashMap<T, List<T>> succ) {
        Map<T, Integer> preorder = new HashMap<>();
        Map<T, Integer> lowlink = new HashMap<>();
        Set<T> found = new HashSet<>();
        List<T> sccQueue = new ArrayList<>();
        Map<T, Integer> nextNeighbour = new HashMap<>();
        List<Set<T>> result = new ArrayList<>();
        int counter = 0;
        for (T source : succ.keySet()) {
            if (found.contains(source)) continue;
            List<T> queue = new ArrayList<>();
            queue.add(source);
            while (!queue.isEmpty()) {
                T v = queue.get(queue.size() - 1);
                if (!preorder.containsKey(v)) preorder.put(v, ++counter);
                List<T> ws = succ.get(v);
                int idx = nextNeighbour.getOrDefault(v, 0);
                boolean descended = false;
                while (idx < ws.size() && !descended) {
                    T w = ws.get(idx++);
                    if (!preorder.containsKey(w)) {
                        queue.add(w);
                        descended = true;
                    }
                }
                nextNeighbour.put(v, idx);
                if (descended) continue;
                int low = preorder.get(v);
                for (T w : ws) {
                    if (found.contains(w)) continue;
                    low = Math.min(low, preorder.get(w) > preorder.get(v) ? lowlink.get(w) : preorder.get(w));
                }
                lowlink.put(v, low);
                queue.remove(queue.size() - 1);
                if (low == preorder.get(v)) {
                    Set<T> scc = new LinkedHashSet<>();
                    scc.add(v);
                    while (!sccQueue.isEmpty() && preorder.get(sccQueue.get(sccQueue.size() - 1)) > preorder.get(v)) {
                        scc.add(sccQueue.remove(sccQueue.size() - 1));
                    }
                    found.addAll(scc);
                    result.add(scc);
                } else {
                    sccQueue.add(v);
                }
            }
        }
        return result;
    }
}
