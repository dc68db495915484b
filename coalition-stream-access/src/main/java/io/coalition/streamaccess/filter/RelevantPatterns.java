package io.coalition.streamaccess.filter;

import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpAssign;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpDatasetNames;
import org.apache.jena.sparql.algebra.op.OpExtend;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpGraph;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpPropFunc;
import org.apache.jena.sparql.algebra.op.OpQuad;
import org.apache.jena.sparql.algebra.op.OpQuadBlock;
import org.apache.jena.sparql.algebra.op.OpQuadPattern;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprList;

import java.util.ArrayList;
import java.util.List;

/**
 * Every triple pattern a set of queries can read, found in their algebra (including EXISTS / NOT EXISTS inside
 * FILTER, BIND and OPTIONAL conditions); {@code null} when a query reads the graph in a way patterns do not capture
 * (property paths, GRAPH, SERVICE, property functions): then nothing may be pruned. A triple no pattern matches
 * cannot change any of these queries' answers, so a process buffer need not hold it.
 */
final class RelevantPatterns {
    private RelevantPatterns() {
    }

    static List<Triple> of(List<Query> queries) {
        List<Triple> out = new ArrayList<>();
        try {
            for (Query q : queries) collect(Algebra.compile(q), out);
        } catch (Unprunable e) {
            return null;
        }
        return out;
    }

    private static void collect(Op op, List<Triple> out) {
        OpWalker.walk(op, new OpVisitorBase() {
            @Override
            public void visit(OpBGP op) {
                out.addAll(op.getPattern().getList());
            }

            @Override
            public void visit(OpTriple op) {
                out.add(op.getTriple());
            }

            @Override
            public void visit(OpFilter op) {
                exprs(op.getExprs(), out);
            }

            @Override
            public void visit(OpLeftJoin op) {
                if (op.getExprs() != null) exprs(op.getExprs(), out);
            }

            @Override
            public void visit(OpExtend op) {
                op.getVarExprList().getExprs().values().forEach(e -> expr(e, out));
            }

            @Override
            public void visit(OpAssign op) {
                op.getVarExprList().getExprs().values().forEach(e -> expr(e, out));
            }

            @Override
            public void visit(OpPath op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpGraph op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpService op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpPropFunc op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpQuadPattern op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpQuadBlock op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpQuad op) {
                throw new Unprunable();
            }

            @Override
            public void visit(OpDatasetNames op) {
                throw new Unprunable();
            }
        });
    }

    private static void exprs(ExprList list, List<Triple> out) {
        for (Expr e : list) expr(e, out);
    }

    private static void expr(Expr e, List<Triple> out) {
        if (e instanceof ExprFunctionOp f) {
            collect(f.getGraphPattern(), out);
            if (f.getArgs() != null) for (Expr a : f.getArgs()) expr(a, out);
        } else if (e.isFunction()) {
            for (Expr a : e.getFunction().getArgs()) expr(a, out);
        }
    }

    private static final class Unprunable extends RuntimeException {
        Unprunable() {
            super(null, null, false, false);
        }
    }
}
