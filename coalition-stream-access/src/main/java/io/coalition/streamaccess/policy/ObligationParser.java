package io.coalition.streamaccess.policy;

import io.coalition.streamaccess.rdf.Ebtic;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link StreamObligation} from the attribute assignments of a XACML obligation with id
 * {@link #OBLIGATION_ID}, validating every part (seed 003, Table 1). Attribute ids: {@code task} (allow|deny),
 * {@code match}, {@code condition} (optional), {@code find} and {@code replace} (the Alternative, both or neither),
 * {@code decision-point}, {@code prefix} (optional SPARQL PREFIX lines), each prefixed by {@link #NS}.
 */
public final class ObligationParser {
    public static final String NS = "urn:coalition:stream-access:";
    public static final String OBLIGATION_ID = NS + "filter";
    static final List<String> KNOWN = List.of("task", "match", "condition", "find", "replace", "decision-point",
            "prefix");

    private ObligationParser() {
    }

    /**
     * @param assignments attribute id to its values, in document order
     * @param where       the location for messages (file:line:column or policy id)
     */
    public static StreamObligation parse(Map<String, List<String>> assignments, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : assignments.entrySet()) {
            String id = e.getKey();
            if (!id.startsWith(NS) || !KNOWN.contains(id.substring(NS.length()))) {
                throw new StreamPolicyException(where + ": unknown obligation attribute '" + id + "'; expected "
                        + NS + "{" + String.join(",", KNOWN) + "}");
            }
            if (e.getValue().size() != 1) {
                throw new StreamPolicyException(where + ": attribute '" + id + "' given " + e.getValue().size()
                        + " times; expected once");
            }
            values.put(id.substring(NS.length()), e.getValue().get(0).strip());
        }
        String task = require(values, "task", where);
        StreamObligation.Effect effect = switch (task.toLowerCase(Locale.ROOT)) {
            case "allow" -> StreamObligation.Effect.ALLOW;
            case "deny" -> StreamObligation.Effect.DENY;
            default -> throw new StreamPolicyException(where + ": task must be 'allow' or 'deny', found '" + task + "'");
        };
        String prefixes = Ebtic.PREFIXES + values.getOrDefault("prefix", "") + "\n";
        String matchText = require(values, "match", where);
        List<Triple> match = basicPattern(prefixes, matchText, "match", where);
        Condition condition = Condition.TRUE;
        if (values.containsKey("condition")) {
            condition = ConditionParser.parse(values.get("condition"), where);
            checkCondition(prefixes, condition, where);
        }
        String findText = values.getOrDefault("find", "");
        String replaceText = values.getOrDefault("replace", "");
        if (findText.isEmpty() != replaceText.isEmpty()) {
            throw new StreamPolicyException(where + ": alternative needs both find and replace; only "
                    + (findText.isEmpty() ? "replace" : "find") + " given");
        }
        List<Triple> find = findText.isEmpty() ? List.of() : basicPattern(prefixes, findText, "find", where);
        List<Triple> replace = replaceText.isEmpty() ? List.of()
                : basicPattern(prefixes, replaceText, "replace", where);
        Set<Var> bound = new HashSet<>(vars(match));
        bound.addAll(vars(find));
        bound.add(StreamObligation.PROCESS);
        for (Var v : vars(replace)) {
            if (!bound.contains(v)) {
                throw new StreamPolicyException(where + ": replace uses ?" + v.getVarName()
                        + ", which neither match nor find binds");
            }
        }
        String dpText = require(values, "decision-point", where);
        List<Triple> dp = triplesOf(prefixes, dpText, "decision-point", where);
        if (dp.isEmpty()) {
            throw new StreamPolicyException(where + ": decision-point must contain at least one triple pattern");
        }
        StreamObligation o = new StreamObligation(where, effect, prefixes, matchText, match, condition, findText, find,
                replaceText, replace, dpText, dp);
        // the derived queries must parse too (e.g. a condition variable clashing with aggregate syntax)
        parseOrFail(() -> o.selector(), "selector", where);
        if (o.hasAlternative()) parseOrFail(() -> o.replaceSelector(), "alternative", where);
        return o;
    }

    private static String require(Map<String, String> values, String key, String where) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new StreamPolicyException(where + ": missing " + key + " (attribute " + NS + key + ")");
        }
        return v;
    }

    private static Query parse(String prefixes, String pattern, String part, String where) {
        try {
            return QueryFactory.create(prefixes + "SELECT * WHERE {\n" + pattern + "\n}");
        } catch (QueryParseException e) {
            // positions relative to the policy text, not to the query Coalition wraps it in
            int prefixLines = (int) (prefixes + "SELECT * WHERE {\n").lines().count();
            java.util.regex.Matcher m = AT.matcher(e.getMessage());
            int line = e.getLine();
            int column = e.getColumn();
            if (m.find()) {
                line = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
            }
            int rel = line - prefixLines;
            String at = rel >= 1 && rel <= pattern.lines().count() ? "line " + rel + ", column " + column
                    : "at its end";
            throw new StreamPolicyException(where + ": " + part + " is not a SPARQL graph pattern (" + at + "): "
                    + AT.matcher(firstLine(e.getMessage())).replaceAll("").strip());
        }
    }

    private static final java.util.regex.Pattern AT = java.util.regex.Pattern.compile(
            "\\s*at line (\\d+), column (\\d+)\\.?");

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A pattern that must be triples only (Match, Find, Replace). */
    private static List<Triple> basicPattern(String prefixes, String text, String part, String where) {
        Element e = parse(prefixes, text, part, where).getQueryPattern();
        if (!(e instanceof ElementGroup g)) throw notBasic(part, where, e);
        List<Triple> out = new ArrayList<>();
        for (Element child : g.getElements()) {
            if (!(child instanceof ElementPathBlock b)) throw notBasic(part, where, child);
            for (TriplePath tp : b.getPattern().getList()) {
                if (!tp.isTriple()) {
                    throw new StreamPolicyException(where + ": " + part + " may not use property paths: " + tp);
                }
                Triple t = tp.asTriple();
                for (Node n : List.of(t.getSubject(), t.getPredicate(), t.getObject())) {
                    if (Var.isBlankNodeVar(n) || n.isBlank()) {
                        throw new StreamPolicyException(where + ": " + part
                                + " may not use blank nodes; name the variable instead: " + tp);
                    }
                }
                out.add(t);
            }
        }
        if (out.isEmpty()) throw new StreamPolicyException(where + ": " + part + " has no triple pattern");
        return out;
    }

    private static StreamPolicyException notBasic(String part, String where, Element e) {
        String kind = e.getClass().getSimpleName().replace("Element", "").toUpperCase(Locale.ROOT);
        return new StreamPolicyException(where + ": " + part + " must be a basic graph pattern (triple patterns "
                + "only); found " + kind);
    }

    /** All triple patterns anywhere in a group pattern (for the DecisionPoint's trigger). */
    private static List<Triple> triplesOf(String prefixes, String text, String part, String where) {
        Element e = parse(prefixes, text, part, where).getQueryPattern();
        List<Triple> out = new ArrayList<>();
        ElementWalker.walk(e, new ElementVisitorBase() {
            @Override
            public void visit(ElementPathBlock el) {
                for (TriplePath tp : el.getPattern().getList()) {
                    if (tp.isTriple()) out.add(tp.asTriple());
                }
            }
        });
        return out;
    }

    private static void checkCondition(String prefixes, Condition c, String where) {
        if (c instanceof Condition.Pattern p) {
            if (!p.groupPattern().isEmpty()) parse(prefixes, p.groupPattern(), "condition pattern", where);
        } else if (c instanceof Condition.And a) {
            a.parts().forEach(x -> checkCondition(prefixes, x, where));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(x -> checkCondition(prefixes, x, where));
        } else if (c instanceof Condition.Not n) {
            checkCondition(prefixes, n.part(), where);
        }
    }

    private static Set<Var> vars(List<Triple> triples) {
        Set<Var> out = new HashSet<>();
        for (Triple t : triples) {
            for (Node n : List.of(t.getSubject(), t.getPredicate(), t.getObject())) {
                if (n.isVariable()) out.add(Var.alloc(n));
            }
        }
        return out;
    }

    private static void parseOrFail(Runnable r, String part, String where) {
        try {
            r.run();
        } catch (QueryParseException e) {
            throw new StreamPolicyException(where + ": " + part + " query does not parse: " + firstLine(e.getMessage()));
        }
    }
}
