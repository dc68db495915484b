package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import io.coalition.mining.petri.WorkflowNets;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    // ---------------------------------------------------------------------------------------------------------
    // noise (pm4py 1.x's noiseThreshold, as the report's version of subtree.py runs it)

    /** ->( s, N ) with N = {z, c, d}: z -> c -> d -> d, and d -> z once (of s -> z, s -> d from outside). */
    private static final String FLOWER = "<s,z,c,d,d>^10 <s,d,z>";

    static DfgInductiveMiner.Traced traced(String log, double noise) {
        return DfgInductiveMiner.mineTraced(TestLogs.parse(log), noise);
    }

    @Test
    void withoutNoiseANodeWithoutCutIsAFlowerInActivityOrder() {
        // root: SCCs {s}, {z, c, d} -> sequence. N: connected, one SCC; parallel: the one-directional edges z->c,
        // c->d, d->z join all three; loop: starts = entered from outside {z, d}, no end (nothing leaves N, every
        // activity has a successor), c leads to d only, not to exactly {z, d}: do part only -> no cut, a flower
        DfgInductiveMiner.Traced t = traced(FLOWER, 0);
        assertThat(t.tree().toString()).isEqualTo("->( 's', *( X( 'z', 'c', 'd' ), tau ) )");
        assertThat(t.noisePasses()).isEmpty();
    }

    @Test
    void noisePassDropsTheInfrequentEdgeAndFindsASequenceThatPm4pyThenDiscards() {
        // N's second iteration: activities sorted (get_activities_from_dfg) c, d, z; largest edge count at each of
        // them 10, so every edge under max(10 x 0.2, 10 x 0.2) = 2 goes: d->z (1). On z->c, c->d, d->d the SCCs
        // {z} {c} {d} form a sequence - but detect_cut then sets "flower" anyway: the tree differs from noise 0
        // only in the order of the flower's choices. The discarded part {d} (self-loop only: no cut) ran its own
        // pass first
        DfgInductiveMiner.Traced t = traced(FLOWER, 0.2);
        assertThat(t.noisePasses()).containsExactly(
                new DfgInductiveMiner.NoisePass(2, List.of("d"), List.of(), "flower", List.of(), true),
                new DfgInductiveMiner.NoisePass(1, List.of("c", "d", "z"), List.of("d->z (1)"), "sequential",
                        List.of(List.of("z"), List.of("c"), List.of("d")), false));
        assertThat(t.tree().toString()).isEqualTo("->( 's', *( X( 'c', 'd', 'z' ), tau ) )");
        assertThat(t.tree().equalsUpToCommutativeOrder(traced(FLOWER, 0).tree())).isTrue();
        assertThat(InductiveMiner.mine(TestLogs.parse(FLOWER), 0.2, PM4PY_IMDF)).isEqualTo(t.tree());
    }

    @Test
    void anEdgeExactlyAtNoiseTimesTheLargestCountIsKept() {
        // d->z twice: 2 < max(10 x 0.2, 10 x 0.2) = 2.0 is false, so it stays and the cleaned DFG has no cut either
        String log = "<s,z,c,d,d>^10 <s,d,z>^2";
        assertThat(traced(log, 0.2).noisePasses()).containsExactly(new DfgInductiveMiner.NoisePass(1,
                List.of("c", "d", "z"), List.of(), "flower", List.of(), false));
        // a hair above, 2 < 2.1: dropped, and the cleaned DFG has the sequence cut
        assertThat(traced(log, 0.21).noisePasses()).last()
                .isEqualTo(new DfgInductiveMiner.NoisePass(1, List.of("c", "d", "z"), List.of("d->z (2)"),
                        "sequential", List.of(List.of("z"), List.of("c"), List.of("d")), false));
    }

    @Test
    void cleaningComparesWithTheLargerOfBothEndsThresholdsInDoubleArithmetic() {
        // largest count at a 10, b 10, c 5, d 5, e 2. a->d (1): max(10, 5) x 0.2 = 2 -> dropped (with min it
        // would be 1.0 and stay); a->e (2) exactly at max(10, 2) x 0.2 = 2.0 -> kept
        List<DfgInductiveMiner.Edge> dfg = List.of(new DfgInductiveMiner.Edge("a", "b", 10),
                new DfgInductiveMiner.Edge("c", "d", 5), new DfgInductiveMiner.Edge("a", "d", 1),
                new DfgInductiveMiner.Edge("a", "e", 2));
        assertThat(DfgInductiveMiner.cleanDfg(dfg, List.of("a", "b", "c", "d", "e"), 0.2))
                .containsExactly(dfg.get(0), dfg.get(1), dfg.get(3));
        // as in Python, 50 x 0.14 = 7.000000000000001: an edge counted 7 is below it (exactly, 7 would stay)
        List<DfgInductiveMiner.Edge> seven = List.of(new DfgInductiveMiner.Edge("a", "b", 50),
                new DfgInductiveMiner.Edge("a", "c", 7));
        assertThat(DfgInductiveMiner.cleanDfg(seven, List.of("a", "b", "c"), 0.14)).containsExactly(seven.get(0));
    }

    @Test
    void noiseLeavesNodesWithACutAndBaseCasesAlone() {
        // every node of L1 has a cut or is a single activity: no pass, the same tree
        assertThat(traced(TestLogs.L1, 0.9).noisePasses()).isEmpty();
        assertThat(traced(TestLogs.L1, 0.9).tree()).isEqualTo(traced(TestLogs.L1, 0).tree());
        assertThat(traced("<a> <b>", 0.5).tree().toString()).isEqualTo("X( 'a', 'b' )");
    }

    @Test
    void noisyNetsAreSound() {
        for (String log : List.of(FLOWER, "<s,z,c,d,d>^10 <s,d,z>^2", "<b,a,c,d,d>^10 <b,d,a>", TestLogs.L1,
                "<a,b,c,a,b,c> <a,b,c>")) {
            ProcessTree tree = InductiveMiner.mine(TestLogs.parse(log), 0.2, PM4PY_IMDF);
            assertThat(WorkflowNets.isSound(TreeToPetriNet.convertAsPm4py1(tree))).as(log).isTrue();
            assertThat(WorkflowNets.isSound(TreeToPetriNet.convert(tree))).as(log).isTrue();
        }
    }

    @Test
    void noiseOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> InductiveMiner.mine(TestLogs.parse("<a>"), 1.5, PM4PY_IMDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("noise must be in [0, 1]: 1.5");
    }
}
