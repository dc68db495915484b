package io.coalition.decisions.dmn;

import com.gs.dmn.DMNModelRepository;
import com.gs.dmn.ast.TDRGElement;
import com.gs.dmn.ast.TDecision;
import com.gs.dmn.ast.TDefinitions;
import com.gs.dmn.dialect.JavaTimeDMNDialectDefinition;
import com.gs.dmn.log.BuildLogger;
import com.gs.dmn.log.Slf4jBuildLogger;
import com.gs.dmn.runtime.interpreter.DMNInterpreter;
import com.gs.dmn.runtime.interpreter.EvaluationContext;
import com.gs.dmn.runtime.interpreter.Result;
import com.gs.dmn.serialization.DMNSerializer;
import com.gs.dmn.transformation.InputParameters;
import io.coalition.decisions.DecisionsException;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more DMN 1.1-1.5 models (files that import each other are loaded together), evaluated by the jDMN
 * interpreter: decision tables with every hit policy (U, A, P, F, R, O, C and C+, C&lt;, C&gt;, C#), boxed
 * expressions, BKMs and decision services, with the whole of FEEL.
 *
 * <p>Inputs are plain Java values: {@link Number}s (converted to {@link BigDecimal}, FEEL's number), strings,
 * booleans, {@link LocalDate}s, lists and maps (FEEL contexts). A decision that fails (e.g. a single-hit table
 * with several matching rules) raises a {@link DecisionsException} naming the model, the decision and the error:
 * an error is never turned into {@code null} silently.
 *
 * <p>Immutable after loading and safe to share between threads: each evaluation gets its own context.
 */
public final class DecisionModel {
    private static final BuildLogger LOG = new Slf4jBuildLogger(LoggerFactory.getLogger(DecisionModel.class));
    private static final JavaTimeDMNDialectDefinition DIALECT = new JavaTimeDMNDialectDefinition();

    private final String source;
    private final DMNModelRepository repository;
    private final DMNInterpreter<Number, LocalDate, TemporalAccessor, TemporalAccessor, TemporalAmount> interpreter;
    /** Decision tables compiled to Java predicates, by decision name; empty when interpreting only. */
    private final Map<String, CompiledTable> compiled;
    /** Aggregation decisions (Table V's shape) compiled to Java, by decision name; empty when interpreting only. */
    private final Map<String, CompiledAggregation> aggregations;

    private DecisionModel(String source, DMNModelRepository repository) {
        this.source = source;
        this.repository = repository;
        this.interpreter = DIALECT.createDMNInterpreter(repository, new InputParameters());
        Map<String, CompiledTable> tables = new java.util.HashMap<>();
        Map<String, CompiledAggregation> aggregates = new java.util.HashMap<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (TDefinitions defs : repository.getAllDefinitions()) {
            for (TDecision d : repository.findDecisions(defs)) {
                seen.merge(d.getName(), 1, Integer::sum);
                CompiledTable.compile(repository, d).ifPresent(t -> tables.put(d.getName(), t));
                CompiledAggregation.compile(repository, d, interpreter).ifPresent(a -> aggregates.put(d.getName(), a));
            }
        }
        // a name two models share is left to the interpreter, which resolves it as evaluate() always has
        seen.forEach((name, count) -> {
            if (count > 1) {
                tables.remove(name);
                aggregates.remove(name);
            }
        });
        this.compiled = Map.copyOf(tables);
        this.aggregations = Map.copyOf(aggregates);
    }

    private DecisionModel(DecisionModel other) {
        this.source = other.source;
        this.repository = other.repository;
        this.interpreter = other.interpreter;
        this.compiled = Map.of();
        this.aggregations = Map.of();
    }

    /**
     * The same model evaluated by the jDMN interpreter alone, without compiled decision tables: the reference
     * the compiled tables are checked against, and the baseline of the benchmark.
     */
    public DecisionModel interpretedOnly() {
        return new DecisionModel(this);
    }

    /**
     * Whether the decision is compiled to Java (a decision table, or an aggregation of Table V's shape; see
     * {@link #interpretedOnly()}); else it is interpreted.
     */
    public boolean isCompiled(String decisionName) {
        return compiled.containsKey(decisionName) || aggregations.containsKey(decisionName);
    }

    /** The compiled form of an aggregation decision, or null (for tests: which calls it answers itself). */
    CompiledAggregation compiledAggregation(String decisionName) {
        return aggregations.get(decisionName);
    }

    /** A model over an already built repository (the TCK runner transforms names before this). */
    static DecisionModel of(String source, DMNModelRepository repository) {
        return new DecisionModel(source, repository);
    }

    static List<TDefinitions> read(List<Path> files) {
        DMNSerializer serializer = DIALECT.createDMNSerializer(LOG, new InputParameters());
        List<TDefinitions> definitions = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new DecisionsException(f + ": no such DMN file");
            }
            try {
                definitions.add(serializer.readModel(f.toFile()));
            } catch (RuntimeException e) {
                throw new DecisionsException(f + ": not a readable DMN model: " + e.getMessage(), e);
            }
        }
        return definitions;
    }

    /** Loads DMN files (and every {@code *.dmn} inside the given directories) as one repository. */
    public static DecisionModel load(Path... filesOrDirs) {
        List<Path> files = new ArrayList<>();
        for (Path p : filesOrDirs) {
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".dmn")).sorted().forEach(files::add);
                } catch (java.io.IOException e) {
                    throw new DecisionsException(p + ": cannot list DMN files: " + e.getMessage(), e);
                }
            } else {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new DecisionsException(List.of(filesOrDirs) + ": no DMN file found");
        }
        return new DecisionModel(files.size() == 1 ? files.get(0).toString() : files.toString(),
                new DMNModelRepository(read(files)));
    }

    /** The jDMN repository, for tools that need the model itself (the TCK runner). */
    public DMNModelRepository repository() {
        return repository;
    }

    /** The interpreter, for tools that need it (the TCK runner). */
    public DMNInterpreter<Number, LocalDate, TemporalAccessor, TemporalAccessor, TemporalAmount> interpreter() {
        return interpreter;
    }

    /** The names of all decisions, in model order. */
    public List<String> decisionNames() {
        return repository.getAllDefinitions().stream().flatMap(d -> repository.findDecisions(d).stream())
                .map(TDRGElement::getName).toList();
    }

    /** The names of the input data elements the decision needs, directly or through other decisions. */
    public List<String> inputNames(String decisionName) {
        TDecision d = decision(decisionName);
        return repository.inputDataClosure(repository.makeDRGElementReference(d), new com.gs.dmn.DRGElementFilter(false))
                .stream().map(r -> r.getElement().getName()).distinct().toList();
    }

    /** Evaluates a decision given values for its input data (by name); returns its FEEL value. */
    public Object evaluate(String decisionName, Map<String, ?> inputs) {
        CompiledAggregation aggregation = aggregations.get(decisionName);
        if (aggregation != null) {
            Object v = aggregation.evaluate(inputs); // on the plain values: no FEEL context per record
            if (v != CompiledTable.FALLBACK) {
                return v;
            }
        }
        Map<String, Object> converted = new java.util.HashMap<>();
        inputs.forEach((k, v) -> converted.put(k, toFeel(v)));
        CompiledTable table = compiled.get(decisionName);
        if (table != null) {
            Object v = table.evaluate(converted);
            if (v != CompiledTable.FALLBACK) {
                return v;
            }
        }
        TDecision d = decision(decisionName);
        var ref = repository.makeDRGElementReference(d);
        Result result;
        // one evaluation at a time: jDMN's interpreter is not safe for concurrent callers (two CCU replicas in one
        // JVM sharing a model saw spurious FEEL errors); compiled tables above run in parallel
        try {
            synchronized (interpreter) {
                result = interpreter.evaluateDecision(ref.getNamespace(), ref.getElementName(),
                        EvaluationContext.makeDecisionEvaluationContext(d, converted));
            }
        } catch (RuntimeException e) {
            throw new DecisionsException(source + ": decision '" + decisionName + "' failed: " + e.getMessage(), e);
        }
        if (result.hasErrors()) {
            throw new DecisionsException(source + ": decision '" + decisionName + "' failed: " + errorMessages(result));
        }
        return Result.value(result);
    }

    /**
     * The distinct messages of a failed jDMN result with their causes, e.g. "Cannot evaluate decision ...: Value 'old'
     * does not conform to type 'number'". jDMN 9's {@code Result} and {@code Error} have no getters for the list and
     * the cause (its {@code toString} prints object ids), so their private fields are read, with its own text as
     * fallback.
     */
    static String errorMessages(Result result) {
        try {
            java.lang.reflect.Field list = Result.class.getDeclaredField("errors");
            java.lang.reflect.Field trace = com.gs.dmn.runtime.interpreter.Error.class.getDeclaredField("stackTrace");
            list.setAccessible(true);
            trace.setAccessible(true);
            List<String> messages = new ArrayList<>();
            for (Object e : (List<?>) list.get(result)) {
                String message = ((com.gs.dmn.runtime.interpreter.Error) e).getMessage();
                String cause = innermostCause((String) trace.get(e));
                String text = message == null ? cause : cause == null || message.contains(cause) ? message : message + ": " + cause;
                if (text != null && !messages.contains(text)) messages.add(text);
            }
            return messages.isEmpty() ? result.toString() : String.join("; ", messages);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return result.toString();
        }
    }

    /** The message of the innermost exception in a printed stack trace ("Caused by: X: message" or its first line). */
    private static String innermostCause(String stackTrace) {
        if (stackTrace == null || stackTrace.isBlank()) return null;
        String found = null;
        for (String line : stackTrace.split("\\R")) {
            if (found == null && !line.isBlank()) found = line;
            else if (line.startsWith("Caused by: ")) found = line.substring("Caused by: ".length());
        }
        if (found == null) return null;
        int colon = found.indexOf(": ");
        return colon < 0 ? null : found.substring(colon + 2).strip();
    }

    /** Whether the model has a decision of this name. */
    public boolean hasDecision(String name) {
        return decisionNames().contains(name);
    }

    /** The FEEL text of a decision whose logic is a literal expression, or "" for other kinds of logic. */
    public String expressionText(String decisionName) {
        return decision(decisionName).getExpression() instanceof com.gs.dmn.ast.TLiteralExpression le
                && le.getText() != null ? le.getText() : "";
    }

    private TDecision decision(String name) {
        for (TDefinitions defs : repository.getAllDefinitions()) {
            for (TDecision d : repository.findDecisions(defs)) {
                if (name.equals(d.getName())) {
                    return d;
                }
            }
        }
        throw new DecisionsException(source + ": no decision named '" + name + "' (decisions: " + decisionNames() + ")");
    }

    static Object toFeel(Object v) {
        if (v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof List<?> l) {
            return l.stream().map(DecisionModel::toFeel).toList();
        }
        if (v instanceof Map<?, ?> m) {
            com.gs.dmn.runtime.Context c = new com.gs.dmn.runtime.Context();
            m.forEach((k, x) -> c.add(String.valueOf(k), toFeel(x)));
            return c;
        }
        return v;
    }

    @Override
    public String toString() {
        return "DecisionModel[" + source + "]";
    }
}
