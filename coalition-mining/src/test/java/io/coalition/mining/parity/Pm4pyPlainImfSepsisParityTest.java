package io.coalition.mining.parity;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import static io.coalition.mining.inductive.InductiveMiner.Variant.PM4PY_PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * TraVaS' baseline (pm4py-reference/REFERENCE_VALUES.md item 4): pm4py's IMf (noise 0.2) on Sepsis, ETConformance
 * token-based precision 0.4882709042754446. pm4py 2.0-2.2's IMf ({@code variants/im_f}, {@link
 * InductiveMiner.Variant#PM4PY_PLAIN} with noise > 0) reproduces it exactly, so that is the IMf TraVaS ran. Its
 * token-replay fitness 0.952079 and generalization 0.961182 are not reached on our conversion of that tree (see the
 * README): the values below are ours, pinned so that a change is noticed.
 */
class Pm4pyPlainImfSepsisParityTest {
    @Test
    void sepsisImfPrecisionEqualsTravas() {
        IndexedLog log = Discovery.index(XesReader.read(TestData.require("dp/amun/Sepsis.xes"), ReadOptions.DEFAULT));
        assertThat(log.traceCount()).isEqualTo(1050);
        ProcessTree tree = InductiveMiner.mine(log, 0.2, PM4PY_PLAIN);
        assertThat(tree.canonical().toString()).isEqualTo("->( +( ->( +( 'ER Registration', 'ER Triage' ), "
                + "X( 'Admission IC', tau ) ), X( 'ER Sepsis Triage', tau ) ), +( *( 'CRP', tau ), *( 'LacticAcid', tau ), "
                + "*( 'Leucocytes', tau ), ->( X( 'IV Liquid', tau ), 'IV Antibiotics', *( 'Admission NC', tau ), "
                + "X( 'Return ER', tau ) ), X( 'Release A', tau ) ) )");
        AcceptingPetriNet net = TreeToPetriNet.convert(tree);
        assertThat(Conformance.precision(log, net)).isCloseTo(0.4882709042754446, within(1e-12));
        // TraVaS: 0.952078989291781 and 0.9611824571483719 (not reached, see the class comment)
        assertThat(Conformance.tokenReplay(log, net).logFitness()).isCloseTo(0.9492292335656407, within(1e-12));
        assertThat(Conformance.generalization(log, net)).isCloseTo(0.9609541716255002, within(1e-12));
    }
}
