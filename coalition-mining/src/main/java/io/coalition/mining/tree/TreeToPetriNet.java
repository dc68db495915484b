package io.coalition.mining.tree;

import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Process tree to workflow net as pm4py's {@code to_petri_net} converter does it: first block by block (a place
 * {@code source} with the initial and {@code sink} with the final token; a leaf is one transition between its
 * entry and exit place, tau an invisible one; XOR children share entry and exit; SEQUENCE chains them through
 * fresh places; PARALLEL gets an invisible split and join and fresh entry/exit places per child; LOOP gets an
 * invisible entry into a fresh place, the do part from there, the redo part from the do part's exit back through
 * an invisible loop transition, and an invisible exit), then pm4py's {@code apply_simple_reduction}: an invisible
 * transition with one input place that has no other arc is merged into the transition before it (single entry),
 * then an invisible transition with one output place that has no other arc into the transition after it (single
 * exit), each repeated until nothing changes. The reductions keep the language and soundness;
 * {@link #convertUnreduced} gives the block form.
 *
 * <p>Ids are deterministic: places {@code p1, p2, ...}, transitions {@code t1, ...} (labelled) and
 * {@code tau1, ...} (invisible), numbered in depth-first order; pm4py visits candidates in Python set order, we
 * in creation order (the counts of places, transitions and arcs do not depend on it for the miners' trees).
 */
public final class TreeToPetriNet {
    private final Set<String> places = new LinkedHashSet<>();
    private final Map<String, String> transitions = new LinkedHashMap<>();  // id -> label (null = invisible)
    private final Set<List<String>> arcs = new LinkedHashSet<>();
    private int placeNo;
    private int transitionNo;

    private TreeToPetriNet() {
    }

    /** The reduced net, as pm4py's converter returns it. */
    public static AcceptingPetriNet convert(ProcessTree tree) {
        TreeToPetriNet c = build(tree);
        c.reduceSingleEntry();
        c.reduceSingleExit();
        return c.net();
    }

    /** The block-structured net before pm4py's reductions. */
    public static AcceptingPetriNet convertUnreduced(ProcessTree tree) {
        return build(tree).net();
    }

    private static TreeToPetriNet build(ProcessTree tree) {
        TreeToPetriNet c = new TreeToPetriNet();
        c.places.add("source");
        c.places.add("sink");
        c.add(tree, "source", "sink");
        return c;
    }

    private AcceptingPetriNet net() {
        PetriNet.Builder b = PetriNet.builder("");
        for (String p : places) b.place(p);
        for (Map.Entry<String, String> t : transitions.entrySet()) b.transition(t.getKey(), t.getValue());
        for (List<String> a : arcs) b.arc(a.get(0), a.get(1));
        return new AcceptingPetriNet(b.build(), Marking.of("source"), Marking.of("sink"));
    }

    private String place() {
        String p = "p" + (++placeNo);
        places.add(p);
        return p;
    }

    private String tau() {
        String t = "tau" + (++transitionNo);
        transitions.put(t, null);
        return t;
    }

    private void arc(String from, String to) {
        arcs.add(List.of(from, to));
    }

    private List<String> pre(String node) {
        List<String> out = new ArrayList<>();
        for (List<String> a : arcs) if (a.get(1).equals(node)) out.add(a.get(0));
        return out;
    }

    private List<String> post(String node) {
        List<String> out = new ArrayList<>();
        for (List<String> a : arcs) if (a.get(0).equals(node)) out.add(a.get(1));
        return out;
    }

    private void remove(String node) {
        arcs.removeIf(a -> a.get(0).equals(node) || a.get(1).equals(node));
        places.remove(node);
        transitions.remove(node);
    }

    /** pm4py's {@code reduce_single_entry_transitions}. */
    private void reduceSingleEntry() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, String> t : new ArrayList<>(transitions.entrySet())) {
                if (t.getValue() != null) continue;
                List<String> in = pre(t.getKey());
                if (in.size() != 1) continue;
                String p = in.get(0);
                List<String> pIn = pre(p);
                if (pIn.size() != 1 || post(p).size() != 1) continue;
                String before = pIn.get(0);
                List<String> targets = post(t.getKey());
                remove(t.getKey());
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
            for (Map.Entry<String, String> t : new ArrayList<>(transitions.entrySet())) {
                if (t.getValue() != null) continue;
                List<String> out = post(t.getKey());
                if (out.size() != 1) continue;
                String p = out.get(0);
                List<String> pOut = post(p);
                if (pre(p).size() != 1 || pOut.size() != 1) continue;
                String after = pOut.get(0);
                List<String> sources = pre(t.getKey());
                remove(t.getKey());
                remove(p);
                for (String q : sources) arc(q, after);
                changed = true;
                break;
            }
        }
    }

    /** Adds {@code t} between {@code in} and {@code out} (a fresh place when {@code null}); returns the exit place. */
    private String add(ProcessTree t, String in, String out) {
        String fin = out != null ? out : place();
        if (t.isLeaf()) {
            String tr;
            if (t.isTau()) {
                tr = tau();
            } else {
                tr = "t" + (++transitionNo);
                transitions.put(tr, t.label());
            }
            arc(in, tr);
            arc(tr, fin);
            return fin;
        }
        List<ProcessTree> cs = t.children();
        switch (t.operator()) {
            case XOR -> {
                for (ProcessTree c : cs) add(c, in, fin);
            }
            case PARALLEL, OR -> {
                // OR is not produced by the miners; as a net it is over-approximated by PARALLEL of optional parts
                String split = tau();
                String join = tau();
                arc(in, split);
                arc(join, fin);
                for (ProcessTree c : cs) {
                    String ci = place();
                    arc(split, ci);
                    ProcessTree body = t.operator() == ProcessTree.Operator.OR ? ProcessTree.xor(c, ProcessTree.tau()) : c;
                    String co = add(body, ci, null);
                    arc(co, join);
                }
            }
            case SEQUENCE -> {
                String cur = in;
                for (int i = 0; i < cs.size(); i++) cur = add(cs.get(i), cur, i == cs.size() - 1 ? fin : null);
            }
            case LOOP -> {
                String start = place();
                String init = tau();
                arc(in, init);
                arc(init, start);
                String afterDo = add(cs.get(0), start, null);
                ProcessTree redo = cs.size() == 2 ? cs.get(1) : ProcessTree.of(ProcessTree.Operator.XOR, cs.subList(1, cs.size()));
                String afterRedo = add(redo, afterDo, null);
                String back = tau();
                arc(afterRedo, back);
                arc(back, start);
                String exit = tau();
                arc(afterDo, exit);
                arc(exit, fin);
            }
        }
        return fin;
    }
}
