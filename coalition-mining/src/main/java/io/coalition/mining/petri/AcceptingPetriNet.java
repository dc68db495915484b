package io.coalition.mining.petri;

import java.util.Objects;

/**
 * A Petri net with an initial and a final marking, the form discovery algorithms return and PNML stores.
 *
 * @param net     the net
 * @param initial the initial marking (places of {@code net})
 * @param fin     the final marking (places of {@code net}); may be empty when unknown
 */
public record AcceptingPetriNet(PetriNet net, Marking initial, Marking fin) {
    public AcceptingPetriNet {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(fin, "fin");
        for (String p : initial.tokens().keySet()) {
            if (net.place(p) == null) throw new IllegalArgumentException("initial marking names unknown place " + p);
        }
        for (String p : fin.tokens().keySet()) {
            if (net.place(p) == null) throw new IllegalArgumentException("final marking names unknown place " + p);
        }
    }
}
