package io.coalition.streamaccess.policy;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.Var;

import java.util.List;
import java.util.Objects;

/**
 * One seed 003 obligation (Table 1): Task (allow or deny), Match (a basic graph pattern), Condition, an optional
 * Alternative (Find, Replace) and the DecisionPoint. The variable {@code ?process} is bound to the current process in
 * every pattern. Built by {@link ObligationParser}, which validates every part.
 *
 * @param source   where it was written (file:line, or the policy id of a PDP decision)
 * @param effect   allow or deny
 * @param match    the Match triple patterns (variables are {@link Var}s)
 * @param find     the Find triple patterns, empty without an Alternative
 * @param replace  the Replace template, empty without an Alternative
 */
public record StreamObligation(String source, Effect effect, String prefixes, String matchText, List<Triple> match,
                               Condition condition, String findText, List<Triple> find, String replaceText,
                               List<Triple> replace, String decisionPointText, List<Triple> decisionPoint) {

    /** The variable pre-bound to the process (case) the evaluated triples belong to. */
    public static final Var PROCESS = Var.alloc("process");

    public enum Effect { ALLOW, DENY }

    public StreamObligation {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(effect, "effect");
        match = List.copyOf(match);
        find = List.copyOf(find);
        replace = List.copyOf(replace);
        decisionPoint = List.copyOf(decisionPoint);
    }

    public boolean hasAlternative() {
        return !find.isEmpty();
    }

    /** Selector Q_i of Table 2: the Match triples where the Condition holds. */
    public Query selector() {
        return QueryFactory.create(prefixes + "CONSTRUCT { " + matchText + " } WHERE { " + matchText + " FILTER("
                + condition.toSparql() + ") }");
    }

    /** ASK form of the selector, evaluated per matched triple with its bindings substituted. */
    public Query matchAsk() {
        return QueryFactory.create(prefixes + "ASK { " + matchText + " FILTER(" + condition.toSparql() + ") }");
    }

    /**
     * The Find triples the Alternative removes, where it applies: for deny where the Condition holds, for allow where
     * it does not (the requester is not authorized to see the Match triples).
     */
    public Query findSelector() {
        return alternative(findText);
    }

    /** Selector QA_i: the Replace triples added where the Alternative applies. */
    public Query replaceSelector() {
        return alternative(replaceText);
    }

    private Query alternative(String template) {
        String cond = effect == Effect.DENY ? condition.toSparql() : "!" + condition.toSparql();
        // Seed 003 section 6.1 writes GP(QA_i) as Find *minus* GP(Q_i); to replace only where the policy applies
        // (its stated intent) it must be the join of Find with Match and the Condition.
        return QueryFactory.create(prefixes + "CONSTRUCT { " + template + " } WHERE { " + bgp(matchText) + " . " + bgp(findText)
                + " FILTER(" + cond + ") }");
    }

    private static String bgp(String text) {
        String s = text.strip();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** ASK form of the DecisionPoint. */
    public Query decisionPointAsk() {
        return QueryFactory.create(prefixes + "ASK { " + decisionPointText + " }");
    }

    /** Whether {@code t} can be an instance of one of the patterns (constants equal, repeated variables consistent). */
    static boolean unifiesWithAny(List<Triple> patterns, Triple t) {
        for (Triple p : patterns) if (Unifier.unify(p, t, null) != null) return true;
        return false;
    }

    /** Convenience for tests and messages. */
    public static boolean isVariable(Node n) {
        return n.isVariable();
    }
}
