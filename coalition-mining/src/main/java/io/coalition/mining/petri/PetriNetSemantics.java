package io.coalition.mining.petri;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Firing semantics of a {@link PetriNet}: which transitions a marking enables, and the marking after firing. */
public final class PetriNetSemantics {
    private final PetriNet net;
    private final Map<String, Map<String, Integer>> consumed = new HashMap<>();
    private final Map<String, Map<String, Integer>> produced = new HashMap<>();

    private PetriNetSemantics(PetriNet net) {
        this.net = net;
        for (PetriNet.Transition t : net.transitions()) {
            consumed.put(t.id(), new LinkedHashMap<>());
            produced.put(t.id(), new LinkedHashMap<>());
        }
        for (PetriNet.Arc a : net.arcs()) {
            if (consumed.containsKey(a.target())) consumed.get(a.target()).put(a.source(), a.weight());
            else produced.get(a.source()).put(a.target(), a.weight());
        }
    }

    public static PetriNetSemantics of(PetriNet net) {
        return new PetriNetSemantics(net);
    }

    private Map<String, Integer> in(String transition) {
        Map<String, Integer> m = consumed.get(transition);
        if (m == null) throw new IllegalArgumentException("no transition '" + transition + "' in net " + net.name());
        return m;
    }

    /** Whether transition {@code transitionId} is enabled in {@code m}. */
    public boolean isEnabled(String transitionId, Marking m) {
        for (Map.Entry<String, Integer> e : in(transitionId).entrySet()) {
            if (m.get(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    /** The transitions enabled in {@code m}, in id order. */
    public List<PetriNet.Transition> enabled(Marking m) {
        List<PetriNet.Transition> r = new ArrayList<>();
        for (PetriNet.Transition t : net.transitions()) if (isEnabled(t.id(), m)) r.add(t);
        return r;
    }

    /** The marking after firing {@code transitionId} in {@code m}; throws when it is not enabled. */
    public Marking fire(String transitionId, Marking m) {
        if (!isEnabled(transitionId, m)) {
            throw new IllegalStateException("transition '" + transitionId + "' is not enabled in " + m);
        }
        TreeMap<String, Integer> tokens = new TreeMap<>(m.tokens());
        for (Map.Entry<String, Integer> e : in(transitionId).entrySet()) tokens.merge(e.getKey(), -e.getValue(), Integer::sum);
        for (Map.Entry<String, Integer> e : produced.get(transitionId).entrySet()) tokens.merge(e.getKey(), e.getValue(), Integer::sum);
        return new Marking(tokens);
    }
}
