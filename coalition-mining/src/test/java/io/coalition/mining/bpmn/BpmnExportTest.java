package io.coalition.mining.bpmn;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.MiningException;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpmnExportTest {

    static EventLog log(String file) {
        return XesReader.read(TestData.require(file), ReadOptions.DEFAULT);
    }

    /** Every node has a shape, every flow an edge, and shapes never overlap. */
    static void assertLaidOut(BpmnModelInstance model) {
        var shapes = model.getModelElementsByType(BpmnShape.class);
        assertThat(shapes).hasSize(model.getModelElementsByType(FlowNode.class).size());
        assertThat(model.getModelElementsByType(BpmnEdge.class)).hasSize(model.getModelElementsByType(SequenceFlow.class).size());
        var boxes = shapes.stream().map(BpmnShape::getBounds).toList();
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                var a = boxes.get(i);
                var b = boxes.get(j);
                boolean overlap = a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                        && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
                assertThat(overlap).as("shapes %d and %d overlap", i, j).isFalse();
            }
        }
    }

    @Test
    void alphaNetOfTheRunningExample(@TempDir Path dir) {
        AcceptingPetriNet net = Discovery.alpha(Discovery.index(log("xes/running-example.xes")));
        Path file = dir.resolve("re.bpmn");
        BpmnExport.write(net, file);
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        Bpmn.validateModel(model);
        assertThat(model.getModelElementsByType(StartEvent.class)).hasSize(1);
        assertThat(model.getModelElementsByType(EndEvent.class)).hasSize(1);
        Set<String> tasks = model.getModelElementsByType(Task.class).stream().map(Task::getName).collect(Collectors.toSet());
        Set<String> labels = net.net().transitions().stream().map(PetriNet.Transition::label).collect(Collectors.toSet());
        assertThat(tasks).isEqualTo(labels).hasSize(8);
        // the running example: register request, then examination in parallel with check ticket, decide, and
        // a choice between reinitiate (loop), pay and reject
        assertThat(model.getModelElementsByType(ParallelGateway.class)).isNotEmpty();
        assertThat(model.getModelElementsByType(ExclusiveGateway.class)).isNotEmpty();
        assertLaidOut(model);
    }

    @Test
    void heuristicsNetWithSilentTransitionsOfBpic2012() {
        AcceptingPetriNet net = Discovery.heuristics(Discovery.index(log("xes/bpic2012.xes.gz")), HeuristicsParameters.PM4PY);
        BpmnModelInstance model = BpmnExport.of(net);
        long visible = net.net().transitions().stream().filter(t -> !t.isInvisible()).count();
        assertThat(model.getModelElementsByType(Task.class)).hasSize((int) visible);
        // pm4py's heuristics net has transitions without input (A_ACTIVATED) or output (A_APPROVED) places: their
        // tasks alone may lack incoming or outgoing flows
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            PetriNet.Transition t = node instanceof Task task ? net.net().transitionsLabelled(task.getName()).get(0) : null;
            if (!(node instanceof StartEvent) && (t == null || !net.net().preset(t.id()).isEmpty())) {
                assertThat(node.getIncoming()).as(node.getId()).isNotEmpty();
            }
            if (!(node instanceof EndEvent) && (t == null || !net.net().postset(t.id()).isEmpty())) {
                assertThat(node.getOutgoing()).as(node.getId()).isNotEmpty();
            }
        }
        assertLaidOut(model);
    }

    @Test
    void refusesANetThatIsNotAWorkflowNet() {
        PetriNet net = PetriNet.builder("two starts").place("p1").place("p2").transition("a", "a")
                .arc("p1", "a").arc("p2", "a").build();
        AcceptingPetriNet apn = new AcceptingPetriNet(net, Marking.of("p1", "p2"), Marking.EMPTY);
        assertThatThrownBy(() -> BpmnExport.of(apn)).isExactlyInstanceOf(MiningException.class)
                .hasMessage("not a workflow net: expected one initially marked place, found 2");
    }
}
