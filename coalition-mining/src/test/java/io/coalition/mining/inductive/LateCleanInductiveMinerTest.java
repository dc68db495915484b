package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN;
import static io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN_LATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The later im_clean ({@link InductiveMiner.Variant#IM_CLEAN_LATE}): its strict sequence cut against {@code IM_CLEAN}
 * (hand-derived) and its XOR component order (on a sub-log of receipt). Its other difference, end occurrences
 * counted in IMf's filter, is shown on real data in {@code parity/Pm4pyReceiptBpmnRouteParityTest} (receipt, noise
 * 0.1).
 */
class LateCleanInductiveMinerTest {
    @Test
    void strictSequenceCutKeepsASkippableBlockTogether() {
        // maximal sequence cut {a} {b} {c} {d}; b is skippable (a -> d), and c is only entered from b, so the
        // strict cut merges c into b: b and c are skipped together, <a,b,d> is not allowed
        IndexedLog log = TestLogs.parse("<a,b,c,d>^3 <a,d>^2");
        assertThat(InductiveMiner.mine(log, 0, IM_CLEAN).toString())
                .isEqualTo("->( 'a', X( tau, 'b' ), X( tau, 'c' ), 'd' )");
        assertThat(InductiveMiner.mine(log, 0, IM_CLEAN_LATE).toString())
                .isEqualTo("->( 'a', X( tau, ->( 'b', 'c' ) ), 'd' )");
    }

    @Test
    void xorComponentsFollowTheAlphabetOrderAndATieGoesToTheLaterOne() {
        // receipt's sub-log at the T07 choice (notebook 5, IMf 0.1): x = T07-5, y = T07-2, a = T08, b..e = T09-1..4.
        // Only the filtered DFG has an XOR cut, {a,b,c,d,e} {x} {y}; <x,e> and <y,b> have one event in each of two
        // components. pm4py lists components by their first activity in the node's alphabet (networkx over a
        // Python set) and gives a tie to the later one: with {a..e} first, both traces leave it and what is left
        // of it becomes a flower (pm4py's notebook tree); with {a..e} last it keeps them and gets structure.
        String counts = "<a,b>^5 <x>^25 <a>^2 <x,e> <y>^31 <a,e>^3 <a,d>^7 <y,b> <a,d,b> <x,c,e>";
        assertThat(InductiveMiner.mine(TestLogs.parse(counts), 0.1, IM_CLEAN_LATE).toString())
                .isEqualTo("X( *( tau, X( 'a', 'b', 'e', 'd', 'c' ) ), 'x', 'y' )");
        IndexedLog xyFirst = TestLogs.parse("<x>^25 <y>^31 <a,b>^5 <a>^2 <x,e> <a,e>^3 <a,d>^7 <y,b> <a,d,b> <x,c,e>");
        assertThat(InductiveMiner.mine(xyFirst, 0.1, IM_CLEAN_LATE).toString())
                .isEqualTo("X( 'x', 'y', *( X( ->( 'a', X( tau, 'd' ) ), 'b', ->( X( tau, 'c' ), 'e' ) ), tau ) )");
    }
}
