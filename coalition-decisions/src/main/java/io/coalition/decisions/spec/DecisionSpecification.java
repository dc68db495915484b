package io.coalition.decisions.spec;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.dmn.DecisionModel;
import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision;
import io.coalition.policy.PolicyDecisionPoint;
import io.coalition.policy.alfa.AlfaCompiler;
import io.coalition.policy.alfa.AlfaSource;
import io.coalition.trust.pki.ParticipantAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The Policymaker's specification, built from files alone (no per-scenario code): DMN models (decision tables
 * and aggregation decisions) and an ALFA policy descriptor whose policy targets name the decision functions
 * ({@code Action == "funcName(dataStructure, aggregations*)"}, seed 004 Listing 3) and who may provide each
 * data structure ({@code Action == "provide(dataStructure)"}).
 *
 * <p>Aggregations (seed 004 Table V) are DMN decisions whose only input is the data structure, a list of
 * records (e.g. {@code mean(Patient[ConsentFormSigned = true and ...].Age)}); the function decision takes the
 * record's fields and the aggregations' values as input data of the same names.
 *
 * <p>Every call is authorized by the XACML PDP the ALFA compiles to, with the caller's certified attributes as
 * subject attributes {@code Role}, {@code Country} (ISO code and name), {@code Organization} and
 * {@code subject-id}. Anything but Permit is a refusal (fail closed). Close it to release the PDP.
 */
public final class DecisionSpecification implements AutoCloseable {
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");
    private static final Pattern ACTION = Pattern.compile("Action\\s*==\\s*\"([^\"]*)\"");
    /** The action prefix that lets a caller receive a function's aggregated outcome only. */
    static final String SUMMARIZE = "summarize";

    private final DecisionModel model;
    private final PolicyDecisionPoint pdp;
    private final Map<String, DecisionFunction> functions;
    private final Set<String> providedStructures;
    private final Set<String> summarizable;

    private DecisionSpecification(DecisionModel model, PolicyDecisionPoint pdp, Map<String, DecisionFunction> functions,
                                  Set<String> providedStructures, Set<String> summarizable) {
        this.model = model;
        this.pdp = pdp;
        this.functions = functions;
        this.providedStructures = providedStructures;
        this.summarizable = summarizable;
    }

    /**
     * Loads the DMN files and compiles the ALFA files (their XACML is written to {@code policyDir}).
     * @throws DecisionsException naming the file and the decision function whose parts are missing
     */
    public static DecisionSpecification load(List<Path> dmnFiles, List<Path> alfaFiles, Path policyDir) {
        DecisionModel model = DecisionModel.load(dmnFiles.toArray(Path[]::new));
        Map<String, DecisionFunction> functions = new LinkedHashMap<>();
        Set<String> provided = new LinkedHashSet<>();
        Map<String, Path> summarized = new LinkedHashMap<>();
        List<AlfaSource> sources = new ArrayList<>();
        for (Path alfa : alfaFiles) {
            String text;
            try {
                text = Files.readString(alfa);
            } catch (IOException e) {
                throw new DecisionsException(alfa + ": cannot read the policy descriptor: " + e.getMessage(), e);
            }
            sources.add(new AlfaSource(alfa.getFileName().toString(), text));
            Matcher m = ACTION.matcher(text);
            while (m.find()) {
                DecisionFunction f = DecisionFunction.parse(m.group(1));
                if (f.name().equals("provide")) {
                    if (!f.aggregations().isEmpty()) {
                        throw new DecisionsException(alfa + ": '" + m.group(1) + "': provide takes one data structure");
                    }
                    provided.add(f.dataStructure());
                    continue;
                }
                if (f.name().equals(SUMMARIZE)) {
                    if (!f.aggregations().isEmpty()) {
                        throw new DecisionsException(alfa + ": '" + m.group(1) + "': summarize takes one decision function");
                    }
                    summarized.put(f.dataStructure(), alfa);
                    continue;
                }
                check(model, f, alfa);
                functions.put(f.name(), f);
            }
        }
        if (functions.isEmpty()) {
            throw new DecisionsException(alfaFiles + ": no decision function (Action == \"funcName(dataStructure, "
                    + "aggregation*)\") in the policy descriptor");
        }
        for (var e : summarized.entrySet()) {
            if (!functions.containsKey(e.getKey())) {
                throw new DecisionsException(e.getValue() + ": summarize(" + e.getKey() + "): no decision function '"
                        + e.getKey() + "' in the policy descriptor (functions: " + functions.keySet() + ")");
            }
        }
        List<Path> written = AlfaCompiler.write(AlfaCompiler.compile(sources), policyDir);
        PolicyDecisionPoint pdp = PolicyDecisionPoint.load(written.toArray(Path[]::new));
        return new DecisionSpecification(model, pdp, Map.copyOf(functions), Set.copyOf(provided),
                Set.copyOf(summarized.keySet()));
    }

