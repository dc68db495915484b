package io.coalition.mining.tree;

import io.coalition.mining.MiningException;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Process tree to workflow net the way pm4py (2.2-2.7) does it when a user goes through BPMN: the tree is first
 * turned into a BPMN diagram ({@code conversion/process_tree/variants/to_bpmn.py}) and that diagram into a Petri
 * net ({@code conversion/bpmn/variants/to_petri_net.py}), then pm4py's simple reduction runs. Read in pm4py-core
 * and re-implemented, not copied.
 *
 * <p>BPMN step: a leaf is a task (tau a "tau task"), XOR/PARALLEL/OR a diverging and a converging gateway of the
 * kind with every child between them, SEQUENCE chains the children (each child's exit node flows into the next
 * child), LOOP {@code *(do, redo...)} an exclusive join, the do part, an exclusive split, each redo part from the
 * split back to the join. Tau tasks are then removed, a flow through one becoming a direct flow (this is how a
 * tau branch of a choice becomes a flow from split to join).
 *
 * <p>Net step: places {@code source} and {@code sink}; a place per sequence flow; per BPMN node an entry place, a
 * transition (labelled for tasks, silent otherwise) and an exit place; a parallel gateway with several outgoing
 * (incoming) flows gets a silent transition after its exit (before its entry) place that marks (empties) all of
 * them; a start event gets a silent transition from {@code source}, an end event one to {@code sink}; each flow
 * connects its source's exit to its target's entry, through a silent transition on each side where that side is
 * a place (so an exclusive gateway chooses in its exit place). Then {@code apply_simple_reduction}: single-entry,
 * then single-exit silent transitions are merged away, each repeated until nothing changes; places left without
 * arcs are dropped.
 *
 * <p>pm4py names every BPMN node and flow, and the extra silent transitions, with random UUIDs, and iterates
 * Python sets in the reduction, so its net's names (which order its token replay and ETConformance) change from
 * run to run. Here names are deterministic ({@code n<k>} nodes, {@code f<k>} flows, {@code h<k>} extra silent
 * transitions, in creation order, zero-padded) unless a {@link Random} is given, which then draws UUID-like names
 * and a candidate order for the reduction, so one can see how much pm4py's randomness moves a measure.
 */
final class Pm4pyBpmnRoute {
    private enum Kind { START, END, TASK, TAU, XOR_SPLIT, XOR_JOIN, AND_SPLIT, AND_JOIN }

    private record Node(int id, Kind kind, String label) {
    }

    private record Flow(int id, Node source, Node target) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();
    private final List<Node> taus = new ArrayList<>();
    private final Random random;
    private int flowNo;
    private int extraNo;

    // the mutable net: node id -> pre/post sets (places and transitions share the id space)
    private final Set<String> places = new LinkedHashSet<>();
    private final Map<String, String> transitions = new LinkedHashMap<>();
    private final Set<String> invisible = new LinkedHashSet<>();
    private final Map<String, Set<String>> pre = new HashMap<>();
    private final Map<String, Set<String>> post = new HashMap<>();
    private final Map<Integer, String> nodeNames = new HashMap<>();
    private final Map<Integer, String> flowNames = new HashMap<>();

    private Pm4pyBpmnRoute(Random random) {
        this.random = random;
    }

    static AcceptingPetriNet convert(ProcessTree tree, Random random) {
        Pm4pyBpmnRoute r = new Pm4pyBpmnRoute(random);
        Node start = r.node(Kind.START, null);
        Node end = r.node(Kind.END, null);
        r.add(tree, start, end);
        r.deleteTaus();
        r.toNet();
        r.reduceSingleEntry();
        r.reduceSingleExit();
        return r.net();
    }

    // ---- BPMN ----

    private Node node(Kind kind, String label) {
        Node n = new Node(nodes.size(), kind, label);
        nodes.add(n);
        if (kind == Kind.TAU) taus.add(n);
        return n;
    }

