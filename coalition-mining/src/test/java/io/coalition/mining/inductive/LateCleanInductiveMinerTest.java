package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN;
import static io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN_LATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The later im_clean ({@link InductiveMiner.Variant#IM_CLEAN_LATE}) against {@code IM_CLEAN}, hand-derived. Its other
 * difference, end occurrences counted in IMf's filter, is shown on real data in
 * {@code parity/Pm4pyReceiptBpmnRouteParityTest} (receipt, noise 0.1).
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
}
