package io.coalition.streamaccess.endpoint;

import io.coalition.streamaccess.StreamAccessException;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementDataset;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.ExprTransformApplyElementTransform;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;
import org.apache.jena.sparql.expr.E_NotExists;

import java.util.ArrayList;
import java.util.List;

/**
 * Query rewriting over the shared graph (seed 003 section 6.2, the demultiplexer's second mode): every triple pattern
 * of the requester's query is replaced by the same pattern restricted by the requester's filter, so the query runs on
 * the shared stream graph and sees exactly the requester's logical log.
 *
 * <p>Deny filter: {@code s p o} becomes {@code { s p o FILTER NOT EXISTS { GRAPH <hidden> { s p o } } FILTER NOT
 * EXISTS { GRAPH <added> { s p o } } } UNION { GRAPH <added> { s p o } }} (shared minus withheld, plus replacements,
 * each answer once). Allow filter: {@code s p o} becomes {@code GRAPH <allowed> { s p o }}. Patterns inside EXISTS, NOT
 * EXISTS and sub-queries are rewritten too.
 *
 * <p>Fails closed: anything that could read the dataset around the rewritten patterns is refused with a message
 * naming it: GRAPH, SERVICE, FROM / FROM NAMED, property functions, property paths, DESCRIBE, EXISTS outside WHERE.
 */
final class QueryRewriter {
    private final Node hiddenOrAllowed;
    private final Node added;
    private final boolean deny;

    /** Deny filter: hidden and added graphs; allow filter: {@code added == null}, the allowed graph. */
    QueryRewriter(Node hiddenOrAllowed, Node added) {
        this.hiddenOrAllowed = hiddenOrAllowed;
        this.added = added;
        this.deny = added != null;
    }

    Query rewrite(Query query) {
        if (query.isDescribeType()) refuse("DESCRIBE (it reads the dataset around the query's answers)");
        if (query.hasDatasetDescription()) refuse("FROM / FROM NAMED (the endpoint's log is its only graph)");
        if (query.getQueryPattern() == null) refuse("a query without WHERE");
        checkNoPatternIn(query.getProject().getExprs().values(), "SELECT expressions");
        if (query.hasHaving()) checkNoPatternIn(query.getHavingExprs(), "HAVING");
        if (query.hasOrderBy()) checkNoPatternIn(query.getOrderBy().stream().map(o -> o.getExpression()).toList(),
                "ORDER BY");
        if (query.hasGroupBy()) checkNoPatternIn(query.getGroupBy().getExprs().values(), "GROUP BY");
        checkNoPatternIn(query.getAggregators().stream().map(ExprAggregator::getAggregator)
                .flatMap(a -> a.getExprList() == null ? java.util.stream.Stream.<Expr>empty()
                        : a.getExprList().getList().stream()).toList(), "aggregates");
        Transform t = new Transform();
        return QueryTransformOps.transform(query, t, new ExprTransformApplyElementTransform(t));
    }

    private static void checkNoPatternIn(java.util.Collection<Expr> exprs, String where) {
        for (Expr e : exprs) {
            if (e instanceof ExprFunctionOp) refuse("EXISTS / NOT EXISTS in " + where);
            if (e.isFunction()) checkNoPatternIn(e.getFunction().getArgs(), where);
        }
    }

    private static void refuse(String what) {
        throw new StreamAccessException("query not allowed on a filtered endpoint: " + what);
    }

    private Element restricted(Triple t) {
        if (!deny) return graph(hiddenOrAllowed, t);
        ElementGroup shared = new ElementGroup();
        shared.addElement(block(t));
        shared.addElement(new ElementFilter(new E_NotExists(graph(hiddenOrAllowed, t))));
        shared.addElement(new ElementFilter(new E_NotExists(graph(added, t))));
        ElementUnion union = new ElementUnion();
        union.addElement(shared);
        ElementGroup replaced = new ElementGroup();
        replaced.addElement(graph(added, t));
        union.addElement(replaced);
        return union;
    }

    private static Element graph(Node g, Triple t) {
        ElementGroup inner = new ElementGroup();
        inner.addElement(block(t));
        ElementGroup outer = new ElementGroup();
        outer.addElement(new ElementNamedGraph(g, inner));
        return outer;
    }

    private static ElementPathBlock block(Triple t) {
        ElementPathBlock b = new ElementPathBlock();
        b.addTriple(t);
        return b;
    }

    private final class Transform extends ElementTransformCopyBase {
        @Override
        public Element transform(ElementPathBlock el) {
            List<Triple> triples = new ArrayList<>();
            for (TriplePath tp : el.getPattern()) {
                if (!tp.isTriple()) refuse("property paths (" + tp + ")");
                triples.add(tp.asTriple());
            }
            return group(triples);
        }

        @Override
        public Element transform(ElementTriplesBlock el) {
            return group(el.getPattern().getList());
        }

        private Element group(List<Triple> triples) {
            for (Triple t : triples) {
                Node p = t.getPredicate();
                // a property function computes from the active graph (e.g. list:member walks rdf:rest), which here is
                // the unfiltered shared graph
                if (p.isURI() && PropertyFunctionRegistry.chooseRegistry(ARQ.getContext()).manages(p.getURI())) {
                    refuse("property functions (" + p.getURI() + ")");
                }
            }
            ElementGroup g = new ElementGroup();
            for (Triple t : triples) g.addElement(restricted(t));
            return g;
        }

        @Override
        public Element transform(ElementNamedGraph el, Node gn, Element elt1) {
            refuse("GRAPH (the endpoint's log is its only graph)");
            return null;
        }

        @Override
        public Element transform(ElementService el, Node service, Element elt1) {
            refuse("SERVICE");
            return null;
        }

        @Override
        public Element transform(ElementDataset el, Element subElt) {
            refuse("a dataset inside the pattern");
            return null;
        }
    }
}
