package io.coalition.mining.conformance;

import io.coalition.mining.MiningException;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlignmentsTest {
    static PetriNet sequence() {
        return PetriNet.builder("seq").place("source").place("p1").place("sink").place("dead")
                .transition("ta", "a").transition("tb", "b").invisible("skip")
                .arc("source", "ta").arc("ta", "p1").arc("p1", "tb").arc("tb", "sink")
                .arc("p1", "skip").arc("skip", "sink").build();
    }

    @Test
    void alignsWithLogMovesModelMovesAndSilentSkips() {
        AcceptingPetriNet net = new AcceptingPetriNet(sequence(), Marking.of("source"), Marking.of("sink"));
        assertThat(Alignments.alignTrace(net, List.of("a", "c")).moves())
                .hasToString("[(a, a), (c, >>), (>>, tau)]");
        assertThat(Alignments.alignTrace(net, List.of("b")).cost()).isEqualTo(Alignments.MOVE_COST);
        assertThat(Alignments.alignTrace(net, List.of("a", "b")).cost()).isZero();
    }

    @Test
    void unreachableFinalMarking_fails() {
        AcceptingPetriNet net = new AcceptingPetriNet(sequence(), Marking.of("source"), Marking.of("dead"));
        assertThatThrownBy(() -> Alignments.alignTrace(net, List.of("a")))
                .isInstanceOf(MiningException.class)
                .hasMessage("the final marking of net seq is not reachable: no alignment exists");
    }
}
