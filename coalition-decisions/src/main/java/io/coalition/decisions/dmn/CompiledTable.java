package io.coalition.decisions.dmn;

import com.gs.dmn.DMNModelRepository;
import com.gs.dmn.ast.TBuiltinAggregator;
import com.gs.dmn.ast.TDecision;
import com.gs.dmn.ast.TDecisionRule;
import com.gs.dmn.ast.TDecisionTable;
import com.gs.dmn.ast.THitPolicy;
import com.gs.dmn.ast.TInformationRequirement;
import com.gs.dmn.ast.TInputClause;
import com.gs.dmn.ast.TInputData;
import com.gs.dmn.ast.TOutputClause;
import com.gs.dmn.ast.TUnaryTests;

import javax.xml.namespace.QName;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A decision table compiled once into Java predicates, for the common shape of large tables: one output, inputs that
 * are input data names, input entries that are simple unary tests ({@code -}, literals, lists, {@code not(...)},
 * comparisons and intervals whose end points are literals or another input times a number) and literal outputs.
 * jDMN's interpreter re-analyses every cell on every call; this evaluates a 1,000-rule table in microseconds.
 *
 * <p>It is an accelerator, never a second semantics: {@link #compile} declines any table outside that shape, and
 * {@link #evaluate} returns {@link #FALLBACK} whenever FEEL's answer is not plainly the Java one (a null, missing
 * or differently typed input; a U table with several matches; an A table with different outputs; a multi-hit
 * table with no match or a count over repeated outputs; a priority outside the output values). The caller then
 * asks the interpreter. Results are checked against jDMN in {@code CompiledTableTest} (every hit policy, the TCK's
 * decision tables and a 1,002-rule MED-like table).
 */
final class CompiledTable {
    /** Returned when the interpreter must decide this call. */
    static final Object FALLBACK = new Object() {
        @Override
        public String toString() {
            return "FALLBACK";
        }
    };

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SCALED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\*\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Set<String> SIMPLE_TYPES = Set.of("string", "number", "boolean");

    enum Type {
        NUMBER, STRING, BOOLEAN;

        /** Whether a FEEL value (numbers as BigDecimal) is of this type. */
        boolean holds(Object v) {
            return switch (this) {
                case NUMBER -> v instanceof BigDecimal;
                case STRING -> v instanceof String;
                case BOOLEAN -> v instanceof Boolean;
            };
        }
    }

    /** A unary test on one cell's value, given all the call's inputs (for end points naming another input). */
    private interface Test {
        /** TRUE/FALSE, or null when the test cannot tell without FEEL (the call falls back). */
        Boolean test(Object value, Map<String, Object> inputs);
    }

    private final String[] inputNames;
    private final Type[] inputTypes; // as the input data declare them
    private final Test[][] rules;
    private final Object[] outputs;
    private final THitPolicy hitPolicy;
    private final TBuiltinAggregator aggregation;
    private final List<Object> priorities; // output values, highest priority first (P and O)

    private CompiledTable(String[] inputNames, Type[] inputTypes, Test[][] rules, Object[] outputs, THitPolicy hitPolicy,
                          TBuiltinAggregator aggregation, List<Object> priorities) {
        this.inputNames = inputNames;
        this.inputTypes = inputTypes;
        this.rules = rules;
        this.outputs = outputs;
        this.hitPolicy = hitPolicy;
        this.aggregation = aggregation;
        this.priorities = priorities;
    }

    /** The compiled table, or empty when the decision is not a table of the shape this class handles. */
    static Optional<CompiledTable> compile(DMNModelRepository repository, TDecision decision) {
        try {
            return Optional.ofNullable(doCompile(repository, decision));
        } catch (RuntimeException e) {
            return Optional.empty(); // anything unexpected: the interpreter keeps the table
        }
    }

    private static CompiledTable doCompile(DMNModelRepository repository, TDecision decision) {
        if (!(decision.getExpression() instanceof TDecisionTable table) || !decision.getKnowledgeRequirement().isEmpty()
                || table.getOutput().size() != 1 || table.getRule().isEmpty()) {
            return null;
        }
        Map<String, Type> inputData = new HashMap<>();
        for (TInformationRequirement r : decision.getInformationRequirement()) {
            if (r.getRequiredDecision() != null || r.getRequiredInput() == null) {
                return null;
            }
            TInputData in = repository.findInputDataByRef(decision, r.getRequiredInput().getHref());
            if (in == null || in.getVariable() == null) {
                return null;
            }
            Type t = simpleType(in.getVariable().getTypeRef());
            if (t == null) {
                return null;
            }
            inputData.put(in.getName(), t);
        }
        THitPolicy policy = table.getHitPolicy() == null ? THitPolicy.UNIQUE : table.getHitPolicy();
        TOutputClause out = table.getOutput().get(0);
        Type outType = out.getTypeRef() == null ? null : simpleType(out.getTypeRef());
        if (out.getTypeRef() != null && outType == null || out.getDefaultOutputEntry() != null) {
            return null;
        }
        boolean single = policy == THitPolicy.UNIQUE || policy == THitPolicy.ANY || policy == THitPolicy.FIRST
                || policy == THitPolicy.PRIORITY || policy == THitPolicy.COLLECT && table.getAggregation() != null;
        QName decisionType = decision.getVariable() == null ? null : decision.getVariable().getTypeRef();
        if (single && decisionType != null && simpleType(decisionType) == null) {
            return null; // a single value of a structured type: jDMN may coerce it, leave it to the interpreter
        }
        int columns = table.getInput().size();
        String[] names = new String[columns];
        Type[] types = new Type[columns];
        for (int c = 0; c < columns; c++) {
            TInputClause ic = table.getInput().get(c);
            if (ic.getInputValues() != null || ic.getInputExpression() == null || ic.getInputExpression().getText() == null) {
                return null;
            }
            String name = ic.getInputExpression().getText().trim();
            if (!inputData.containsKey(name)) {
                return null;
            }
            names[c] = name;
        }
        List<Object> priorities = null;
        if (policy == THitPolicy.PRIORITY || policy == THitPolicy.OUTPUT_ORDER) {
            if (out.getOutputValues() == null) {
                return null;
            }
            priorities = new ArrayList<>();
            for (String v : split(out.getOutputValues().getText())) {
                Object lit = literal(v);
                if (lit == null) {
                    return null;
                }
                priorities.add(lit);
            }
        }
        Test[][] rules = new Test[table.getRule().size()][];
        Object[] outputs = new Object[rules.length];
        for (int r = 0; r < rules.length; r++) {
            TDecisionRule rule = table.getRule().get(r);
            if (rule.getInputEntry().size() != columns || rule.getOutputEntry().size() != 1) {
                return null;
            }
            rules[r] = new Test[columns];
            for (int c = 0; c < columns; c++) {
                TUnaryTests entry = rule.getInputEntry().get(c);
                if (entry.getExpressionLanguage() != null) {
                    return null;
                }
                Type[] seen = {types[c]};
                Test t = unaryTests(entry.getText(), seen, inputData);
                rules[r][c] = t == ANY_SENTINEL ? null : t;
                types[c] = seen[0];
            }
            Object o = literal(rule.getOutputEntry().get(0).getText());
            if (o == null || outType != null && typeOf(o) != outType) {
                return null;
            }
            outputs[r] = o;
        }
        for (int c = 0; c < columns; c++) {
            if (types[c] != null && types[c] != inputData.get(names[c])) {
                return null;
            }
        }
        Type[] declared = new Type[columns];
        for (int c = 0; c < columns; c++) {
            declared[c] = inputData.get(names[c]);
        }
        return new CompiledTable(names, declared, rules, outputs, policy, table.getAggregation(), priorities);
    }

    /** Evaluates the table on FEEL-converted inputs, or returns {@link #FALLBACK}. */
    Object evaluate(Map<String, Object> inputs) {
        for (int c = 0; c < inputNames.length; c++) {
            Object v = inputs.get(inputNames[c]);
            if (v == null || typeOf(v) != inputTypes[c]) {
                return FALLBACK; // FEEL's null and type-conversion rules: the interpreter's job
            }
        }
        boolean firstOnly = hitPolicy == THitPolicy.FIRST;
        List<Object> matched = new ArrayList<>(firstOnly ? 1 : 4);
        for (int r = 0; r < rules.length; r++) {
            Test[] rule = rules[r];
            boolean all = true;
            for (int c = 0; c < rule.length && all; c++) {
                if (rule[c] == null) {
                    continue;
                }
                Boolean ok = rule[c].test(inputs.get(inputNames[c]), inputs);
                if (ok == null) {
                    return FALLBACK;
                }
                all = ok;
            }
            if (all) {
                if (firstOnly) {
                    return outputs[r];
                }
                matched.add(outputs[r]);
            }
        }
        return hit(matched);
    }

    private Object hit(List<Object> matched) {
        switch (hitPolicy) {
            case FIRST:
                return null; // no rule matched
            case UNIQUE:
                return matched.isEmpty() ? null : matched.size() == 1 ? matched.get(0) : FALLBACK;
            case ANY:
                if (matched.isEmpty()) {
                    return null;
                }
                for (Object o : matched) {
                    if (!same(o, matched.get(0))) {
                        return FALLBACK;
                    }
                }
                return matched.get(0);
            case PRIORITY:
                if (matched.isEmpty()) {
                    return null;
                }
                int best = Integer.MAX_VALUE;
                for (Object o : matched) {
                    int p = priority(o);
                    if (p < 0) {
                        return FALLBACK;
                    }
                    best = Math.min(best, p);
                }
                return priorities.get(best);
            default:
                break;
        }
        if (matched.isEmpty()) {
            return FALLBACK; // an empty multi-hit result (null or []): the interpreter says which
        }
        if (hitPolicy == THitPolicy.RULE_ORDER || hitPolicy == THitPolicy.COLLECT && aggregation == null) {
            return List.copyOf(matched);
        }
        if (hitPolicy == THitPolicy.OUTPUT_ORDER) {
            List<Object> sorted = new ArrayList<>(matched);
            for (Object o : sorted) {
                if (priority(o) < 0) {
                    return FALLBACK;
                }
            }
            sorted.sort((a, b) -> Integer.compare(priority(a), priority(b)));
            return List.copyOf(sorted);
        }
        // COLLECT with an aggregation: only over numbers, and C# only when no output repeats
        if (aggregation == TBuiltinAggregator.COUNT) {
            Set<Object> distinct = new HashSet<>();
            for (Object o : matched) {
                distinct.add(o instanceof BigDecimal b ? b.stripTrailingZeros() : o);
            }
            return distinct.size() == matched.size() ? BigDecimal.valueOf(matched.size()) : FALLBACK;
        }
        BigDecimal acc = null;
        for (Object o : matched) {
            if (!(o instanceof BigDecimal b)) {
                return FALLBACK;
            }
            acc = acc == null ? b : switch (aggregation) {
                case SUM -> acc.add(b, MathContext.DECIMAL128);
                case MIN -> acc.compareTo(b) <= 0 ? acc : b;
                case MAX -> acc.compareTo(b) >= 0 ? acc : b;
                default -> throw new IllegalStateException("aggregation " + aggregation);
            };
        }
        return acc;
    }

    private int priority(Object o) {
        for (int i = 0; i < priorities.size(); i++) {
            if (same(priorities.get(i), o)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    // ---- parsing the cells ---------------------------------------------------------------------------------

    /** A cell: "-", or a comma list of tests, or not(list); {@code type[0]} is the column's type so far. */
    private static Test unaryTests(String text, Type[] type, Map<String, Type> inputs) {
        String s = text == null ? "" : text.trim();
        if (s.equals("-")) {
            return ANY_SENTINEL;
        }
        boolean negated = false;
        if (s.startsWith("not(") && s.endsWith(")")) {
            negated = true;
            s = s.substring(4, s.length() - 1).trim();
        }
        List<String> parts = split(s);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("empty cell");
        }
        List<Test> tests = new ArrayList<>();
        for (String p : parts) {
            tests.add(simpleTest(p.trim(), type, inputs));
        }
        Test[] ts = tests.toArray(Test[]::new);
        boolean not = negated;
        return (v, in) -> {
            for (Test t : ts) {
                Boolean b = t.test(v, in);
                if (b == null) {
                    return null;
                }
                if (b) {
                    return !not;
                }
            }
            return not;
        };
    }

    /** Marks an always-true cell; replaced by null in the rule so it costs nothing. */
    private static final Test ANY_SENTINEL = (v, in) -> Boolean.TRUE;

    private static Test simpleTest(String p, Type[] type, Map<String, Type> inputs) {
        for (String op : new String[]{"<=", ">=", "<", ">"}) {
            if (p.startsWith(op)) {
                Endpoint e = endpoint(p.substring(op.length()).trim(), type, inputs);
                if (type[0] == Type.BOOLEAN) {
                    throw new IllegalArgumentException("ordering on booleans");
                }
                return switch (op) {
                    case "<=" -> (v, in) -> cmp(v, e, in, c -> c <= 0);
                    case ">=" -> (v, in) -> cmp(v, e, in, c -> c >= 0);
                    case "<" -> (v, in) -> cmp(v, e, in, c -> c < 0);
                    default -> (v, in) -> cmp(v, e, in, c -> c > 0);
                };
            }
        }
        char first = p.isEmpty() ? ' ' : p.charAt(0);
        if ((first == '[' || first == '(' || first == ']') && p.contains("..")) {
            char last = p.charAt(p.length() - 1);
            if (last != ']' && last != ')' && last != '[') {
                throw new IllegalArgumentException("interval " + p);
            }
            String[] ends = p.substring(1, p.length() - 1).split("\\.\\.", -1);
            if (ends.length != 2) {
                throw new IllegalArgumentException("interval " + p);
            }
            Endpoint lo = endpoint(ends[0].trim(), type, inputs);
            Endpoint hi = endpoint(ends[1].trim(), type, inputs);
            if (type[0] == Type.BOOLEAN) {
                throw new IllegalArgumentException("interval on booleans");
            }
            boolean loClosed = first == '[';
            boolean hiClosed = last == ']';
            return (v, in) -> {
                Boolean a = cmp(v, lo, in, c -> loClosed ? c >= 0 : c > 0);
                if (a == null || !a) {
                    return a;
                }
                return cmp(v, hi, in, c -> hiClosed ? c <= 0 : c < 0);
            };
        }
        Endpoint e = endpoint(p, type, inputs);
        return (v, in) -> {
            Object x = e.value(in);
            if (x == null) {
                return null;
            }
            return same(v, x);
        };
    }

    private interface Cmp {
        boolean ok(int c);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Boolean cmp(Object v, Endpoint e, Map<String, Object> in, Cmp ok) {
        Object x = e.value(in);
        if (x == null || x.getClass() != v.getClass()) {
            return null;
        }
        return ok.ok(((Comparable) v).compareTo(x));
    }

    /** An interval end or comparison operand: a literal, or another input (optionally times a number). */
    private interface Endpoint {
        /** The value, or null when the call must fall back (the other input is missing or not a number). */
        Object value(Map<String, Object> in);
    }

    private static Endpoint endpoint(String s, Type[] type, Map<String, Type> inputs) {
        Object lit = literal(s);
        if (lit != null) {
            type[0] = merge(type[0], typeOf(lit));
            return in -> lit;
        }
        var m = SCALED.matcher(s);
        if (m.matches() && inputs.get(m.group(1)) == Type.NUMBER) {
            String name = m.group(1);
            BigDecimal factor = new BigDecimal(m.group(2));
            type[0] = merge(type[0], Type.NUMBER);
            return in -> in.get(name) instanceof BigDecimal b ? b.multiply(factor, MathContext.DECIMAL128) : null;
        }
        if (NAME.matcher(s).matches() && inputs.containsKey(s) && !s.equals("true") && !s.equals("false")
                && !s.equals("null")) {
            Type t = inputs.get(s);
            type[0] = merge(type[0], t);
            return in -> {
                Object x = in.get(s);
                return x != null && typeOf(x) == t ? x : null;
            };
        }
        throw new IllegalArgumentException("not a simple end point: " + s);
    }

    private static Type merge(Type a, Type b) {
        if (a != null && a != b) {
            throw new IllegalArgumentException("mixed types in a column");
        }
        return b;
    }

    /** A FEEL literal: number, string without escapes, true or false; null for anything else. */
    static Object literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (NUMBER.matcher(s).matches()) {
            return new BigDecimal(s);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            String body = s.substring(1, s.length() - 1);
            return body.contains("\"") || body.contains("\\") ? null : body;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        return null;
    }

    static Type typeOf(Object v) {
        if (v instanceof BigDecimal) {
            return Type.NUMBER;
        }
        if (v instanceof String) {
            return Type.STRING;
        }
        if (v instanceof Boolean) {
            return Type.BOOLEAN;
        }
        return null;
    }

    static Type simpleType(QName typeRef) {
        if (typeRef == null) {
            return null;
        }
        String local = typeRef.getLocalPart();
        if (local.startsWith("feel.")) {
            local = local.substring(5);
        }
        return SIMPLE_TYPES.contains(local) ? Type.valueOf(local.toUpperCase(java.util.Locale.ROOT)) : null;
    }

    /** Splits at top-level commas (outside strings, brackets and parentheses). */
    static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '(' || ch == '[')) {
                depth++;
            } else if (!quoted && (ch == ')' || ch == ']')) {
                depth--;
            } else if (!quoted && ch == ',' && depth == 0) {
                parts.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        String lastPart = s.substring(start).trim();
        if (!lastPart.isEmpty() || !parts.isEmpty()) {
            parts.add(lastPart);
        }
        return parts;
    }
}
