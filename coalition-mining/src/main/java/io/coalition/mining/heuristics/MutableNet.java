package io.coalition.mining.heuristics;

import io.coalition.mining.petri.PetriNet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Petri net under construction with removals, iterating in insertion order (deterministic conversions). */
final class MutableNet {
    final Set<String> places = new LinkedHashSet<>();
    final Map<String, String> transitions = new LinkedHashMap<>();
    final Map<String, Set<String>> post = new LinkedHashMap<>();
    final Map<String, Set<String>> pre = new LinkedHashMap<>();

    void place(String id) {
        if (places.add(id)) {
            post.put(id, new LinkedHashSet<>());
            pre.put(id, new LinkedHashSet<>());
        }
    }

    void transition(String id, String label) {
        if (!transitions.containsKey(id)) {
            transitions.put(id, label);
            post.put(id, new LinkedHashSet<>());
            pre.put(id, new LinkedHashSet<>());
        }
    }

    void arc(String from, String to) {
        post.get(from).add(to);
        pre.get(to).add(from);
    }

    void remove(String node) {
        for (String s : pre.get(node)) post.get(s).remove(node);
        for (String t : post.get(node)) pre.get(t).remove(node);
        pre.remove(node);
        post.remove(node);
        places.remove(node);
        transitions.remove(node);
    }

    boolean isInvisible(String t) {
        return transitions.containsKey(t) && transitions.get(t) == null;
    }

    List<String> invisibleTransitions() {
        List<String> r = new ArrayList<>();
        for (Map.Entry<String, String> e : transitions.entrySet()) if (e.getValue() == null) r.add(e.getKey());
        return r;
    }

    PetriNet build(String name) {
        PetriNet.Builder b = PetriNet.builder(name);
        for (String p : places) b.place(p);
        for (Map.Entry<String, String> e : transitions.entrySet()) b.transition(e.getKey(), e.getValue());
        for (Map.Entry<String, Set<String>> e : post.entrySet()) {
            for (String t : e.getValue()) b.arc(e.getKey(), t);
        }
        return b.build();
    }
}
