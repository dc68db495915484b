package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamObligation;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;

import org.apache.jena.query.Query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The policy applied offline to one complete process graph G (brute force, also the static baseline): the full
 * selectors of every obligation are evaluated over G with only {@code ?process} bound. Deny: G \ (Q ∪ F) ∪ R;
 * allow: (Q \ F) ∪ R. Used as the oracle the streamed result must equal.
 */
public final class OfflineOracle {
    private OfflineOracle() {
    }

    public static Graph apply(RequesterPolicy policy, Node process, Graph g) {
        return apply(Selectors.of(policy), process, g);
    }

    /** The selectors of a policy, parsed once (the static baseline applies them to every process). */
    record Selectors(StreamObligation.Effect effect, List<Query> q, List<Query> f, List<Query> r) {
        static Selectors of(RequesterPolicy policy) {
            List<Query> q = new ArrayList<>();
            List<Query> f = new ArrayList<>();
            List<Query> r = new ArrayList<>();
            for (StreamObligation o : policy.obligations()) {
                q.add(o.selector());
                if (o.hasAlternative()) {
                    f.add(o.findSelector());
                    r.add(o.replaceSelector());
                }
            }
            return new Selectors(policy.effect(), q, f, r);
        }
    }

    static Graph apply(Selectors selectors, Node process, Graph g) {
        Binding b = DynamicFilter.processBinding(process);
        Set<Triple> q = new HashSet<>();
        Set<Triple> f = new HashSet<>();
        Set<Triple> r = new HashSet<>();
        for (Query s : selectors.q()) q.addAll(QueryExec.graph(g).query(s).substitution(b).construct().find().toList());
        for (Query s : selectors.f()) f.addAll(QueryExec.graph(g).query(s).substitution(b).construct().find().toList());
        for (Query s : selectors.r()) r.addAll(QueryExec.graph(g).query(s).substitution(b).construct().find().toList());
        Graph out = GraphFactory.createDefaultGraph();
        if (selectors.effect() == StreamObligation.Effect.DENY) {
            g.find().forEach(t -> {
                if (!q.contains(t) && !f.contains(t)) out.add(t);
            });
        } else {
            for (Triple t : q) if (!f.contains(t)) out.add(t);
        }
        r.forEach(out::add);
        return out;
    }
}
