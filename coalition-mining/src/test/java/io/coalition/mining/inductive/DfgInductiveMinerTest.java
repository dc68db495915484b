package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.PM4PY_IMDF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pm4py 1.x's DFG-based IM ({@link InductiveMiner.Variant#PM4PY_IMDF}), trees derived by hand from its rules. */
class DfgInductiveMinerTest {
    static String imdf(String log) {
        return InductiveMiner.mine(TestLogs.parse(log), 0, PM4PY_IMDF).toString();
    }

    @Test
    void sequenceOfLayersThenParallelPartWithStartsFromOutside() {
        // SCCs {a}, {b, c}: two layers; b and c are bidirectionally connected and each is entered from a (outside
        // the node), so each parallel part has a start and an end activity
        assertThat(imdf("<a,b,c>^2 <a,c,b>")).isEqualTo("->( 'a', +( 'b', 'c' ) )");
    }

    @Test
    void partJumpedOverIsSkippableAndASingleActivityFlowerBecomesTauDoLoop() {
        // layers {a} {b} {c}; a -> c jumps over {b}, so {b} gets a skip; {b} has only its self-loop: no cut, a
        // flower *( X( b ), tau ), whose one-child XOR pm4py's fix splices in last: *( tau, b )
        assertThat(imdf("<a,b,b,c>^2 <a,c>")).isEqualTo("->( 'a', X( *( tau, 'b' ), tau ), 'c' )");
    }

    @Test
    void noEdgeIsABaseChoiceAndEmptyTracesWrapTheRoot() {
        assertThat(imdf("<a> <b>")).isEqualTo("X( 'a', 'b' )");
        assertThat(imdf("<a>^2 <>")).isEqualTo("X( 'a', tau )");
    }

    @Test
    void loopCutWithRedoPartLeadingBackToTheStart() {
        // a -> b -> c, c -> a: strongly connected; not parallel; start {a}, end {c}; b leads elsewhere (do),
        // nothing leads back to exactly {a} except c, which is an end activity: exit part {c}; no redo, so a looped
        // sequence of the do part and the exit part, both skippable
        assertThat(imdf("<a,b,c,a,b,c> <a,b,c>"))
                .isEqualTo("*( ->( X( ->( 'a', 'b' ), tau ), X( 'c', tau ) ), tau )");
    }

    @Test
    void noiseIsRejectedWithItsReason() {
        assertThatThrownBy(() -> InductiveMiner.mine(TestLogs.parse("<a>"), 0.2, PM4PY_IMDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PM4PY_IMDF (pm4py 1.x's DFG-based IM) has no noise threshold: noise must be 0, got 0.2");
    }
}
