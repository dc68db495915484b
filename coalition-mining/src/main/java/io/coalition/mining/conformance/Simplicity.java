package io.coalition.mining.conformance;

import io.coalition.mining.petri.PetriNet;

import java.util.HashMap;
import java.util.Map;

/**
 * pm4py's arc-degree simplicity (after Vázquez-Barreiros et al. 2015): 1 / (1 + max(mean arc degree - 2, 0)),
 * the arc degree of a node being its number of incoming plus outgoing arcs (weights ignored), over places and
 * transitions. 2 is the mean degree of a sequential model closed into a loop, hence the baseline.
 */
public final class Simplicity {
    private Simplicity() {
    }

    public static double of(PetriNet net) {
        Map<String, Integer> degree = new HashMap<>();
        for (PetriNet.Place p : net.places()) degree.put(p.id(), 0);
        for (PetriNet.Transition t : net.transitions()) degree.put(t.id(), 0);
        for (PetriNet.Arc a : net.arcs()) {
            degree.merge(a.source(), 1, Integer::sum);
            degree.merge(a.target(), 1, Integer::sum);
        }
        if (degree.isEmpty()) return 1.0;
        double mean = degree.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        return 1.0 / (1.0 + Math.max(mean - 2, 0));
    }
}
