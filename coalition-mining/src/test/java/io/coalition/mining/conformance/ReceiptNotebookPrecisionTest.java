package io.coalition.mining.conformance;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Notebook 5's ETC precision 0.2067348714612779 (receipt, IMf 0.1, BPMN route) against the variants of pm4py's
 * empty-prefix term on the notebook's net ({@code parity/Pm4pyReceiptBpmnRouteParityTest}): with the term counted
 * per trace, as a legacy EventLog gives, it is pm4py's value; without the term 0.1970; weighted by events (a
 * DataFrame) 0.2519.
 */
class ReceiptNotebookPrecisionTest {
    @Test
    void emptyPrefixTermVariants() {
        IndexedLog log = Discovery.index(XesReader.read(TestData.require("xes/08_receipt.xes.gz"), ReadOptions.DEFAULT));
        CompiledNet net = new CompiledNet(TreeToPetriNet.convertViaPm4pyBpmn(
                InductiveMiner.mine(log, 0.1, InductiveMiner.Variant.IM_CLEAN_LATE)));
        assertThat(Precision.tokenBased(log, net, true)).isEqualTo(0.2067348714612779);
        assertThat(Precision.tokenBased(log, net, false)).isCloseTo(0.1970068841664172, within(1e-12));
        assertThat(Precision.tokenBased(log, net, true, Precision.Pm4pyInput.DATA_FRAME))
                .isCloseTo(0.2518802982981707, within(1e-12));
    }
}
