package io.coalition.streamaccess.policy;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;

/** Matches a ground triple against a triple pattern, giving the variable bindings (no SPARQL needed). */
public final class Unifier {
    private Unifier() {
    }

    /**
     * The bindings that make {@code pattern} equal to {@code t}, extending {@code initial} (may be null), or
     * {@code null} when a constant differs or a variable would be bound to two values.
     */
    public static Binding unify(Triple pattern, Triple t, Binding initial) {
        BindingBuilder b = initial == null ? Binding.builder() : Binding.builder(initial);
        if (!slot(pattern.getSubject(), t.getSubject(), b)) return null;
        if (!slot(pattern.getPredicate(), t.getPredicate(), b)) return null;
        if (!slot(pattern.getObject(), t.getObject(), b)) return null;
        return b.build();
    }

    private static boolean slot(Node p, Node value, BindingBuilder b) {
        if (!p.isVariable()) return p.equals(value);
        Var v = Var.alloc(p);
        Node bound = b.get(v);
        if (bound != null) return bound.equals(value);
        b.add(v, value);
        return true;
    }
}
