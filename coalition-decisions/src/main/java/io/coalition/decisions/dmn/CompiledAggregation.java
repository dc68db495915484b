package io.coalition.decisions.dmn;

import com.gs.dmn.DMNModelRepository;
import com.gs.dmn.ast.TDecision;
import com.gs.dmn.ast.TInformationRequirement;
import com.gs.dmn.ast.TInputData;
import com.gs.dmn.ast.TItemDefinition;
import com.gs.dmn.ast.TLiteralExpression;
import com.gs.dmn.feel.analysis.FEELAnalyzerImpl;
import com.gs.dmn.feel.analysis.syntax.ast.expression.Expression;
import com.gs.dmn.feel.analysis.syntax.ast.expression.Name;
import com.gs.dmn.feel.analysis.syntax.ast.expression.PathExpression;
import com.gs.dmn.feel.analysis.syntax.ast.expression.comparison.Relational;
import com.gs.dmn.feel.analysis.syntax.ast.expression.function.FunctionInvocation;
import com.gs.dmn.feel.analysis.syntax.ast.expression.function.PositionalParameters;
import com.gs.dmn.feel.analysis.syntax.ast.expression.literal.BooleanLiteral;
import com.gs.dmn.feel.analysis.syntax.ast.expression.literal.NumericLiteral;
import com.gs.dmn.feel.analysis.syntax.ast.expression.literal.StringLiteral;
import com.gs.dmn.feel.analysis.syntax.ast.expression.logic.Conjunction;
import com.gs.dmn.feel.analysis.syntax.ast.expression.logic.Disjunction;
import com.gs.dmn.feel.analysis.syntax.ast.expression.logic.LogicNegation;
import com.gs.dmn.feel.analysis.syntax.ast.expression.textual.FilterExpression;
import com.gs.dmn.feel.lib.StandardFEELLib;
import com.gs.dmn.runtime.interpreter.DMNInterpreter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An aggregation decision compiled once into Java, for the shape seed 004's Table V uses: a literal expression
 * {@code fn(List[filter].Field)}, {@code fn(List.Field)}, {@code count(List[filter])} or {@code count(List)}, where
 * {@code fn} is sum, mean, min, max or count, {@code List} the decision's one input (a collection of records whose
 * components are numbers, strings or booleans) and {@code filter} built from and, or, not(...), comparisons of a
 * field ({@code Age} or {@code item.Age}) with a literal of its type, and contains / starts with / ends with of a
 * string field and a string literal. jDMN's interpreter re-analyses the expression per call and converts every
 * record to a FEEL context first: about 15 µs per record, 2.5 minutes over 1M records.
 *
 * <p>Like {@link CompiledTable}, an accelerator, never a second semantics: the expression is parsed by jDMN's own
 * FEEL parser, every operation is the interpreter's own FEEL library function (numericLessEqualThan, booleanAnd,
 * contains, mean, ...) picked by the declared types as the interpreter picks it, and {@link #evaluate} returns
 * {@link CompiledTable#FALLBACK} for any input whose answer it cannot vouch for (not a list of maps; a value the
 * expression reads that is not of its declared type; a record lacking a field reads it as null, as jDMN does). Checked against the interpreter in
 * {@code CompiledAggregationTest} (Table V and random records with nulls, missing and mistyped fields).
 */
final class CompiledAggregation {
    private static final Set<String> AGGREGATES = Set.of("sum", "mean", "min", "max", "count");

    /** A FEEL value of one record: the filter's result, or a field's or literal's value. */
    private interface Term {
        /**
         * The value, given the record's fields the expression reads (FEEL values, by their slot in
         * {@code fields}); {@link CompiledTable#FALLBACK} when it is outside what this class vouches for.
         */
        Object of(Object[] record);
    }

    private final String listName;
    private final String aggregate;
    private final Term filter; // null: every record
    private final int field; // the aggregated field's slot; -1: the records themselves (count only)
    private final String[] fields; // the fields the expression reads, by slot
    private final CompiledTable.Type[] types; // and their declared types
    private final StandardFEELLib<Number, ?, ?, ?, ?> lib;

    private CompiledAggregation(String listName, String aggregate, Term filter, int field, List<String> fields,
                                Map<String, CompiledTable.Type> components, StandardFEELLib<Number, ?, ?, ?, ?> lib) {
        this.listName = listName;
        this.aggregate = aggregate;
        this.filter = filter;
        this.field = field;
        this.fields = fields.toArray(String[]::new);
        this.types = fields.stream().map(components::get).toArray(CompiledTable.Type[]::new);
        this.lib = lib;
    }

    /** The compiled aggregation, or empty when the decision is not of the shape this class handles. */
    static Optional<CompiledAggregation> compile(DMNModelRepository repository, TDecision decision,
                                                 DMNInterpreter<Number, ?, ?, ?, ?> interpreter) {
        try {
            return Optional.ofNullable(doCompile(repository, decision, interpreter));
        } catch (RuntimeException e) {
            return Optional.empty(); // anything unexpected: the interpreter keeps the decision
        }
    }

    @SuppressWarnings("unchecked")
    private static CompiledAggregation doCompile(DMNModelRepository repository, TDecision decision,
                                                 DMNInterpreter<Number, ?, ?, ?, ?> interpreter) {
        if (!(decision.getExpression() instanceof TLiteralExpression le) || le.getText() == null
                || !decision.getKnowledgeRequirement().isEmpty() || decision.getInformationRequirement().size() != 1) {
            return null;
        }
        TInformationRequirement r = decision.getInformationRequirement().get(0);
        if (r.getRequiredInput() == null) {
            return null;
        }
        TInputData in = repository.findInputDataByRef(decision, r.getRequiredInput().getHref());
        if (in == null || in.getVariable() == null || in.getVariable().getTypeRef() == null) {
            return null;
        }
        Map<String, CompiledTable.Type> components = recordComponents(repository, in.getVariable().getTypeRef().getLocalPart());
        if (components == null) {
            return null;
        }
        Expression<?> root = new FEELAnalyzerImpl(interpreter.getBasicDMNTransformer()).parseExpression(le.getText());
        if (!(root instanceof FunctionInvocation<?> call) || !(call.getFunction() instanceof Name<?> fn)
                || !AGGREGATES.contains(fn.getName()) || !(call.getParameters() instanceof PositionalParameters<?> ps)
                || ps.getParameters().size() != 1) {
            return null;
        }
        Expression<?> arg = ps.getParameters().get(0);
        String field = null;
        if (arg instanceof PathExpression<?> path) {
            field = path.getMember();
            if (!components.containsKey(field)) {
                return null;
            }
            arg = path.getSource();
        } else if (!fn.getName().equals("count")) {
            return null;
        }
        Expression<?> filterAst = null;
        if (arg instanceof FilterExpression<?> fe) {
            filterAst = fe.getFilter();
            arg = fe.getSource();
        }
        if (!(arg instanceof Name<?> list) || !list.getName().equals(in.getName())) {
            return null;
        }
        List<String> used = new ArrayList<>(); // the fields read, each given a slot in the order first met
        if (field != null) {
            used.add(field);
        }
        if (!(interpreter.getFeelLib() instanceof StandardFEELLib<?, ?, ?, ?, ?>)) {
            return null;
        }
        StandardFEELLib<Number, ?, ?, ?, ?> lib = (StandardFEELLib<Number, ?, ?, ?, ?>) interpreter.getFeelLib();
        // the interpreter checks the result against the decision's declared type: compiled only where it must pass
        CompiledTable.Type result = fn.getName().equals("min") || fn.getName().equals("max")
                ? components.get(field) : CompiledTable.Type.NUMBER;
        if (decision.getVariable() == null || decision.getVariable().getTypeRef() != null
                && CompiledTable.simpleType(decision.getVariable().getTypeRef()) != result) {
            return null;
        }
        Compiler c = new Compiler(components, used, lib);
        Term filter = null;
        if (filterAst != null) {
            Typed t = c.compile(filterAst);
            if (t == null || t.type != CompiledTable.Type.BOOLEAN) {
                return null;
            }
            filter = t.term;
        }
        return new CompiledAggregation(in.getName(), fn.getName(), filter, field == null ? -1 : 0, used, components, lib);
    }

    /**
     * The components of a collection type's records (name to type), or null unless each is a number, string or
     * boolean with no allowed values (which the interpreter would check).
     */
    private static Map<String, CompiledTable.Type> recordComponents(DMNModelRepository repository, String listType) {
        TItemDefinition list = repository.lookupItemDefinition(listType);
        if (list == null || !list.isIsCollection() || list.getTypeRef() == null || !list.getItemComponent().isEmpty()) {
            return null;
        }
        TItemDefinition item = repository.lookupItemDefinition(list.getTypeRef().getLocalPart());
        if (item == null || item.isIsCollection() || item.getItemComponent().isEmpty()) {
            return null;
        }
        Map<String, CompiledTable.Type> components = new HashMap<>();
        for (TItemDefinition c : item.getItemComponent()) {
            CompiledTable.Type t = CompiledTable.simpleType(c.getTypeRef());
            if (t == null || c.isIsCollection() || c.getAllowedValues() != null || !c.getItemComponent().isEmpty()) {
                return null;
            }
            components.put(c.getName(), t);
        }
        return components;
    }

    private record Typed(Term term, CompiledTable.Type type) {
    }

    /** Compiles filter expressions; null for anything outside the shape. */
    private record Compiler(Map<String, CompiledTable.Type> components, List<String> used,
                            StandardFEELLib<Number, ?, ?, ?, ?> lib) {
        Typed compile(Expression<?> e) {
            if (e instanceof Conjunction<?> || e instanceof Disjunction<?>) {
                var l = (com.gs.dmn.feel.analysis.syntax.ast.expression.logic.LogicExpression<?>) e;
                Term a = bool(l.getLeftOperand());
                Term b = bool(l.getRightOperand());
                if (a == null || b == null) {
                    return null;
                }
                boolean and = e instanceof Conjunction<?>;
                return new Typed(rec -> {
                    Object x = a.of(rec);
                    Object y = b.of(rec);
                    if (x == CompiledTable.FALLBACK || y == CompiledTable.FALLBACK) {
                        return CompiledTable.FALLBACK;
                    }
                    return and ? lib.booleanAnd(x, y) : lib.booleanOr(x, y);
                }, CompiledTable.Type.BOOLEAN);
            }
            if (e instanceof LogicNegation<?> n) {
                Term a = bool(n.getLeftOperand());
                return a == null ? null : new Typed(rec -> {
                    Object x = a.of(rec);
                    return x == CompiledTable.FALLBACK ? x : lib.booleanNot(x);
                }, CompiledTable.Type.BOOLEAN);
            }
            if (e instanceof Relational<?> rel) {
                return relational(rel);
            }
            if (e instanceof FunctionInvocation<?> call) {
                return stringTest(call);
            }
            if (e instanceof Name<?> || e instanceof PathExpression<?>) {
                return field(e);
            }
            if (e instanceof NumericLiteral<?> n) {
                BigDecimal v = new BigDecimal(n.getLexeme());
                return new Typed(rec -> v, CompiledTable.Type.NUMBER);
            }
            if (e instanceof StringLiteral<?> s) {
                String lexeme = s.getLexeme();
                if (lexeme.length() < 2 || !lexeme.startsWith("\"") || !lexeme.endsWith("\"") || lexeme.contains("\\")) {
                    return null; // escapes are left to the interpreter
                }
                String v = lexeme.substring(1, lexeme.length() - 1);
                return new Typed(rec -> v, CompiledTable.Type.STRING);
            }
            if (e instanceof BooleanLiteral<?> b) {
                Boolean v = Boolean.valueOf(b.getLexeme());
                return new Typed(rec -> v, CompiledTable.Type.BOOLEAN);
            }
            return null;
        }

        private Term bool(Expression<?> e) {
            Typed t = compile(e);
            return t == null || t.type != CompiledTable.Type.BOOLEAN ? null : t.term;
        }

        /** A record's field, by bare name or as {@code item.Name}. */
        private Typed field(Expression<?> e) {
            String name;
            if (e instanceof Name<?> n) {
                name = n.getName();
            } else if (e instanceof PathExpression<?> p && p.getSource() instanceof Name<?> item
                    && item.getName().equals("item")) {
                name = p.getMember();
            } else {
                return null;
            }
            CompiledTable.Type type = components.get(name);
            if (type == null) {
                return null; // not a field: another scope's name, left to the interpreter
            }
            if (!used.contains(name)) {
                used.add(name);
            }
            int slot = used.indexOf(name);
            return new Typed(rec -> rec[slot], type); // checked against its type before the filter runs
        }

        private Typed relational(Relational<?> rel) {
            Typed a = compile(rel.getLeftOperand());
            Typed b = compile(rel.getRightOperand());
            if (a == null || b == null || a.type != b.type) {
                return null;
            }
            String op = rel.getOperator();
            boolean ordered = switch (op) {
                case "<", "<=", ">", ">=" -> true;
                case "=", "!=" -> false;
                default -> throw new IllegalArgumentException(op);
            };
            if (ordered && a.type != CompiledTable.Type.NUMBER) {
                return null;
            }
            CompiledTable.Type type = a.type;
            return new Typed(rec -> {
                Object x = a.term.of(rec);
                Object y = b.term.of(rec);
                if (x == CompiledTable.FALLBACK || y == CompiledTable.FALLBACK) {
                    return CompiledTable.FALLBACK;
                }
                Boolean equal = switch (type) {
                    case NUMBER -> switch (op) {
                        case "<" -> lib.numericLessThan((Number) x, (Number) y);
                        case "<=" -> lib.numericLessEqualThan((Number) x, (Number) y);
                        case ">" -> lib.numericGreaterThan((Number) x, (Number) y);
                        case ">=" -> lib.numericGreaterEqualThan((Number) x, (Number) y);
                        default -> lib.numericEqual((Number) x, (Number) y);
                    };
                    case STRING -> lib.stringEqual((String) x, (String) y);
                    case BOOLEAN -> lib.booleanEqual((Boolean) x, (Boolean) y);
                };
                return op.equals("!=") ? lib.booleanNot(equal) : equal;
            }, CompiledTable.Type.BOOLEAN);
        }

        /** contains / starts with / ends with (string field or literal, string literal or field). */
        private Typed stringTest(FunctionInvocation<?> call) {
            if (!(call.getFunction() instanceof Name<?> fn) || !(call.getParameters() instanceof PositionalParameters<?> ps)
                    || ps.getParameters().size() != 2) {
                return null;
            }
            Typed a = compile(ps.getParameters().get(0));
            Typed b = compile(ps.getParameters().get(1));
            if (a == null || b == null || a.type != CompiledTable.Type.STRING || b.type != CompiledTable.Type.STRING) {
                return null;
            }
            String f = fn.getName();
            if (!f.equals("contains") && !f.equals("starts with") && !f.equals("ends with")) {
                return null;
            }
            return new Typed(rec -> {
                Object x = a.term.of(rec);
                Object y = b.term.of(rec);
                if (x == CompiledTable.FALLBACK || y == CompiledTable.FALLBACK) {
                    return CompiledTable.FALLBACK;
                }
                return switch (f) {
                    case "contains" -> lib.contains((String) x, (String) y);
                    case "starts with" -> lib.startsWith((String) x, (String) y);
                    default -> lib.endsWith((String) x, (String) y);
                };
            }, CompiledTable.Type.BOOLEAN);
        }
    }

    /**
     * The aggregate over {@code inputs}' list (plain Java values, as {@link DecisionModel#evaluate} takes them), or
     * {@link CompiledTable#FALLBACK}.
     */
    Object evaluate(Map<String, ?> inputs) {
        if (!(inputs.get(listName) instanceof List<?> records)) {
            return CompiledTable.FALLBACK;
        }
        List<Object> values = new ArrayList<>();
        Object[] converted = new Object[fields.length]; // one record's fields, as FEEL values, by slot
        for (Object o : records) {
            if (!(o instanceof Map<?, ?> record)) {
                return CompiledTable.FALLBACK;
            }
            for (int i = 0; i < fields.length; i++) {
                // a field the record lacks is null, as jDMN reads it (CompiledAggregationTest checks both ways)
                Object v = DecisionModel.toFeel(record.get(fields[i]));
                if (v != null && !types[i].holds(v)) {
                    return CompiledTable.FALLBACK;
                }
                converted[i] = v;
            }
            if (filter != null) {
                Object keep = filter.of(converted);
                if (keep == CompiledTable.FALLBACK) {
                    return keep;
                }
                if (!Boolean.TRUE.equals(keep)) {
                    continue;
                }
            }
            values.add(field < 0 ? o : converted[field]);
        }
        return switch (aggregate) {
            case "sum" -> lib.sum(values);
            case "mean" -> lib.mean(values);
            case "min" -> lib.min(values);
            case "max" -> lib.max(values);
            default -> lib.count(values);
        };
    }
}