    private static void check(DecisionModel model, DecisionFunction f, Path alfa) {
        if (!model.hasDecision(f.name())) {
            throw new DecisionsException(alfa + ": decision function " + f.action() + ": the DMN model has no decision '"
                    + f.name() + "' (decisions: " + model.decisionNames() + ")");
        }
        for (String a : f.aggregations()) {
            if (!model.hasDecision(a)) {
                throw new DecisionsException(alfa + ": decision function " + f.action()
                        + ": the DMN model has no aggregation decision '" + a + "'");
            }
            if (!model.inputNames(a).equals(List.of(f.dataStructure()))) {
                throw new DecisionsException(alfa + ": decision function " + f.action() + ": aggregation '" + a
                        + "' must take exactly the input '" + f.dataStructure() + "', takes " + model.inputNames(a));
            }
        }
    }

    public DecisionModel model() {
        return model;
    }

    /** The decision functions by name. */
    public Map<String, DecisionFunction> functions() {
        return functions;
    }

    /** The function of that name, or a refusal naming the known ones. */
    public DecisionFunction function(String name) {
        DecisionFunction f = functions.get(name);
        if (f == null) {
            throw new DecisionsException("no decision function '" + name + "' (functions: "
                    + functions.keySet().stream().sorted().toList() + ")");
        }
        return f;
    }

    /** The data structures some policy lets participants provide. */
    public Set<String> providedStructures() {
        return providedStructures;
    }

    /** The functions some policy lets callers receive summarized ({@code summarize(function)}). */
    public Set<String> summarizable() {
        return summarizable;
    }

    /** The action id that lets a caller receive only the aggregated outcome of {@code f}. */
    public static String summarizeAction(DecisionFunction f) {
        return SUMMARIZE + "(" + f.name() + ")";
    }

    /** Asks the PDP whether the certified participant may perform {@code action}; true only on Permit. */
    public boolean permits(ParticipantAttributes caller, String action) {
        AccessRequest.Builder b = AccessRequest.builder()
                .subject(AccessRequest.SUBJECT_ID, AttributeValue.string(caller.identificationNumber()))
                .subject("Role", AttributeValue.string(caller.role()))
                .subject("Country", AttributeValue.string(caller.country()), AttributeValue.string(caller.countryName()))
                .action(action);
        if (caller.organization() != null) {
            b.subject("Organization", AttributeValue.string(caller.organization()));
        }
        Decision d = pdp.decide(b.build());
        audit.info("decisions: {} asks {}: {}", caller.identificationNumber(), action, d.verdict());
        // a Permit with obligations we do not know how to discharge is a refusal (XACML 3.0 section 7.18)
        return d.isPermit() && d.obligations().isEmpty();
    }

