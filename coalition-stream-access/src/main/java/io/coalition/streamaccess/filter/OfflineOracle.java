package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamObligation;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;

import java.util.HashSet;
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
        Binding b = DynamicFilter.processBinding(process);
        Set<Triple> q = new HashSet<>();
        Set<Triple> f = new HashSet<>();
        Set<Triple> r = new HashSet<>();
        for (StreamObligation o : policy.obligations()) {
            q.addAll(QueryExec.graph(g).query(o.selector()).substitution(b).construct().find().toList());
            if (o.hasAlternative()) {
                f.addAll(QueryExec.graph(g).query(o.findSelector()).substitution(b).construct().find().toList());
                r.addAll(QueryExec.graph(g).query(o.replaceSelector()).substitution(b).construct().find().toList());
            }
        }
        Graph out = GraphFactory.createDefaultGraph();
        if (policy.effect() == StreamObligation.Effect.DENY) {
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
