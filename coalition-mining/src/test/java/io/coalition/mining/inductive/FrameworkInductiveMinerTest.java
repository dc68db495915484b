package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.PM4PY_FRAMEWORK;
import static io.coalition.mining.tree.ProcessTree.activity;
import static io.coalition.mining.tree.ProcessTree.tau;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pm4py 2.7's inductive framework on small logs whose trees were worked out by hand from pm4py's rules. */
class FrameworkInductiveMinerTest {
    static ProcessTree mine(String log, double noise) {
        return InductiveMiner.mine(TestLogs.parse(log), noise, PM4PY_FRAMEWORK);
    }

    @Test
    void imFindsTheCutsOfL1() {
        ProcessTree t = mine(TestLogs.L1, 0);
        assertThat(t.equalsUpToCommutativeOrder(ProcessTree.sequence(activity("a"),
                ProcessTree.xor(ProcessTree.parallel(activity("b"), activity("c")), activity("e")), activity("d"))))
                .as(t.toString()).isTrue();
    }

    @Test
    void emptyTracesBecomeAChoiceWithTauOnlyAboveTheNoiseThreshold() {
        // 1 empty trace of 10: IM keeps it; IMf 0.2 drops it (1 <= 0.2 * 10); IMf 0.05 keeps it (1 > 0.5)
        assertThat(mine("<a,b>^9 <>", 0)).isEqualTo(ProcessTree.xor(tau(), ProcessTree.sequence(activity("a"), activity("b"))));
        assertThat(mine("<a,b>^9 <>", 0.2)).isEqualTo(ProcessTree.sequence(activity("a"), activity("b")));
        assertThat(mine("<a,b>^9 <>", 0.05)).isEqualTo(ProcessTree.xor(tau(), ProcessTree.sequence(activity("a"), activity("b"))));
    }

    @Test
    void imfFiltersTheDfgWhenNoCutIsFoundAndProjectsTheLogOnTheFilteredCut() {
        // no cut on the full DFG (a->b 22, b->a 1, a only starts, b only ends); IM falls through to the strict
        // tau loop: *( ->( a, b ), tau )
        assertThat(mine("<a,b>^20 <a,b,a,b>", 0)).isEqualTo(ProcessTree.loop(ProcessTree.sequence(activity("a"), activity("b")), tau()));
        // IMf drops b->a (1 <= 0.2 * 21, b's largest outgoing count being its 21 ends) and finds ->( a, b ); the
        // projection sends <a,b,a,b> to <a> and <b,b> (least-cost split points), so b's sub-log needs a tau loop
        // and the second a of that trace no longer fits, as in pm4py's IMf models
        assertThat(mine("<a,b>^20 <a,b,a,b>", 0.2)).isEqualTo(ProcessTree.sequence(activity("a"), ProcessTree.loop(activity("b"), tau())));
    }

    @Test
    void repeatedSingleActivityIsAStrictTauLoop() {
        assertThat(mine("<a>^3 <a,a>^2", 0)).isEqualTo(ProcessTree.loop(activity("a"), tau()));
    }

    @Test
    void noiseOutsideZeroToOneIsRejected() {
        IndexedLog log = TestLogs.parse("<a>");
        assertThatThrownBy(() -> InductiveMiner.mine(log, 1.5, PM4PY_FRAMEWORK))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("noise must be in [0, 1]: 1.5");
    }
}
