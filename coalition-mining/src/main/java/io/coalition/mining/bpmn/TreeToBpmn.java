package io.coalition.mining.bpmn;

import io.coalition.mining.tree.ProcessTree;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.GatewayDirection;
import org.camunda.bpm.model.bpmn.instance.Definitions;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.InclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.Task;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A process tree to a block-structured BPMN process, block by block: a visible leaf is a task; tau adds nothing
 * (its flow goes straight on); SEQUENCE chains its children; XOR, PARALLEL and OR get a diverging and a
 * converging exclusive, parallel or inclusive gateway around their children; LOOP {@code *(do, redo...)} is a
 * converging exclusive gateway, the do part, then a diverging exclusive gateway that either leaves the loop or
 * takes one redo child back to the converging gateway. Silent leaves are never turned into tasks, so the tasks
 * are exactly the tree's visible leaves.
 */
final class TreeToBpmn {
    private final BpmnModelInstance model;
    private final Process process;
    /** Source and target id pairs already connected: a tau branch never doubles a flow. */
    private final Set<String> connected = new HashSet<>();
    private int ids;

    private TreeToBpmn(String name) {
        model = Bpmn.createEmptyModel();
        Definitions definitions = model.newInstance(Definitions.class);
        definitions.setTargetNamespace("https://coalition.io/bpmn");
        model.setDefinitions(definitions);
        process = model.newInstance(Process.class);
        process.setId("process");
        process.setName(name);
        process.setExecutable(false);
        definitions.addChildElement(process);
    }

    static BpmnModelInstance convert(ProcessTree tree, String name) {
        TreeToBpmn c = new TreeToBpmn(name);
        FlowNode start = c.add(StartEvent.class, "start");
        FlowNode last = c.build(tree, start);
        c.connect(last, c.add(EndEvent.class, "end"));
        BpmnLayout.layout(c.model, c.process);
        Bpmn.validateModel(c.model);
        return c.model;
    }

    /** Adds {@code tree} after {@code from}; returns the node its flow leaves from. */
    private FlowNode build(ProcessTree tree, FlowNode from) {
        if (tree.isTau()) return from;
        if (tree.isLeaf()) {
            Task task = add(Task.class, tree.label());
            connect(from, task);
            return task;
        }
        List<ProcessTree> children = tree.children();
        switch (tree.operator()) {
            case SEQUENCE -> {
                FlowNode cur = from;
                for (ProcessTree c : children) cur = build(c, cur);
                return cur;
            }
            case XOR -> {
                return block(ExclusiveGateway.class, children, from);
            }
            case PARALLEL -> {
                return block(ParallelGateway.class, children, from);
            }
            case OR -> {
                return block(InclusiveGateway.class, children, from);
            }
            case LOOP -> {
                FlowNode entry = gateway(ExclusiveGateway.class, GatewayDirection.Converging);
                connect(from, entry);
                FlowNode afterDo = build(children.get(0), entry);
                FlowNode choice = gateway(ExclusiveGateway.class, GatewayDirection.Diverging);
                connect(afterDo, choice);
                for (ProcessTree redo : children.subList(1, children.size())) connect(build(redo, choice), entry);
                return choice;
            }
            default -> throw new IllegalStateException("unknown operator " + tree.operator());
        }
    }

    private FlowNode block(Class<? extends Gateway> type, List<ProcessTree> children, FlowNode from) {
        FlowNode split = gateway(type, GatewayDirection.Diverging);
        connect(from, split);
        FlowNode join = gateway(type, GatewayDirection.Converging);
        for (ProcessTree c : children) connect(build(c, split), join);
        return join;
    }

    private <T extends FlowNode> T add(Class<T> type, String name) {
        T node = model.newInstance(type);
        String simple = type.getSimpleName();
        node.setId(Character.toLowerCase(simple.charAt(0)) + simple.substring(1) + "_" + (++ids));
        if (name != null) node.setName(name);
        process.addChildElement(node);
        return node;
    }

    private FlowNode gateway(Class<? extends Gateway> type, GatewayDirection direction) {
        Gateway g = add(type, null);
        g.setGatewayDirection(direction);
        return g;
    }

    private void connect(FlowNode from, FlowNode to) {
        if (!connected.add(from.getId() + "\u0000" + to.getId())) return;
        SequenceFlow flow = model.newInstance(SequenceFlow.class);
        flow.setId("flow_" + (++ids));
        process.addChildElement(flow);
        flow.setSource(from);
        flow.setTarget(to);
        from.getOutgoing().add(flow);
        to.getIncoming().add(flow);
    }
}
