package io.coalition.streamaccess.filter;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.core.Substitute;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A selector compiled to SPARQL algebra once and evaluated many times with the matched triple's bindings
 * substituted (seed 003 section 6.1: "replacing the variables in the graph pattern with the elements of the
 * triple"). Re-running a {@code QueryExec} with a substitution re-compiles the query on every call, which dominated
 * the filter's cost.
 */
final class CompiledQuery {
    private final Op op;
    private final List<Triple> template;

    CompiledQuery(Query query) {
        this.op = Algebra.optimize(Algebra.compile(query));
        this.template = query.isConstructType() ? query.getConstructTemplate().getTriples() : null;
    }

    boolean ask(Graph g, Binding b) {
        QueryIterator it = Algebra.exec(Substitute.substitute(op, b), g);
        try {
            return it.hasNext();
        } finally {
            it.close();
        }
    }

    List<Triple> construct(Graph g, Binding b) {
        List<Triple> out = new ArrayList<>();
        for (Binding row : select(g, b)) out.addAll(instantiate(template, row));
        return out;
    }

    /** The solutions, each extended with the substituted bindings {@code b}. */
    List<Binding> select(Graph g, Binding b) {
        List<Binding> out = new ArrayList<>();
        QueryIterator it = Algebra.exec(Substitute.substitute(op, b), g);
        try {
            while (it.hasNext()) {
                Binding row = it.next();
                BindingBuilder full = Binding.builder(row);
                for (Iterator<Var> vars = b.vars(); vars.hasNext(); ) {
                    Var v = vars.next();
                    if (!row.contains(v)) full.add(v, b.get(v));
                }
                out.add(full.build());
            }
        } finally {
            it.close();
        }
        return out;
    }

    /** A template's ground triples for one solution, as CONSTRUCT builds them. */
    static List<Triple> instantiate(List<Triple> template, Binding row) {
        List<Triple> out = new ArrayList<>(template.size());
        for (Triple t : template) {
            Triple ground = Substitute.substitute(t, row);
            if (valid(ground)) out.add(ground);
        }
        return out;
    }

    // as in SPARQL CONSTRUCT: a template triple that is unbound or ill-formed is left out
    private static boolean valid(Triple t) {
        Node s = t.getSubject();
        Node p = t.getPredicate();
        Node o = t.getObject();
        return s.isConcrete() && p.isConcrete() && o.isConcrete() && (s.isURI() || s.isBlank()) && p.isURI();
    }
}
