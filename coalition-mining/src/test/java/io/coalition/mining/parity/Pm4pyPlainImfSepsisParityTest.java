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
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.coalition.mining.inductive.InductiveMiner.Variant.PM4PY_PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * TraVaS' baseline (pm4py-reference/REFERENCE_VALUES.md item 4; its notebook calls pm4py 2.2's
 * {@code im_f/algorithm.apply(log)}, i.e. {@code apply_tree} then the default {@code to_petri_net} converter, and
 * evaluates with token replay, ETConformance-token and generalization): pm4py's IMf (noise 0.2) on Sepsis,
 * reproduced by pm4py 2.0-2.2's IMf ({@link InductiveMiner.Variant#PM4PY_PLAIN} with noise > 0) - fitness
 * 0.952078989291781, precision 0.4882709042754446 and generalization 0.9611824571483719. CRP reaches the flower
 * fall-through (activity concurrent leaves its node no start or end activities), and pm4py's
 * {@code fix_one_child_xor_flower} turns the single-activity flower {@code *( X( CRP ), tau )} into
 * {@code *( tau, CRP )}: precision cannot tell the two apart, token replay and generalization can.
 */
class Pm4pyPlainImfSepsisParityTest {
    private static IndexedLog log;
    private static ProcessTree tree;

    @BeforeAll
    static void mine() {
        log = Discovery.index(XesReader.read(TestData.require("dp/amun/Sepsis.xes"), ReadOptions.DEFAULT));
        tree = InductiveMiner.mine(log, 0.2, PM4PY_PLAIN);
    }

    @Test
    void sepsisImfTreeIsInPm4pyTreeSortOrder() {
        assertThat(log.traceCount()).isEqualTo(1050);
        // children of + and X ordered by the sum of the MD5 of their labels (tau = 0), as 2.2's apply_tree
        // leaves them for the converter: Leucocytes < CRP < LacticAcid < Release A < the IV sequence
        assertThat(tree.toString()).isEqualTo("->( +( X( tau, 'ER Sepsis Triage' ), ->( +( 'ER Triage', "
                + "'ER Registration' ), X( tau, 'Admission IC' ) ) ), +( *( 'Leucocytes', tau ), *( tau, 'CRP' ), "
                + "*( 'LacticAcid', tau ), X( tau, 'Release A' ), ->( X( tau, 'IV Liquid' ), 'IV Antibiotics', "
                + "*( 'Admission NC', tau ), X( tau, 'Return ER' ) ) ) )");
    }

    @Test
    void sepsisImfQualityEqualsTravas() {
        AcceptingPetriNet net = TreeToPetriNet.convert(tree);
        PetriNet n = net.net();
        assertThat(n.places()).hasSize(24);
        assertThat(n.transitions()).hasSize(26);
        assertThat(n.transitions().stream().filter(t -> t.label() == null).count()).isEqualTo(14);
        assertThat(n.arcs()).hasSize(64);
        assertThat(Conformance.precision(log, net)).isCloseTo(0.4882709042754446, within(1e-12));
        TokenReplay.Result tr = Conformance.tokenReplay(log, net);
        assertThat(tr.logFitness()).isCloseTo(0.952078989291781, within(1e-12));
        assertThat(new long[] {tr.produced(), tr.consumed(), tr.missing(), tr.remaining()})
                .containsExactly(37046, 35718, 1091, 2419);
        assertThat(Conformance.generalization(log, net)).isCloseTo(0.9611824571483719, within(1e-12));
    }

    @Test
    void theSwappedSingleActivityFlowerIsWhatMovesFitness() {
        // *( CRP, tau ) - the flower before fix_one_child_xor_flower - has the same precision but fires its loop
        // back 2055 times fewer (TraVaS' figures are 2055 produced and consumed tokens above it)
        ProcessTree unswapped = unswapSingleActivityFlowers(tree);
        assertThat(unswapped.toString()).contains("*( 'CRP', tau )").doesNotContain("*( tau,");
        AcceptingPetriNet net = TreeToPetriNet.convert(unswapped);
        assertThat(Conformance.precision(log, net)).isCloseTo(0.4882709042754446, within(1e-12));
        TokenReplay.Result tr = Conformance.tokenReplay(log, net);
        assertThat(tr.logFitness()).isCloseTo(0.9492292335656407, within(1e-12));
        assertThat(new long[] {tr.produced(), tr.consumed(), tr.missing(), tr.remaining()})
                .containsExactly(34991, 33663, 1091, 2419);
        assertThat(Conformance.generalization(log, net)).isCloseTo(0.9609541716255002, within(1e-12));
    }

    @Test
    void pm4pysReductionMovesFitnessButNotPrecision() {
        // the unreduced block net: same precision, other fitness and generalization, so TraVaS' figures also pin
        // pm4py's apply_simple_reduction
        AcceptingPetriNet unreduced = TreeToPetriNet.convertUnreduced(tree);
        assertThat(Conformance.precision(log, unreduced)).isCloseTo(0.4882709042754446, within(1e-12));
        assertThat(Conformance.tokenReplay(log, unreduced).logFitness()).isCloseTo(0.9660979981221935, within(1e-12));
        assertThat(Conformance.generalization(log, unreduced)).isCloseTo(0.9632596891446767, within(1e-12));
    }

    /** {@code *( tau, a )} back to {@code *( a, tau )}: the flower as it was before pm4py's one-child-XOR fix. */
    private static ProcessTree unswapSingleActivityFlowers(ProcessTree t) {
        if (t.isLeaf()) return t;
        List<ProcessTree> cs = t.children();
        if (t.operator() == ProcessTree.Operator.LOOP && cs.size() == 2 && cs.get(0).isTau() && cs.get(1).isLeaf()
                && !cs.get(1).isTau()) {
            return ProcessTree.loop(cs.get(1), ProcessTree.tau());
        }
        List<ProcessTree> out = new ArrayList<>();
        for (ProcessTree c : cs) out.add(unswapSingleActivityFlowers(c));
        return ProcessTree.of(t.operator(), out);
    }
}
