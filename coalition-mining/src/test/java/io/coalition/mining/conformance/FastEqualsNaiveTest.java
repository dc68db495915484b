package io.coalition.mining.conformance;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefix-tree ETConformance and the fast alignment search give exactly the figures of the straightforward
 * implementations ({@link NaivePrecision}, {@link NaiveAlignments}) on real logs and nets: our IMf and alpha nets
 * and the net of the tree pm4py's IMf mined from the receipt log (many silent transitions, concurrency).
 */
class FastEqualsNaiveTest {
    static IndexedLog xes(String name) {
        return Discovery.index(XesReader.read(TestData.require("xes/" + name), ReadOptions.DEFAULT));
    }

    static AcceptingPetriNet pm4pyReceiptImf() {
        return TreeToPetriNet.convert(Ptml.read(TestData.require(
                "pm4py-reference/inductive-miner-trees/activity_classifier/08_receipt-imf.ptml")));
    }

    @Test
    void tokenPrecisionEqualsPerPrefixReplay() {
        IndexedLog receipt = xes("08_receipt.xes.gz");
        for (AcceptingPetriNet model : new AcceptingPetriNet[] {
                Discovery.inductive(receipt, 0.2), Discovery.alpha(receipt), pm4pyReceiptImf()}) {
            CompiledNet net = new CompiledNet(model);
            assertThat(Precision.tokenBased(receipt, net)).isEqualTo(NaivePrecision.tokenBased(receipt, net));
        }
        IndexedLog incidents = xes("07_bpic2013_incidents.xes.gz");
        CompiledNet net = new CompiledNet(Discovery.inductive(incidents, 0.2));
        assertThat(Precision.tokenBased(incidents, net)).isEqualTo(NaivePrecision.tokenBased(incidents, net));
    }

    @Test
    void alignmentPrecisionEqualsPerPrefixAlignment() {
        IndexedLog receipt = xes("08_receipt.xes.gz");
        for (AcceptingPetriNet model : new AcceptingPetriNet[] {Discovery.inductive(receipt, 0.2), pm4pyReceiptImf()}) {
            CompiledNet net = new CompiledNet(model);
            assertThat(Precision.alignmentBased(receipt, net)).isEqualTo(NaivePrecision.alignmentBased(receipt, net));
        }
    }

    @Test
    void alignmentCostsEqualTheNaiveSearch() {
        IndexedLog receipt = xes("08_receipt.xes.gz");
        for (AcceptingPetriNet model : new AcceptingPetriNet[] {Discovery.inductive(receipt, 0.2), pm4pyReceiptImf()}) {
            CompiledNet net = new CompiledNet(model);
            NaiveAlignments naive = new NaiveAlignments(net);
            Alignments.Result fast = Alignments.align(receipt, net);
            for (Alignments.VariantResult v : fast.variants()) {
                String[] trace = v.activities().toArray(new String[0]);
                assertThat(v.alignment().cost()).as("cost of %s", v.activities()).isEqualTo(naive.cost(trace));
                assertThat(costOf(v.alignment().moves())).isEqualTo(v.alignment().cost());
                assertThat(v.alignment().moves().stream().filter(m -> m.activity() != null).map(Alignments.Move::activity))
                        .containsExactly(trace);
            }
        }
    }

    @Test
    void parallelAlignmentsEqualSequentialOnes() {
        IndexedLog receipt = xes("08_receipt.xes.gz");
        CompiledNet net = new CompiledNet(pm4pyReceiptImf());
        Alignments.Result parallel = Alignments.align(receipt, net);
        Alignments.Result sequential = Alignments.align(receipt, net, Runnable::run);
        assertThat(parallel).isEqualTo(sequential);
    }

    private static int costOf(java.util.List<Alignments.Move> moves) {
        int cost = 0;
        for (Alignments.Move m : moves) {
            if (m.isSync()) continue;
            cost += m.transition() != null && m.label() == null ? Alignments.TAU_COST : Alignments.MOVE_COST;
        }
        return cost;
    }
}
