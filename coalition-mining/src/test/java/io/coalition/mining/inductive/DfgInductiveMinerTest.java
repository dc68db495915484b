package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.PM4PY_IMDF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pm4py 1.x's DFG-based IM as of pm_extr_report.txt ({@link InductiveMiner.Variant#PM4PY_IMDF}), trees derived by hand. */
class DfgInductiveMinerTest {
    static String imdf(String log) {
        return InductiveMiner.mine(TestLogs.parse(log), 0, PM4PY_IMDF).toString();
    }

    @Test
    void sequenceThenParallelPartsTouchingTheBorder() {
        // SCCs {a}, {b, c}: two parts; b and c are bidirectionally connected and each is entered from a (an edge of
        // the reference DFG crossing the node's border)
        assertThat(imdf("<a,b,c>^2 <a,c,b>")).isEqualTo("->( 'a', +( 'b', 'c' ) )");
    }

    @Test
    void sortedComponentsWithTheSamePredecessorAreSeparatePartsAndSkippable() {
        // networkx yields {c} {b} {e} {d} {a}; swapping a component with a later predecessor sorts them to
        // a b d e c; e is connected to no later component, so it absorbs c; b and d stay parts of their own (a
        // longest-path layering would put them in one). a -> d jumps over {b}, b -> c over {d}: both skippable
        assertThat(imdf("<a,b,c> <a,d,e>")).isEqualTo("->( 'a', X( 'b', tau ), X( 'd', tau ), X( 'e', 'c' ) )");
    }

    @Test
    void partJumpedOverIsSkippableAndASingleActivityWithSelfLoopIsAFlower() {
        // parts {a} {b} {c}; a -> c jumps over {b}, so {b} gets a skip; {b} has only its self-loop: no cut, a
        // flower *( X( b ), tau ) (the report's version had no one-child-XOR fix yet)
        assertThat(imdf("<a,b,b,c>^2 <a,c>")).isEqualTo("->( 'a', X( *( X( 'b' ), tau ), tau ), 'c' )");
    }

    @Test
    void noEdgeIsABaseChoiceAndEmptyTracesWrapTheRoot() {
        assertThat(imdf("<a> <b>")).isEqualTo("X( 'a', 'b' )");
        assertThat(imdf("<a>^2 <>")).isEqualTo("X( 'a', tau )");
    }

    @Test
    void loopCutWithoutRedoPartLoopsBackThroughTheExitPart() {
        // a -> b -> c, c -> a: strongly connected; not parallel; start {a} (the log's), end {c}; b leads elsewhere
        // (do); nothing leads back to exactly {a} but the exit activity c, so the exit part is the redo part; no
        // activity is entered from outside or lacks a predecessor, so both parts are skippable
        assertThat(imdf("<a,b,c,a,b,c> <a,b,c>")).isEqualTo("*( X( ->( 'a', 'b' ), tau ), X( 'c', tau ) )");
    }

    @Test
    void noiseIsRejectedWithItsReason() {
        assertThatThrownBy(() -> InductiveMiner.mine(TestLogs.parse("<a>"), 0.2, PM4PY_IMDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PM4PY_IMDF (pm4py 1.x's DFG-based IM) has no noise threshold: noise must be 0, got 0.2");
    }
}
