package io.coalition.mining.bpmn;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A left-to-right layered layout (BPMN DI) for a process: each node's column is its longest distance from the
 * start, ignoring the flows that close loops; nodes of a column are stacked in discovery order. Simple, but
 * every modeler opens the result readable and without overlaps.
 */
final class BpmnLayout {
    private static final int COLUMN = 160;
    private static final int ROW = 110;
    private static final int MARGIN = 60;

    private BpmnLayout() {
    }

    static void layout(BpmnModelInstance model, Process process) {
        Collection<FlowNode> nodes = process.getChildElementsByType(FlowNode.class);
        Set<SequenceFlow> backEdges = backEdges(nodes);
        Map<FlowNode, Integer> column = columns(nodes, backEdges);
        Map<Integer, Integer> rowsUsed = new HashMap<>();

        BpmnDiagram diagram = model.newInstance(BpmnDiagram.class);
        diagram.setId("diagram");
        BpmnPlane plane = model.newInstance(BpmnPlane.class);
        plane.setId("plane");
        plane.setBpmnElement(process);
        diagram.setBpmnPlane(plane);
        model.getDefinitions().addChildElement(diagram);

        Map<FlowNode, double[]> box = new HashMap<>();
        for (FlowNode node : orderedFromStart(nodes)) {
            int c = column.getOrDefault(node, 0);
            int r = rowsUsed.merge(c, 1, Integer::sum) - 1;
            double[] size = size(node);
            double cx = MARGIN + c * COLUMN + 50;
            double cy = MARGIN + r * ROW + 40;
            double[] b = {cx - size[0] / 2, cy - size[1] / 2, size[0], size[1]};
            box.put(node, b);
            BpmnShape shape = model.newInstance(BpmnShape.class);
            shape.setId(node.getId() + "_di");
            shape.setBpmnElement(node);
            Bounds bounds = model.newInstance(Bounds.class);
            bounds.setX(b[0]);
            bounds.setY(b[1]);
            bounds.setWidth(b[2]);
            bounds.setHeight(b[3]);
            shape.setBounds(bounds);
            plane.addChildElement(shape);
        }
        for (SequenceFlow flow : process.getChildElementsByType(SequenceFlow.class)) {
            double[] from = box.get(flow.getSource());
            double[] to = box.get(flow.getTarget());
            BpmnEdge edge = model.newInstance(BpmnEdge.class);
            edge.setId(flow.getId() + "_di");
            edge.setBpmnElement(flow);
            edge.addChildElement(waypoint(model, from[0] + from[2], from[1] + from[3] / 2));
            if (backEdges.contains(flow)) {
                // loops go back above both nodes, so they do not cross the forward flow
                double top = Math.min(from[1], to[1]) - 25;
                edge.addChildElement(waypoint(model, from[0] + from[2] + 15, from[1] + from[3] / 2));
                edge.addChildElement(waypoint(model, from[0] + from[2] + 15, top));
                edge.addChildElement(waypoint(model, to[0] - 15, top));
                edge.addChildElement(waypoint(model, to[0] - 15, to[1] + to[3] / 2));
            }
            edge.addChildElement(waypoint(model, to[0], to[1] + to[3] / 2));
            plane.addChildElement(edge);
        }
    }

    private static Waypoint waypoint(BpmnModelInstance model, double x, double y) {
        Waypoint w = model.newInstance(Waypoint.class);
        w.setX(x);
        w.setY(y);
        return w;
    }

    private static double[] size(FlowNode node) {
        if (node instanceof Event) return new double[] {36, 36};
        if (node instanceof Gateway) return new double[] {50, 50};
        return new double[] {100, 80};
    }

    /** Nodes in breadth-first order from the start events, then any left over, for stable rows. */
    private static List<FlowNode> orderedFromStart(Collection<FlowNode> nodes) {
        List<FlowNode> order = new ArrayList<>();
        Set<FlowNode> seen = new HashSet<>();
        Deque<FlowNode> queue = new ArrayDeque<>();
        for (FlowNode n : nodes) {
            if (n instanceof StartEvent && seen.add(n)) queue.add(n);
        }
        while (!queue.isEmpty()) {
            FlowNode n = queue.poll();
            order.add(n);
            for (SequenceFlow f : n.getOutgoing()) {
                if (seen.add(f.getTarget())) queue.add(f.getTarget());
            }
        }
        for (FlowNode n : nodes) {
            if (seen.add(n)) order.add(n);
        }
        return order;
    }

    /** Flows that close a cycle in a depth-first search from the start events. */
    private static Set<SequenceFlow> backEdges(Collection<FlowNode> nodes) {
        Set<SequenceFlow> back = new HashSet<>();
        Set<FlowNode> done = new HashSet<>();
        Set<FlowNode> onPath = new HashSet<>();
        for (FlowNode n : orderedFromStart(nodes)) {
            if (!done.contains(n)) dfs(n, done, onPath, back);
        }
        return back;
    }

    private static void dfs(FlowNode start, Set<FlowNode> done, Set<FlowNode> onPath, Set<SequenceFlow> back) {
        // iterative, so that long processes cannot overflow the stack
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {start, new ArrayList<>(start.getOutgoing()), 0});
        onPath.add(start);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            FlowNode node = (FlowNode) frame[0];
            @SuppressWarnings("unchecked")
            List<SequenceFlow> out = (List<SequenceFlow>) frame[1];
            int i = (Integer) frame[2];
            if (i == out.size()) {
                stack.pop();
                onPath.remove(node);
                done.add(node);
                continue;
            }
            frame[2] = i + 1;
            SequenceFlow f = out.get(i);
            FlowNode next = f.getTarget();
            if (onPath.contains(next)) {
                back.add(f);
            } else if (!done.contains(next)) {
                onPath.add(next);
                stack.push(new Object[] {next, new ArrayList<>(next.getOutgoing()), 0});
            }
        }
    }

    /** Longest distance from a source over forward flows (a topological order exists once back edges go). */
    private static Map<FlowNode, Integer> columns(Collection<FlowNode> nodes, Set<SequenceFlow> backEdges) {
        Map<FlowNode, Integer> indegree = new HashMap<>();
        for (FlowNode n : nodes) {
            int d = 0;
            for (SequenceFlow f : n.getIncoming()) if (!backEdges.contains(f)) d++;
            indegree.put(n, d);
        }
        Map<FlowNode, Integer> column = new HashMap<>();
        Deque<FlowNode> ready = new ArrayDeque<>();
        for (FlowNode n : nodes) {
            if (indegree.get(n) == 0) {
                ready.add(n);
                column.put(n, 0);
            }
        }
        while (!ready.isEmpty()) {
            FlowNode n = ready.poll();
            for (SequenceFlow f : n.getOutgoing()) {
                if (backEdges.contains(f)) continue;
                FlowNode t = f.getTarget();
                column.merge(t, column.get(n) + 1, Math::max);
                if (indegree.merge(t, -1, Integer::sum) == 0) ready.add(t);
            }
        }
        return column;
    }
}
