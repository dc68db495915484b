package io.coalition.mining.parity;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.PM4PY_PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * TraVaS' second baseline (pm4py-reference/REFERENCE_VALUES.md item 4): pm4py 2.2's IMf (noise 0.2) on BPIC 2013
 * incidents, evaluated like Sepsis - fitness 0.9946449064573959, ETConformance-token precision 0.8766741071428571,
 * generalization 0.9887015674902806. TraVaS' {@code BPIC13.xes} is not stored, but its notebook replays 1511
 * variants and 11613 prefixes, which is {@code xes/07_bpic2013_incidents} exactly. The tree depends on pm4py
 * 2.2's layered sequence cut: at the root the rare {@code Unmatched} (5 of 7554 traces) forms its own first layer,
 * the infrequent sequence split gives it only empty traces (its least-cost split point stays at 0), and the
 * empty X( tau, tau ) folds away. The strict maximal cut kept {@code X( tau, 'Unmatched' )} (0.994865 / 0.837881
 * / 0.957550).
 */
class Pm4pyPlainImfBpic13ParityTest {
    private static IndexedLog log;
    private static ProcessTree tree;

    @BeforeAll
    static void mine() {
        log = Discovery.index(XesReader.read(TestData.require("xes/07_bpic2013_incidents.xes.gz"), ReadOptions.DEFAULT));
        tree = InductiveMiner.mine(log, 0.2, PM4PY_PLAIN);
    }

    @Test
    void logIsTravasBpic13() {
        assertThat(log.traceCount()).isEqualTo(7554);
        assertThat(log.variants()).hasSize(1511);
    }

    @Test
    void bpic13ImfTreeAndQualityEqualTravas() {
        assertThat(tree.toString()).isEqualTo(
                "->( +( *( 'Accepted', tau ), X( tau, *( 'Queued', tau ) ) ), *( 'Completed', tau ) )");
        AcceptingPetriNet net = TreeToPetriNet.convert(tree);
        TokenReplay.Result tr = Conformance.tokenReplay(log, net);
        assertThat(tr.logFitness()).isCloseTo(0.9946449064573959, within(1e-12));
        assertThat(Conformance.precision(log, net)).isCloseTo(0.8766741071428571, within(1e-12));
        assertThat(Conformance.generalization(log, net)).isCloseTo(0.9887015674902806, within(1e-12));
    }
}
