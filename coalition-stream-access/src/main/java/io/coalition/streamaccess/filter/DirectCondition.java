package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.Condition;
import org.apache.jena.sparql.engine.binding.Binding;

import java.util.ArrayList;
import java.util.List;

/**
 * A Condition evaluated without SPARQL: each {@code { pattern }} is a {@link DirectPattern} EXISTS with the row's
 * bindings, joined by And, Or, Not exactly as {@link Condition#toSparql()} joins the EXISTS (which never raise an
 * error, so two-valued logic is the same as SPARQL's).
 */
sealed interface DirectCondition {
    boolean holds(ProcessGraph g, Binding row);

    /** The direct form of {@code c}, or null when one of its patterns is not a plain BGP with FILTERs. */
    static DirectCondition of(Condition c, String prefixes, PredicateSlots slots) {
        return of(c, prefixes, new java.util.HashMap<>(), slots);
    }

    private static DirectCondition of(Condition c, String prefixes,
                                      java.util.Map<org.apache.jena.sparql.expr.Expr, DirectPattern.Filter> shared,
                                      PredicateSlots slots) {
        if (c instanceof Condition.Pattern p) {
            if (p.groupPattern().isEmpty()) return new Always();
            DirectPattern d = DirectPattern.parse(prefixes, p.groupPattern(), shared, slots);
            return d == null ? null : new Exists(d);
        }
        if (c instanceof Condition.Not n) {
            DirectCondition part = of(n.part(), prefixes, shared, slots);
            return part == null ? null : new Not(part);
        }
        List<Condition> parts = c instanceof Condition.And a ? a.parts() : ((Condition.Or) c).parts();
        List<DirectCondition> direct = new ArrayList<>();
        for (Condition part : parts) {
            DirectCondition d = of(part, prefixes, shared, slots);
            if (d == null) return null;
            direct.add(d);
        }
        return c instanceof Condition.And ? new And(direct) : new Or(direct);
    }

    record Always() implements DirectCondition {
        public boolean holds(ProcessGraph g, Binding row) {
            return true;
        }
    }

    record Exists(DirectPattern pattern) implements DirectCondition {
        public boolean holds(ProcessGraph g, Binding row) {
            return pattern.exists(g, row);
        }
    }

    record Not(DirectCondition part) implements DirectCondition {
        public boolean holds(ProcessGraph g, Binding row) {
            return !part.holds(g, row);
        }
    }

    record And(List<DirectCondition> parts) implements DirectCondition {
        public boolean holds(ProcessGraph g, Binding row) {
            for (DirectCondition p : parts) if (!p.holds(g, row)) return false;
            return true;
        }
    }

    record Or(List<DirectCondition> parts) implements DirectCondition {
        public boolean holds(ProcessGraph g, Binding row) {
            for (DirectCondition p : parts) if (p.holds(g, row)) return true;
            return false;
        }
    }
}
