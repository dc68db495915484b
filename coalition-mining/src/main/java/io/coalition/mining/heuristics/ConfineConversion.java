package io.coalition.mining.heuristics;

import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Heuristics net to Petri net the way CONFINE builds it from the causal matrix (heuristicMiner.go,
 * causalMatrixtoPnml, read for its behaviour): transition ids are the activity names with spaces replaced by
 * '_'; a place {@code P0} feeds every activity without inputs; each input set and each output set of more than
 * one activity gets its own place; a singleton output set {x} of a gets a place a-&gt;x when x's input sets
 * contain {a}; every activity without outputs gets its own sink place. Places are numbered P1, P2, ... in the
 * order they are made (activities in name order; CONFINE's order follows Go map iteration, so its numbers
 * differ: compare nets up to place names). CONFINE writes no markings: the initial marking here is one token in
 * P0, the final marking one token in the sink place when there is exactly one, else empty.
 */
final class ConfineConversion {
    private ConfineConversion() {
    }

    static AcceptingPetriNet convert(HeuristicsNet hn) {
        MutableNet net = new MutableNet();
        int[] next = {0};
        List<String> sinks = new ArrayList<>();
        boolean source = false;
        for (HeuristicsNet.Node node : hn.nodes()) {
            String el = node.activity();
            String id = id(el);
            net.transition(id, el);
            List<String> ins = hn.inputs(el);
            if (ins.isEmpty()) {
                net.place("P0");
                net.arc("P0", id);
                source = true;
            } else {
                for (Set<String> s : hn.inputSets(el)) {
                    if (s.size() < 2) continue;
                    String p = "P" + (++next[0]);
                    net.place(p);
                    net.arc(p, id);
                    for (String k : s) {
                        net.transition(id(k), k);
                        net.arc(id(k), p);
                    }
                }
            }
            List<String> outs = hn.outputs(el);
            if (outs.isEmpty()) {
                String p = "P" + (++next[0]);
                net.place(p);
                net.arc(id, p);
                sinks.add(p);
                continue;
            }
            for (Set<String> s : hn.outputSets(el)) {
                if (s.size() > 1) {
                    String p = "P" + (++next[0]);
                    net.place(p);
                    net.arc(id, p);
                    for (String k : s) {
                        net.transition(id(k), k);
                        net.arc(p, id(k));
                    }
                } else {
                    String x = s.iterator().next();
                    if (hn.inputSets(x).contains(Set.of(el))) {
                        net.transition(id(x), x);
                        String p = "P" + (++next[0]);
                        net.place(p);
                        net.arc(id, p);
                        net.arc(p, id(x));
                    }
                }
            }
        }
        Marking initial = source ? Marking.of("P0") : Marking.EMPTY;
        Marking fin = sinks.size() == 1 ? Marking.of(sinks.get(0)) : Marking.EMPTY;
        return new AcceptingPetriNet(net.build("heuristics"), initial, fin);
    }

    static String id(String activity) {
        return activity.replace(" ", "_");
    }
}
