package io.coalition.mining.tree;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.MiningException;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.WorkflowNets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.coalition.mining.tree.ProcessTree.activity;
import static io.coalition.mining.tree.ProcessTree.loop;
import static io.coalition.mining.tree.ProcessTree.parallel;
import static io.coalition.mining.tree.ProcessTree.sequence;
import static io.coalition.mining.tree.ProcessTree.tau;
import static io.coalition.mining.tree.ProcessTree.xor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Pm4pyBpmnRouteTest {
    private static String size(AcceptingPetriNet apn) {
        PetriNet n = apn.net();
        return n.places().size() + "/" + n.transitions().size() + "(" + n.invisibleTransitionCount() + ")/" + n.arcs().size();
    }

    @Test
    void sequenceOfTwoTasksReducesToTheTasksAlone() {
        // unreduced: source -> start -> ent -> start event -> exi -> flow tau -> flow place -> flow tau -> ent -> a
        // -> ... -> sink, 25 places; every silent step sits on a place with one input and one output, so the
        // single-entry and single-exit reductions merge them all into a and b
        AcceptingPetriNet net = TreeToPetriNet.convertViaPm4pyBpmn(sequence(activity("a"), activity("b")));
        assertThat(TokenReplay.replayTrace(net, List.of("a", "b")).fit()).isTrue();
        assertThat(TokenReplay.replayTrace(net, List.of("b", "a")).fit()).isFalse();
        assertThat(WorkflowNets.isSound(net)).isTrue();
        assertThat(size(net)).isEqualTo("3/2(0)/4");
    }

    @Test
    void choiceWithTauBranchBecomesADirectFlowAndKeepsTheLanguage() {
        ProcessTree t = sequence(activity("a"), xor(tau(), activity("b")), loop(activity("c"), activity("d")),
                parallel(activity("e"), activity("f")));
        AcceptingPetriNet net = TreeToPetriNet.convertViaPm4pyBpmn(t);
        assertThat(WorkflowNets.isSound(net)).isTrue();
        for (List<String> ok : List.of(List.of("a", "c", "e", "f"), List.of("a", "b", "c", "d", "c", "f", "e"))) {
            assertThat(TokenReplay.replayTrace(net, ok).fit()).as(ok.toString()).isTrue();
        }
        for (List<String> bad : List.of(List.of("a", "c", "d", "e", "f"), List.of("a", "b", "b", "c", "e", "f"))) {
            assertThat(TokenReplay.replayTrace(net, bad).fit()).as(bad.toString()).isFalse();
        }
        assertThat(net.net().transitionsLabelled("b")).hasSize(1);
    }

    @Test
    void randomNamesGiveTheSameShape() {
        ProcessTree t = sequence(activity("a"), xor(tau(), activity("b")), parallel(activity("e"), activity("f")));
        String deterministic = size(TreeToPetriNet.convertViaPm4pyBpmn(t));
        for (int seed = 0; seed < 5; seed++) {
            assertThat(size(TreeToPetriNet.convertViaPm4pyBpmn(t, new Random(seed)))).isEqualTo(deterministic);
        }
    }

    @Test
    void pm4pysRandomNamesDoNotMoveTheReceiptValues() {
        // pm4py draws every node's name at random; on the notebook-5 receipt tree no draw changes token replay
        // or ETC precision (both visit places and silent transitions in name order)
        IndexedLog log = Discovery.index(XesReader.read(TestData.require("xes/08_receipt.xes.gz"), ReadOptions.DEFAULT));
        ProcessTree tree = InductiveMiner.mine(log, 0.1, InductiveMiner.Variant.IM_CLEAN_LATE);
        AcceptingPetriNet fixed = TreeToPetriNet.convertViaPm4pyBpmn(tree);
        double fitness = Conformance.tokenReplay(log, fixed).logFitness();
        double precision = Conformance.precision(log, fixed);
        for (int seed = 0; seed < 4; seed++) {
            AcceptingPetriNet random = TreeToPetriNet.convertViaPm4pyBpmn(tree, new Random(seed));
            assertThat(random.net().transitions()).extracting(PetriNet.Transition::id).doesNotContain("n0003");
            assertThat(size(random)).isEqualTo(size(fixed));
            assertThat(Conformance.tokenReplay(log, random).logFitness()).isEqualTo(fitness);
            assertThat(Conformance.precision(log, random)).isEqualTo(precision);
        }
    }

    @Test
    void orNodeIsRejectedWithItsName() {
        ProcessTree or = ProcessTree.of(ProcessTree.Operator.OR, activity("a"), activity("b"));
        assertThatThrownBy(() -> TreeToPetriNet.convertViaPm4pyBpmn(sequence(activity("x"), or)))
                .isInstanceOf(MiningException.class)
                .hasMessage("pm4py's BPMN route: operator OR is not supported (inclusive gateways need pm4py's OR"
                        + " handling, not ported), in " + or);
    }
}
