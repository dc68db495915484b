package io.coalition.mining.conformance;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

/**
 * pm4py's token-based generalization (Buijs, van Dongen, van der Aalst 2014): 1 - mean over all transitions of
 * 1/sqrt(times the transition fired in the token replay of the log), a transition that never fired counting 1.
 * Silent transitions count like visible ones, as in pm4py.
 */
public final class Generalization {
    private Generalization() {
    }

    public static double of(IndexedLog log, AcceptingPetriNet model) {
        CompiledNet net = new CompiledNet(model);
        return of(net, TokenReplay.replay(log, net));
    }

    /** From an existing replay of the log on the same model (saves replaying twice). */
    public static double of(AcceptingPetriNet model, TokenReplay.Result replay) {
        return of(new CompiledNet(model), replay);
    }

    static double of(CompiledNet net, TokenReplay.Result replay) {
        if (net.transitions == 0) return 1.0;
        long[] occ = new long[net.transitions];
        for (TokenReplay.VariantResult v : replay.variants()) {
            for (int t : v.result().fired()) occ[t] += v.count();
        }
        double sum = 0;
        for (long o : occ) sum += o == 0 ? 1.0 : 1.0 / Math.sqrt(o);
        return 1.0 - sum / net.transitions;
    }
}
