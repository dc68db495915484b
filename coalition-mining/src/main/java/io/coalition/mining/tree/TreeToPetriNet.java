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
 * <p>Ids are deterministic: places {@code source}, {@code sink} and {@code p_N} numbered as pm4py numbers them
 * (pm4py's token replay visits marked places in name order), labelled transitions {@code t1, ...}, invisible ones
 * named as pm4py names them ({@code skip_N} for tau leaves and loop exits, {@code tauSplit_N}/{@code tauJoin_N},
 * {@code init_loop_N}/{@code loop_N}, N counting pm4py's hidden transitions in its creation order, including the
 * {@code tau_N} it adds at the source or sink when the tree starts or ends with a choice, a parallel or a loop
 * and then reduces away): pm4py's ETConformance visits silent transitions in name order, and its result depends
 * on that order (see {@code CompiledNet.visibleEventuallyEnabled}). The reductions visit candidates in
 * creation order (pm4py: Python set order; the counts of places, transitions and arcs do not depend on it for
 * the miners' trees).
 */
public final class TreeToPetriNet {
    private final Set<String> places = new LinkedHashSet<>();
    private final Map<String, String> transitions = new LinkedHashMap<>();  // id -> label (null = invisible)
    private final Set<List<String>> arcs = new LinkedHashSet<>();
    private int placeNo;
    private int transitionNo;
    private int hiddenNo;

    private TreeToPetriNet() {
    }

    /** The reduced net, as pm4py's converter returns it. */
    public static AcceptingPetriNet convert(ProcessTree tree) {
        TreeToPetriNet c = build(tree);
        c.reduceSingleEntry();
        c.reduceSingleExit();
        return c.net();
    }

    /**
     * The net pm4py builds when the tree goes through BPMN first ({@code pm4py.convert_to_bpmn(tree)}, then
     * {@code pm4py.convert_to_petri_net(bpmn)}), with deterministic names (pm4py draws random UUIDs); see
     * {@link Pm4pyBpmnRoute}. The language is the tree's, but the silent steps differ from {@link #convert}'s,
     * and with them token replay and ETConformance.
     *
     * @throws io.coalition.mining.MiningException for an OR node (pm4py's inclusive-gateway handling is not ported)
     */
    public static AcceptingPetriNet convertViaPm4pyBpmn(ProcessTree tree) {
        return Pm4pyBpmnRoute.convert(tree, null);
    }

    /** As {@link #convertViaPm4pyBpmn(ProcessTree)}, with pm4py-like random names and reduction order. */
    static AcceptingPetriNet convertViaPm4pyBpmn(ProcessTree tree, java.util.Random random) {
        return Pm4pyBpmnRoute.convert(tree, random);
    }

    /** The block-structured net before pm4py's reductions. */
    public static AcceptingPetriNet convertUnreduced(ProcessTree tree) {
        return build(tree).net();
    }

    /**
     * pm4py 1.x's net of the tree: the block form with the silent step after the source (when the tree starts with
     * a loop or its root is a choice or a parallel) and before the sink (when it ends with a loop, or the root is a
     * choice or a parallel) that pm4py adds in every version, and that 1.x, having no reduction yet, kept
     * ({@code tau_1} / {@code tau_2} between {@code source} / {@code sink} and a fresh place). This is the net
     * behind the IMDF columns of pm4py-core's {@code tests/pm_extr_test/report.txt}.
     */
    public static AcceptingPetriNet convertAsPm4py1(ProcessTree tree) {
        return build(tree, true).net();
    }

    private static TreeToPetriNet build(ProcessTree tree) {
        return build(tree, false);
    }

    private static TreeToPetriNet build(ProcessTree tree, boolean keepBoundarySteps) {
        TreeToPetriNet c = new TreeToPetriNet();
        c.places.add("source");
        c.places.add("sink");
        // pm4py numbers source and sink p_1, p_2, then its initial and final tau and their places before the
        // tree's (the reduction removes them again)
        c.placeNo = 2;
        String in = "source";
        String out = "sink";
        if (startsWithChoiceParallelOrLoop(tree)) {
            c.hiddenNo++;
            c.placeNo++;
            if (keepBoundarySteps) in = c.boundaryStep("source", true);
        }
        if (endsWithChoiceParallelOrLoop(tree)) {
            c.hiddenNo++;
            c.placeNo++;
            if (keepBoundarySteps) out = c.boundaryStep("sink", false);
        }
        c.add(tree, in, out);
        return c;
    }

    /** pm4py's initial (or final) tau and its place, numbered as reserved above; returns the place. */
    private String boundaryStep(String end, boolean initial) {
        String p = "p_" + placeNo;
        String t = "tau_" + hiddenNo;
        places.add(p);
        transitions.put(t, null);
        if (initial) {
            arc(end, t);
            arc(t, p);
        } else {
            arc(p, t);
            arc(t, end);
        }
        return p;
    }

    private AcceptingPetriNet net() {
        PetriNet.Builder b = PetriNet.builder("");
        for (String p : places) b.place(p);
        for (Map.Entry<String, String> t : transitions.entrySet()) b.transition(t.getKey(), t.getValue());
        for (List<String> a : arcs) b.arc(a.get(0), a.get(1));
        return new AcceptingPetriNet(b.build(), Marking.of("source"), Marking.of("sink"));
    }

    private String place() {
        String p = "p_" + (++placeNo);
        places.add(p);
        return p;
    }

    private String tau(String kind) {
        ++transitionNo;
        String t = kind + "_" + (++hiddenNo);
        transitions.put(t, null);
        return t;
    }

    /** pm4py's {@code check_tau_mandatory_at_initial_marking} (its condition on terminal children never holds). */
    private static boolean startsWithChoiceParallelOrLoop(ProcessTree t) {
        return initialLoop(t) || loopToFirst(t) || t.operator() == ProcessTree.Operator.XOR
                || t.operator() == ProcessTree.Operator.PARALLEL;
    }

    private static boolean endsWithChoiceParallelOrLoop(ProcessTree t) {
        return terminalLoop(t) || loopToLast(t) || t.operator() == ProcessTree.Operator.XOR
                || t.operator() == ProcessTree.Operator.PARALLEL;
    }

    /** pm4py's {@code check_initial_loop}, which continues with the terminal check on the first child. */
    private static boolean initialLoop(ProcessTree t) {
        if (t.children().isEmpty()) return false;
        ProcessTree c = t.children().get(0);
        if (c.operator() == null) return false;
        return c.operator() == ProcessTree.Operator.LOOP || terminalLoop(c);
    }

    private static boolean terminalLoop(ProcessTree t) {
        if (t.children().isEmpty()) return false;
        ProcessTree c = t.children().get(t.children().size() - 1);
        if (c.operator() == null) return false;
        return c.operator() == ProcessTree.Operator.LOOP || terminalLoop(c);
    }

    private static boolean loopToFirst(ProcessTree t) {
        if (t.operator() == ProcessTree.Operator.LOOP) return true;
        if (t.children().isEmpty()) return false;
        return t.children().get(0).operator() == ProcessTree.Operator.LOOP || loopToFirst(t.children().get(0));
    }

    private static boolean loopToLast(ProcessTree t) {
        if (t.operator() == ProcessTree.Operator.LOOP) return true;
        if (t.children().isEmpty()) return false;
        ProcessTree last = t.children().get(t.children().size() - 1);
        return last.operator() == ProcessTree.Operator.LOOP || loopToLast(last);
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
                tr = tau("skip");
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
                String split = tau("tauSplit");
                String join = tau("tauJoin");
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
                // pm4py creates init_loop and loop (the way back) first, the exit skip last
                String start = place();
                String init = tau("init_loop");
                String back = tau("loop");
                arc(in, init);
                arc(init, start);
                String afterDo = add(cs.get(0), start, null);
                ProcessTree redo = cs.size() == 2 ? cs.get(1) : ProcessTree.of(ProcessTree.Operator.XOR, cs.subList(1, cs.size()));
                String afterRedo = add(redo, afterDo, null);
                arc(afterRedo, back);
                arc(back, start);
                String exit = tau("skip");
                arc(afterDo, exit);
                arc(exit, fin);
            }
        }
        return fin;
    }
}