    private void flow(Node source, Node target) {
        flows.add(new Flow(flowNo++, source, target));
    }

    /** pm4py's {@code recursively_add_tree}; returns the child's first and last node. */
    private Node[] add(ProcessTree t, Node in, Node out) {
        if (t.isLeaf()) {
            Node task = t.isTau() ? node(Kind.TAU, null) : node(Kind.TASK, t.label());
            flow(in, task);
            flow(task, out);
            return new Node[] {task, task};
        }
        List<ProcessTree> cs = t.children();
        switch (t.operator()) {
            case XOR, PARALLEL -> {
                boolean xor = t.operator() == ProcessTree.Operator.XOR;
                Node split = node(xor ? Kind.XOR_SPLIT : Kind.AND_SPLIT, null);
                Node join = node(xor ? Kind.XOR_JOIN : Kind.AND_JOIN, null);
                for (ProcessTree c : cs) add(c, split, join);
                flow(in, split);
                flow(join, out);
                return new Node[] {split, join};
            }
            case SEQUENCE -> {
                // pm4py's intermediate "tau tasks" only receive a dead-end flow (removed with them), except the
                // last one, which gets none: the children end up chained directly
                Node first = null;
                Node last = null;
                Node from = in;
                Node to = node(Kind.TAU, null);
                for (int i = 0; i < cs.size(); i++) {
                    Node[] c = add(cs.get(i), from, to);
                    from = c[1];
                    if (i == 0) first = c[0];
                    to = i == cs.size() - 2 ? out : node(Kind.TAU, null);
                    last = c[1];
                }
                return new Node[] {first, last};
            }
            case LOOP -> {
                Node split = node(Kind.XOR_SPLIT, null);
                Node join = node(Kind.XOR_JOIN, null);
                add(cs.get(0), join, split);
                for (ProcessTree redo : cs.subList(1, cs.size())) add(redo, split, join);
                flow(in, join);
                flow(split, out);
                return new Node[] {join, split};
            }
            default -> throw new MiningException("pm4py's BPMN route: operator " + t.operator()
                    + " is not supported (inclusive gateways need pm4py's OR handling, not ported), in " + t);
        }
    }

    /** pm4py's {@code delete_tau_transitions}, in tau creation order. */
    private void deleteTaus() {
        for (Node tau : taus) {
            List<Flow> in = new ArrayList<>();
            List<Flow> out = new ArrayList<>();
            for (Flow f : flows) {
                if (f.target() == tau) in.add(f);
                if (f.source() == tau) out.add(f);
            }
            if (in.size() > 1 || out.size() > 1) {
                throw new IllegalStateException("tau task " + tau.id() + " has " + in.size() + " incoming and "
                        + out.size() + " outgoing flows (pm4py raises here too)");
            }
            flows.removeAll(in);
            flows.removeAll(out);
            if (!in.isEmpty() && !out.isEmpty()) flow(in.get(0).source(), out.get(0).target());
            nodes.remove(tau);
        }
    }

    // ---- net ----

