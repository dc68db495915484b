package io.coalition.mining.conformance;

import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;

/** Models pm4py produced, rebuilt by hand until the Inductive Miner lands. */
final class ReferenceNets {
    private ReferenceNets() {
    }

    /**
     * pm4py's IM tree for the running example ({@code inductive-miner-trees/activity_classifier/
     * 01_running-example-im.ptml}): ->(register request, *(->(+(check ticket, X(examine casually, examine
     * thoroughly)), decide), reinitiate request), X(pay compensation, reject request)), converted the way pm4py's
     * {@code to_petri_net} does (places p_N numbered as pm4py numbers them) followed by its simple reduction,
     * which removes init_loop (single entry after register request), tauJoin (single exit before decide) and the
     * loop-back tau (single entry after reinitiate request). What is left: tauSplit_5 and the loop exit skip_7.
     */
    static AcceptingPetriNet runningExampleIm() {
        PetriNet net = PetriNet.builder("running-example-im")
                .place("source").place("sink").place("p_4").place("p_5").place("p_6")
                .place("p_8").place("p_9").place("p_10").place("p_11")
                .transition("register request", "register request")
                .invisible("tauSplit_3")
                .transition("check ticket", "check ticket")
                .transition("examine casually", "examine casually")
                .transition("examine thoroughly", "examine thoroughly")
                .transition("decide", "decide")
                .transition("reinitiate request", "reinitiate request")
                .invisible("skip_5")
                .transition("pay compensation", "pay compensation")
                .transition("reject request", "reject request")
                .arc("source", "register request").arc("register request", "p_5")
                .arc("p_5", "tauSplit_3").arc("tauSplit_3", "p_8").arc("tauSplit_3", "p_10")
                .arc("p_8", "check ticket").arc("check ticket", "p_9")
                .arc("p_10", "examine casually").arc("examine casually", "p_11")
                .arc("p_10", "examine thoroughly").arc("examine thoroughly", "p_11")
                .arc("p_9", "decide").arc("p_11", "decide").arc("decide", "p_6")
                .arc("p_6", "reinitiate request").arc("reinitiate request", "p_5")
                .arc("p_6", "skip_5").arc("skip_5", "p_4")
                .arc("p_4", "pay compensation").arc("pay compensation", "sink")
                .arc("p_4", "reject request").arc("reject request", "sink")
                .build();
        return new AcceptingPetriNet(net, Marking.of("source"), Marking.of("sink"));
    }
}