    /**
     * The record fields the function needs (its own inputs that are not aggregations, and the fields its
     * aggregations mention): what a light copy keeps.
     */
    public Set<String> decisionRelevantFields(DecisionFunction f, Set<String> recordFields) {
        Set<String> needed = new LinkedHashSet<>();
        List<String> inputs = model.inputNames(f.name());
        for (String field : recordFields) {
            boolean used = inputs.contains(field) || f.aggregations().stream()
                    .anyMatch(a -> Pattern.compile("\\b" + Pattern.quote(field) + "\\b").matcher(model.expressionText(a)).find());
            if (used) {
                needed.add(field);
            }
        }
        return needed;
    }

    /**
     * Evaluates a decision function over records (id to fields, in order): aggregations over all of them first,
     * then the decision for each record with its fields and the aggregates as inputs.
     */
    public DecisionOutcome evaluate(DecisionFunction f, Map<String, Map<String, Object>> records) {
        return evaluate(f, new ArrayList<>(records.keySet()), new ArrayList<>(records.values()));
    }

    /**
     * {@link #evaluate(DecisionFunction, Map)} over records given as two lists in step, ids and fields (a caller
     * that holds them so, like the CCU, builds no map); ids are expected to be distinct.
     */
    public DecisionOutcome evaluate(DecisionFunction f, List<String> ids, List<? extends Map<String, Object>> records) {
        if (ids.size() != records.size()) {
            throw new IllegalArgumentException(ids.size() + " record ids for " + records.size() + " records");
        }
        Map<String, Object> aggregates = new LinkedHashMap<>();
        List<Map<String, Object>> all = java.util.Collections.unmodifiableList(records);
        for (String a : f.aggregations()) {
            aggregates.put(a, model.evaluate(a, Map.of(f.dataStructure(), all)));
        }
        Object[] outputs = new Object[records.size()];
        IntStream range = IntStream.range(0, records.size());
        // a compiled table is safe for concurrent callers (the interpreter is not): large data sets use the cores;
        // outputs keep submission order, and the first failing record in that order is the one reported
        if (records.size() >= PARALLEL_FROM && model.isCompiled(f.name())) {
            range = range.parallel();
        }
        range.forEach(i -> {
            try {
                outputs[i] = decide(f, aggregates, records.get(i));
            } catch (DecisionsException x) {
                outputs[i] = new Failed(x);
            }
        });
        List<DecisionOutcome.RecordDecision> decisions = new ArrayList<>(records.size());
        for (int i = 0; i < outputs.length; i++) {
            String id = ids.get(i);
            if (outputs[i] instanceof Failed x) {
                throw new DecisionsException("record " + id + ": " + x.error().getMessage(), x.error());
            }
            decisions.add(new DecisionOutcome.RecordDecision(id, outputs[i]));
        }
        return new DecisionOutcome(f.name(), aggregates, decisions);
    }

    /**
     * The function's decision for one record, given the aggregates over all records (none for a function without
     * aggregations): what {@link #evaluate} computes per record. Safe for concurrent callers.
     */
    public Object decide(DecisionFunction f, Map<String, Object> aggregates, Map<String, Object> fields) {
        List<String> inputs = inputNames.computeIfAbsent(f.name(), model::inputNames);
        Map<String, Object> in = new HashMap<>();
        for (String name : inputs) {
            in.put(name, aggregates.containsKey(name) ? aggregates.get(name) : fields.get(name));
        }
        return model.evaluate(f.name(), in);
    }

    /** A record's evaluation that threw (kept apart from outputs, which may be any value). */
    private record Failed(DecisionsException error) {
    }

    /** The input data names of each function's decision (computing the closure each time costs more than a table). */
    private final Map<String, List<String>> inputNames = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * From how many records the per-record work is spread over the cores (the common fork-join pool): here for a
     * compiled decision, and in the CCU for opening and deciding records, so the plain and the secure path get the
     * same parallelism.
     */
    public static final int PARALLEL_FROM = 1_024;

    @Override
    public void close() {
        pdp.close();
    }
}
