package io.coalition.mining.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable process tree: a leaf (an activity label, or tau when the label is {@code null}) or an operator
 * node with children. {@link Operator#LOOP} follows pm4py: the first child is the do part, every further child a
 * redo alternative (pm4py's miners build exactly two children; ProM's third "exit" child is handled by
 * {@link Ptml}).
 */
public final class ProcessTree {
    /** The operators, with pm4py's symbols. */
    public enum Operator {
        SEQUENCE("->"), XOR("X"), PARALLEL("+"), LOOP("*"), OR("O");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** Whether the order of (all, or for LOOP the redo) children carries no meaning. */
        boolean commutative() {
            return this == XOR || this == PARALLEL || this == OR;
        }
    }

    private static final ProcessTree TAU = new ProcessTree(null, null, List.of());

    private final Operator operator;
    private final String label;
    private final List<ProcessTree> children;
    private final int hash;

    private ProcessTree(Operator operator, String label, List<ProcessTree> children) {
        this.operator = operator;
        this.label = label;
        this.children = children;
        this.hash = Objects.hash(operator, label, children);
    }

    public static ProcessTree tau() {
        return TAU;
    }

    public static ProcessTree activity(String label) {
        return new ProcessTree(null, Objects.requireNonNull(label, "label"), List.of());
    }

    public static ProcessTree of(Operator operator, List<ProcessTree> children) {
        Objects.requireNonNull(operator, "operator");
        if (children.isEmpty()) throw new IllegalArgumentException(operator + " needs children");
        if (operator == Operator.LOOP && children.size() < 2) {
            throw new IllegalArgumentException("a loop needs a do and at least one redo child");
        }
        return new ProcessTree(operator, null, List.copyOf(children));
    }

    public static ProcessTree of(Operator operator, ProcessTree... children) {
        return of(operator, Arrays.asList(children));
    }

    public static ProcessTree sequence(ProcessTree... c) {
        return of(Operator.SEQUENCE, c);
    }

    public static ProcessTree xor(ProcessTree... c) {
        return of(Operator.XOR, c);
    }

    public static ProcessTree parallel(ProcessTree... c) {
        return of(Operator.PARALLEL, c);
    }

    public static ProcessTree loop(ProcessTree... c) {
        return of(Operator.LOOP, c);
    }

    /** The operator, or {@code null} for a leaf. */
    public Operator operator() {
        return operator;
    }

    /** The activity of a visible leaf; {@code null} for tau and operator nodes. */
    public String label() {
        return label;
    }

    public List<ProcessTree> children() {
        return children;
    }

    public boolean isLeaf() {
        return operator == null;
    }

    public boolean isTau() {
        return operator == null && label == null;
    }

    /** Number of nodes. */
    public int size() {
        int n = 1;
        for (ProcessTree c : children) n += c.size();
        return n;
    }

    /** Visible leaf labels, left to right (with repetitions). */
    public List<String> activities() {
        List<String> out = new ArrayList<>();
        collect(out);
        return out;
    }

    private void collect(List<String> out) {
        if (label != null) out.add(label);
        for (ProcessTree c : children) c.collect(out);
    }

    /**
     * Equality where children of XOR, PARALLEL and OR, and the redo children of LOOP, are multisets: pm4py's
     * output order of those depends on Python set order, so only this equality is meaningful across tools.
     */
    public boolean equalsUpToCommutativeOrder(ProcessTree other) {
        return canonical().equals(other.canonical());
    }

    /** The tree with commutative children sorted by their canonical string, so equal-up-to-order trees are equal. */
    public ProcessTree canonical() {
        if (isLeaf()) return this;
        List<ProcessTree> cs = new ArrayList<>(children.size());
        for (ProcessTree c : children) cs.add(c.canonical());
        if (operator.commutative()) {
            cs.sort((x, y) -> x.toString().compareTo(y.toString()));
        } else if (operator == Operator.LOOP) {
            List<ProcessTree> redo = new ArrayList<>(cs.subList(1, cs.size()));
            redo.sort((x, y) -> x.toString().compareTo(y.toString()));
            cs = new ArrayList<>(cs.subList(0, 1));
            cs.addAll(redo);
        }
        return new ProcessTree(operator, null, List.copyOf(cs));
    }

    /**
     * pm4py's normalisation ({@code generic.fold}): tau children are dropped from sequence and parallel nodes and
     * kept once under XOR; nodes with one child are replaced by it; nested SEQUENCE/XOR/PARALLEL nodes of the same
     * operator are flattened into their parent.
     */
    public ProcessTree fold() {
        if (isLeaf()) return this;
        List<ProcessTree> cs = new ArrayList<>();
        for (ProcessTree c : children) cs.add(c.fold());
        if (operator == Operator.SEQUENCE || operator == Operator.PARALLEL || operator == Operator.XOR) {
            List<ProcessTree> flat = new ArrayList<>();
            for (ProcessTree c : cs) {
                if (c.operator == operator) flat.addAll(c.children);
                else flat.add(c);
            }
            cs = flat;
            long taus = cs.stream().filter(ProcessTree::isTau).count();
            if (taus > 0) {
                List<ProcessTree> kept = new ArrayList<>();
                boolean tauKept = false;
                for (ProcessTree c : cs) {
                    if (!c.isTau()) kept.add(c);
                    else if (operator == Operator.XOR && !tauKept) {
                        kept.add(c);
                        tauKept = true;
                    }
                }
                if (kept.isEmpty()) kept.add(TAU);
                cs = kept;
            }
            if (cs.size() == 1) return cs.get(0);
        }
        return new ProcessTree(operator, null, List.copyOf(cs));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessTree t && t.hash == hash && Objects.equals(t.operator, operator)
                && Objects.equals(t.label, label) && t.children.equals(children);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** pm4py's string form, e.g. {@code ->( 'a', X( 'b', tau ) )}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb);
        return sb.toString();
    }

    private void append(StringBuilder sb) {
        if (operator == null) {
            if (label == null) sb.append("tau");
            else sb.append('\'').append(label).append('\'');
            return;
        }
        sb.append(operator.symbol).append("( ");
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) sb.append(", ");
            children.get(i).append(sb);
        }
        sb.append(" )");
    }
}