    private String name(String prefix, int no) {
        if (random == null) return String.format("%s%04d", prefix, no);
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String extraTransition() {
        String t = name("h", extraNo++);
        transition(t, null);
        return t;
    }

    private void place(String p) {
        places.add(p);
        pre.put(p, new LinkedHashSet<>());
        post.put(p, new LinkedHashSet<>());
    }

    private void transition(String t, String label) {
        transitions.put(t, label);
        if (label == null) invisible.add(t);
        pre.put(t, new LinkedHashSet<>());
        post.put(t, new LinkedHashSet<>());
    }

    private void arc(String from, String to) {
        post.get(from).add(to);
        pre.get(to).add(from);
    }

    private void toNet() {
        place("source");
        place("sink");
        Map<Node, Integer> outgoing = new HashMap<>();
        Map<Node, Integer> incoming = new HashMap<>();
        for (Flow f : flows) {
            String p = name("f", f.id());
            flowNames.put(f.id(), p);
            place(p);
            outgoing.merge(f.source(), 1, Integer::sum);
            incoming.merge(f.target(), 1, Integer::sum);
        }
        Map<Node, String> entering = new HashMap<>();
        Map<Node, String> exiting = new HashMap<>();
        for (Node n : nodes) {
            String id = name("n", n.id());
            nodeNames.put(n.id(), id);
            String entry = "ent_" + id;
            String exit = "exi_" + id;
            place(entry);
            place(exit);
            transition(id, n.kind() == Kind.TASK ? n.label() : null);
            arc(entry, id);
            arc(id, exit);
            String enter = entry;
            String leave = exit;
            if (n.kind() == Kind.AND_SPLIT || n.kind() == Kind.AND_JOIN) {
                if (outgoing.getOrDefault(n, 0) > 1) {
                    leave = extraTransition();
                    arc(exit, leave);
                }
                if (incoming.getOrDefault(n, 0) > 1) {
                    enter = extraTransition();
                    arc(enter, entry);
                }
            }
            entering.put(n, enter);
            exiting.put(n, leave);
            if (n.kind() == Kind.START) {
                String s = extraTransition();
                arc("source", s);
                arc(s, entry);
            } else if (n.kind() == Kind.END) {
                String e = extraTransition();
                arc(exit, e);
                arc(e, "sink");
            }
        }
        for (Flow f : flows) {
            String from = exiting.get(f.source());
            String to = entering.get(f.target());
            if (places.contains(from)) {
                String t = extraTransition();
                arc(from, t);
                from = t;
            }
            if (places.contains(to)) {
                String t = extraTransition();
                arc(t, to);
                to = t;
            }
            String p = flowNames.get(f.id());
            arc(from, p);
            arc(p, to);
        }
    }

    private void remove(String node) {
        for (String x : pre.remove(node)) post.get(x).remove(node);
        for (String x : post.remove(node)) pre.get(x).remove(node);
        places.remove(node);
        transitions.remove(node);
        invisible.remove(node);
    }

    private List<String> candidates() {
        List<String> ts = new ArrayList<>(invisible);
        if (random != null) Collections.shuffle(ts, random);
        return ts;
    }

    /** pm4py's {@code reduce_single_entry_transitions}. */
    private void reduceSingleEntry() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String t : candidates()) {
                if (pre.get(t).size() != 1) continue;
                String p = pre.get(t).iterator().next();
                if (pre.get(p).size() != 1 || post.get(p).size() != 1) continue;
                String before = pre.get(p).iterator().next();
                List<String> targets = new ArrayList<>(post.get(t));
                remove(t);
                remove(p);
                for (String q : targets) arc(before, q);
                changed = true;
                break;
            }
        }
    }

    /** pm4py's {@code reduce_single_exit_transitions}. */
    private void reduceSingleExit() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String t : candidates()) {
                if (post.get(t).size() != 1) continue;
                String p = post.get(t).iterator().next();
                if (pre.get(p).size() != 1 || post.get(p).size() != 1) continue;
                String after = post.get(p).iterator().next();
                List<String> sources = new ArrayList<>(pre.get(t));
                remove(t);
                remove(p);
                for (String q : sources) arc(q, after);
                changed = true;
                break;
            }
        }
    }

    private AcceptingPetriNet net() {
        PetriNet.Builder b = PetriNet.builder("");
        for (String p : places) {
            boolean dangling = pre.get(p).isEmpty() && post.get(p).isEmpty();
            if (!dangling || p.equals("source") || p.equals("sink")) b.place(p);
        }
        for (Map.Entry<String, String> t : transitions.entrySet()) b.transition(t.getKey(), t.getValue());
        for (String from : transitions.keySet()) {
            for (String p : pre.get(from)) b.arc(p, from);
            for (String p : post.get(from)) b.arc(from, p);
        }
        return new AcceptingPetriNet(b.build(), Marking.of("source"), Marking.of("sink"));
    }
}
