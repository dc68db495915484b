package io.coalition.mining.bpmn;

import io.coalition.eventlog.TestData;
import io.coalition.mining.Discovery;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.GatewayDirection;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.coalition.mining.tree.ProcessTree.activity;
import static io.coalition.mining.tree.ProcessTree.loop;
import static io.coalition.mining.tree.ProcessTree.parallel;
import static io.coalition.mining.tree.ProcessTree.sequence;
import static io.coalition.mining.tree.ProcessTree.tau;
import static io.coalition.mining.tree.ProcessTree.xor;
import static org.assertj.core.api.Assertions.assertThat;

class TreeToBpmnTest {
    private static final ProcessTree A = activity("a");
    private static final ProcessTree B = activity("b");
    private static final ProcessTree C = activity("c");

    /** Census order: StartEvent, Task, ExclusiveGateway, ParallelGateway, InclusiveGateway, EndEvent, SequenceFlow. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(A, new int[] {1, 1, 0, 0, 0, 1, 2}),
                Arguments.of(tau(), new int[] {1, 0, 0, 0, 0, 1, 1}),
                Arguments.of(sequence(A, B, C), new int[] {1, 3, 0, 0, 0, 1, 4}),
                Arguments.of(xor(A, B), new int[] {1, 2, 2, 0, 0, 1, 6}),
                // the tau branch is one flow from split to join
                Arguments.of(xor(A, tau()), new int[] {1, 1, 2, 0, 0, 1, 5}),
                Arguments.of(parallel(A, B, C), new int[] {1, 3, 0, 2, 0, 1, 8}),
                Arguments.of(ProcessTree.of(ProcessTree.Operator.OR, A, B), new int[] {1, 2, 0, 0, 2, 1, 6}),
                // start -> join, join -> a, a -> choice, choice -> b, b -> join, choice -> end
                Arguments.of(loop(A, B), new int[] {1, 2, 2, 0, 0, 1, 6}),
                // the redo tau is one flow from the choice back to the join
                Arguments.of(loop(A, tau()), new int[] {1, 1, 2, 0, 0, 1, 5}),
                Arguments.of(loop(A, B, C), new int[] {1, 3, 2, 0, 0, 1, 8}),
                Arguments.of(sequence(A, parallel(xor(B, tau()), loop(C, tau()))),
                        new int[] {1, 3, 4, 2, 0, 1, 13}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void elementCensusPerTreeShape(ProcessTree tree, int[] expected) {
        BpmnModelInstance model = reparsed(tree);
        Map<String, Integer> census = BpmnExport.census(model);
        Map<String, Integer> want = new LinkedHashMap<>();
        String[] keys = {"StartEvent", "Task", "ExclusiveGateway", "ParallelGateway", "InclusiveGateway", "EndEvent",
                "SequenceFlow"};
        for (int i = 0; i < keys.length; i++) want.put(keys[i], expected[i]);
        assertThat(census).isEqualTo(want);
        assertWellFormed(model);
        BpmnExportTest.assertLaidOut(model);
    }

    @Test
    void loopGoesBackToTheConvergingGateway() {
        BpmnModelInstance model = reparsed(loop(A, B));
        Task a = task(model, "a");
        Task b = task(model, "b");
        FlowNode join = a.getIncoming().iterator().next().getSource();
        assertThat(join).isInstanceOf(ExclusiveGateway.class);
        assertThat(((Gateway) join).getGatewayDirection()).isEqualTo(GatewayDirection.Converging);
        assertThat(b.getOutgoing()).extracting(SequenceFlow::getTarget).containsExactly(join);
        FlowNode choice = a.getOutgoing().iterator().next().getTarget();
        assertThat(((Gateway) choice).getGatewayDirection()).isEqualTo(GatewayDirection.Diverging);
        assertThat(choice.getOutgoing()).extracting(f -> f.getTarget().getElementType().getTypeName())
                .containsExactlyInAnyOrder("task", "endEvent");
    }

    @Test
    void pm4pyImTreeOfTheRunningExampleHasOneTaskPerVisibleLeaf(@TempDir Path dir) {
        ProcessTree tree = Ptml.read(TestData.require("pm4py-reference/inductive-miner-trees/activity_classifier/01_running-example-im.ptml"));
        Path file = dir.resolve("re.bpmn");
        BpmnExport.write(tree, file);
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        Bpmn.validateModel(model);
        assertThat(model.getModelElementsByType(Task.class)).extracting(Task::getName)
                .containsExactlyInAnyOrderElementsOf(tree.activities());
        assertWellFormed(model);
        BpmnExportTest.assertLaidOut(model);
    }

    @Test
    void imfTreeOfBpic2012ConvertsAndParsesBack() {
        var log = Discovery.index(BpmnExportTest.log("xes/bpic2012.xes.gz"));
        ProcessTree tree = Discovery.inductiveTree(log, 0.2);
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(
                BpmnExport.toXml(tree).getBytes(StandardCharsets.UTF_8)));
        assertThat(model.getModelElementsByType(Task.class)).hasSize(tree.activities().size());
        assertWellFormed(model);
    }

    private static BpmnModelInstance reparsed(ProcessTree tree) {
        String xml = BpmnExport.toXml(tree);
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Bpmn.validateModel(model);
        return model;
    }

    private static Task task(BpmnModelInstance model, String name) {
        return model.getModelElementsByType(Task.class).stream().filter(t -> name.equals(t.getName())).findFirst()
                .orElseThrow();
    }

    /**
     * One start event; every node reachable from it; diverging gateways have one input and several outputs,
     * converging ones several inputs and one output; tasks one input and one output.
     */
    static void assertWellFormed(BpmnModelInstance model) {
        var starts = model.getModelElementsByType(StartEvent.class);
        assertThat(starts).hasSize(1);
        Set<FlowNode> seen = new HashSet<>();
        Deque<FlowNode> todo = new ArrayDeque<>(List.of(starts.iterator().next()));
        while (!todo.isEmpty()) {
            FlowNode n = todo.poll();
            if (!seen.add(n)) continue;
            for (SequenceFlow f : n.getOutgoing()) todo.add(f.getTarget());
        }
        assertThat(seen).hasSize(model.getModelElementsByType(FlowNode.class).size());
        for (Gateway g : model.getModelElementsByType(Gateway.class)) {
            if (g.getGatewayDirection() == GatewayDirection.Diverging) {
                assertThat(g.getIncoming()).as(g.getId()).hasSize(1);
                assertThat(g.getOutgoing()).as(g.getId()).hasSizeGreaterThan(1);
            } else {
                assertThat(g.getGatewayDirection()).isEqualTo(GatewayDirection.Converging);
                assertThat(g.getIncoming()).as(g.getId()).hasSizeGreaterThan(1);
                assertThat(g.getOutgoing()).as(g.getId()).hasSize(1);
            }
        }
        for (Task t : model.getModelElementsByType(Task.class)) {
            assertThat(t.getIncoming()).as(t.getName()).hasSize(1);
            assertThat(t.getOutgoing()).as(t.getName()).hasSize(1);
        }
    }
}
