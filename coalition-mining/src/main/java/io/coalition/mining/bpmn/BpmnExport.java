package io.coalition.mining.bpmn;

import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.mining.MiningException;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;
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

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a workflow net to a BPMN 2.0 process with a diagram, so that BPMN modelers (Camunda Modeler, bpmn.io,
 * Signavio) open it laid out.
 *
 * <p>A visible transition becomes a task; a place with several inputs or outputs becomes an exclusive gateway
 * (joining, splitting, or a join followed by a split); a transition with several input or output places gets a
 * parallel join or split. Places and silent transitions with one input and one output vanish into a plain
 * sequence flow. The initially marked place is the start event and the finally marked one the end event.
 */
public final class BpmnExport {
    private final AcceptingPetriNet apn;
    private final PetriNet net;
    private final BpmnModelInstance model;
    private final Process process;
    /** Where flows into a Petri net node enter BPMN, and where flows out of it leave; null for pass-throughs. */
    private final Map<String, FlowNode> entry = new HashMap<>();
    private final Map<String, FlowNode> exit = new HashMap<>();
    private final List<SequenceFlow> flows = new ArrayList<>();
    private int ids;

    private BpmnExport(AcceptingPetriNet apn) {
        this.apn = apn;
        this.net = apn.net();
        this.model = Bpmn.createEmptyModel();
        Definitions definitions = model.newInstance(Definitions.class);
        definitions.setTargetNamespace("https://coalition.io/bpmn");
        model.setDefinitions(definitions);
        process = model.newInstance(Process.class);
        process.setId("process");
        process.setName(net.name());
        process.setExecutable(false);
        definitions.addChildElement(process);
    }

    /** The BPMN model of a workflow net (one initially marked place, one finally marked place). */
    public static BpmnModelInstance of(AcceptingPetriNet net) {
        BpmnExport export = new BpmnExport(net);
        export.build();
        BpmnLayout.layout(export.model, export.process);
        Bpmn.validateModel(export.model);
        return export.model;
    }

    /** The model as BPMN 2.0 XML. */
    public static String toXml(AcceptingPetriNet net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bpmn.writeModelToStream(out, of(net));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes the model to {@code file} atomically. */
    public static void write(AcceptingPetriNet net, Path file) {
        BpmnModelInstance model = of(net);
        AtomicFiles.write(file, (OutputStream out) -> Bpmn.writeModelToStream(out, model));
    }

    /**
     * The BPMN model of a process tree, built from the tree's blocks (see {@link TreeToBpmn}) rather than from its
     * workflow net: no silent tasks, one gateway pair per XOR/AND/OR block, loops as a converging and a
     * diverging exclusive gateway.
     */
    public static BpmnModelInstance of(ProcessTree tree) {
        return TreeToBpmn.convert(tree, "process tree");
    }

    /** The process tree's model as BPMN 2.0 XML. */
    public static String toXml(ProcessTree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bpmn.writeModelToStream(out, of(tree));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes the process tree's model to {@code file} atomically. */
    public static void write(ProcessTree tree, Path file) {
        BpmnModelInstance model = of(tree);
        AtomicFiles.write(file, (OutputStream out) -> Bpmn.writeModelToStream(out, model));
    }

    private void build() {
        String source = single(apn.initial().tokens().keySet(), "initially marked");
        String sink = single(apn.fin().tokens().keySet(), "finally marked");
        for (PetriNet.Place p : net.places()) mapPlace(p.id(), p.id().equals(source), p.id().equals(sink));
        for (PetriNet.Transition t : net.transitions()) mapTransition(t);
        for (String node : allNodes()) {
            FlowNode from = exit.get(node);
            if (from == null) continue;
            for (String next : net.postset(node)) {
                for (FlowNode to : entriesOf(next, new HashSet<>())) connect(from, to);
            }
        }
    }

    private String single(Set<String> places, String what) {
        if (places.size() != 1) {
            throw new MiningException("not a workflow net: expected one " + what + " place, found " + places.size());
        }
        return places.iterator().next();
    }

    private List<String> allNodes() {
        List<String> nodes = new ArrayList<>();
        net.places().forEach(p -> nodes.add(p.id()));
        net.transitions().forEach(t -> nodes.add(t.id()));
        return nodes;
    }

    private void mapPlace(String id, boolean isSource, boolean isSink) {
        int in = net.preset(id).size();
        int out = net.postset(id).size();
        FlowNode first = null;
        FlowNode last = null;
        if (isSource) {
            first = last = add(StartEvent.class, "start");
        }
        if (in > 1 || (isSource && in > 0)) {
            FlowNode join = gateway(ExclusiveGateway.class, GatewayDirection.Converging);
            if (last != null) connect(last, join);
            if (first == null) first = join;
            last = join;
        }
        if (out > 1) {
            FlowNode split = gateway(ExclusiveGateway.class, GatewayDirection.Diverging);
            if (last != null) connect(last, split);
            if (first == null) first = split;
            last = split;
        }
        if (isSink) {
            FlowNode end = add(EndEvent.class, "end");
            if (last != null) connect(last, end);
            if (first == null) first = end;
            last = end;
        }
        if (first != null) {
            entry.put(id, first);
            exit.put(id, last);
        }
    }

    private void mapTransition(PetriNet.Transition t) {
        int in = net.preset(t.id()).size();
        int out = net.postset(t.id()).size();
        FlowNode first = null;
        FlowNode last = null;
        if (in > 1) first = last = gateway(ParallelGateway.class, GatewayDirection.Converging);
        if (!t.isInvisible()) {
            Task task = add(Task.class, t.label());
            if (last != null) connect(last, task);
            if (first == null) first = task;
            last = task;
        }
        if (out > 1) {
            FlowNode split = gateway(ParallelGateway.class, GatewayDirection.Diverging);
            if (last != null) connect(last, split);
            if (first == null) first = split;
            last = split;
        }
        if (first != null) {
            entry.put(t.id(), first);
            exit.put(t.id(), last);
        }
    }

    /** The BPMN nodes that a flow into Petri net node {@code id} reaches, looking through pass-throughs. */
    private List<FlowNode> entriesOf(String id, Set<String> seen) {
        FlowNode e = entry.get(id);
        if (e != null) return List.of(e);
        if (!seen.add(id)) {
            throw new MiningException("cannot convert to BPMN: a cycle of silent steps through '" + id + "'");
        }
        List<FlowNode> result = new ArrayList<>();
        for (String next : net.postset(id)) result.addAll(entriesOf(next, seen));
        return result;
    }

    private <T extends FlowNode> T add(Class<T> type, String name) {
        T node = model.newInstance(type);
        node.setId(type.getSimpleName().substring(0, 1).toLowerCase() + type.getSimpleName().substring(1) + "_" + (++ids));
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
        SequenceFlow flow = model.newInstance(SequenceFlow.class);
        flow.setId("flow_" + (++ids));
        process.addChildElement(flow);
        flow.setSource(from);
        flow.setTarget(to);
        from.getOutgoing().add(flow);
        to.getIncoming().add(flow);
        flows.add(flow);
    }

    /** Counts of the BPMN elements, by type name; for summaries. */
    public static Map<String, Integer> census(BpmnModelInstance model) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Class<? extends FlowNode> type : List.of(StartEvent.class, Task.class, ExclusiveGateway.class,
                ParallelGateway.class, InclusiveGateway.class, EndEvent.class)) {
            counts.put(type.getSimpleName(), model.getModelElementsByType(type).size());
        }
        counts.put("SequenceFlow", model.getModelElementsByType(SequenceFlow.class).size());
        return counts;
    }
}
