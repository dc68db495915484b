package io.coalition.mining.tree;

import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;

import java.util.List;

/**
 * Process tree to workflow net, block by block as pm4py's {@code to_petri_net} converter builds it: a place
 * {@code source} (initial marking) and {@code sink} (final marking); a leaf is one transition between its entry
 * and exit place (tau: an invisible one); XOR children share entry and exit; SEQUENCE chains them through fresh
 * places; PARALLEL gets an invisible split and join; LOOP gets an invisible entry into a fresh place, the do
 * part from there, the redo part from the do part's exit back through an invisible loop transition, and an
 * invisible exit. pm4py's optional post-reductions of silent transitions are not applied, so nets may have a few
 * more invisible transitions than pm4py's; the language is the tree's and the net is sound.
 *
 * <p>Ids are deterministic: places {@code p1, p2, ...}, transitions {@code t1, ...} (labelled) and
 * {@code tau1, ...} (invisible), numbered in depth-first order.
 */
public final class TreeToPetriNet {
    private final PetriNet.Builder b = PetriNet.builder("");
    private int places;
    private int transitions;

    private TreeToPetriNet() {
    }

    public static AcceptingPetriNet convert(ProcessTree tree) {
        TreeToPetriNet c = new TreeToPetriNet();
        c.b.place("source");
        c.b.place("sink");
        c.add(tree, "source", "sink");
        return new AcceptingPetriNet(c.b.build(), Marking.of("source"), Marking.of("sink"));
    }

    private String place() {
        String p = "p" + (++places);
        b.place(p);
        return p;
    }

    private String tau() {
        String t = "tau" + (++transitions);
        b.invisible(t);
        return t;
    }

    /** Adds {@code t} between {@code in} and {@code out} (a fresh place when {@code null}); returns the exit place. */
    private String add(ProcessTree t, String in, String out) {
        String fin = out != null ? out : place();
        if (t.isLeaf()) {
            String tr;
            if (t.isTau()) {
                tr = tau();
            } else {
                tr = "t" + (++transitions);
                b.transition(tr, t.label());
            }
            b.arc(in, tr);
            b.arc(tr, fin);
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
                b.arc(in, split);
                b.arc(join, fin);
                for (ProcessTree c : cs) {
                    String ci = place();
                    b.arc(split, ci);
                    ProcessTree body = t.operator() == ProcessTree.Operator.OR ? ProcessTree.xor(c, ProcessTree.tau()) : c;
                    String co = add(body, ci, null);
                    b.arc(co, join);
                }
            }
            case SEQUENCE -> {
                String cur = in;
                for (int i = 0; i < cs.size(); i++) cur = add(cs.get(i), cur, i == cs.size() - 1 ? fin : null);
            }
            case LOOP -> {
                String start = place();
                String init = tau();
                b.arc(in, init);
                b.arc(init, start);
                String afterDo = add(cs.get(0), start, null);
                ProcessTree redo = cs.size() == 2 ? cs.get(1) : ProcessTree.of(ProcessTree.Operator.XOR, cs.subList(1, cs.size()));
                String afterRedo = add(redo, afterDo, null);
                String back = tau();
                b.arc(afterRedo, back);
                b.arc(back, start);
                String exit = tau();
                b.arc(afterDo, exit);
                b.arc(exit, fin);
            }
        }
        return fin;
    }
}
