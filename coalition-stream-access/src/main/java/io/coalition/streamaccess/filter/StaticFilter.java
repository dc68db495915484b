package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamObligation;
import io.coalition.streamaccess.policy.Unifier;
import io.coalition.streamaccess.rdf.ProcessTriple;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The static baseline of seed 003 section 7.2 (SQR-style): the whole policy, every obligation's complete selectors,
 * is applied to every process, whatever its triples, with no per-triple pre-selection and no incremental state
 * beyond the process buffer. Same output as {@link DynamicFilter} and {@link OfflineOracle}; only the work differs.
 *
 * <p>Not thread-safe: one filter per requester, fed by one thread.
 */
public final class StaticFilter {
    private final RequesterPolicy policy;
    private final Consumer<ProcessTriple> out;
    private final Map<Node, Graph> open = new HashMap<>();
    private final List<Query> decisionPoints;
    private final List<List<Triple>> decisionPatterns;
    private final OfflineOracle.Selectors selectors;

    public StaticFilter(RequesterPolicy policy, Consumer<ProcessTriple> visible) {
        this.policy = policy;
        this.out = visible;
        this.decisionPoints = policy.obligations().stream().map(StreamObligation::decisionPointAsk).toList();
        this.decisionPatterns = policy.obligations().stream().map(StreamObligation::decisionPoint).toList();
        this.selectors = OfflineOracle.Selectors.of(policy); // parsed once: the baseline pays evaluation, not parsing
    }

    public void accept(ProcessTriple pt) {
        Node p = pt.process();
        if (policy.obligations().isEmpty()) { // permitted without restriction
            out.accept(pt);
            return;
        }
        Graph g = open.computeIfAbsent(p, k -> GraphFactory.createDefaultGraph());
        g.add(pt.triple());
        for (int i = 0; i < decisionPoints.size(); i++) {
            boolean trigger = false;
            for (Triple pattern : decisionPatterns.get(i)) {
                if (Unifier.unify(pattern, pt.triple(), DynamicFilter.processBinding(p)) != null) trigger = true;
            }
            if (trigger && QueryExec.graph(g).query(decisionPoints.get(i))
                    .substitution(DynamicFilter.processBinding(p)).ask()) {
                emit(p, open.remove(p));
                return;
            }
        }
    }

    public void finish() {
        open.forEach(this::emit);
        open.clear();
    }

    private void emit(Node p, Graph g) {
        OfflineOracle.apply(selectors, p, g).find().forEachRemaining(t -> out.accept(new ProcessTriple(p, t)));
    }
}
