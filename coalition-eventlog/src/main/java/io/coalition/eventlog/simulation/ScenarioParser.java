package io.coalition.eventlog.simulation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.XesKeys;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns scenario JSON into a {@link Scenario}, checking everything up front so that a simulation never fails
 * half-way; every error names the JSON path of the offending value.
 */
final class ScenarioParser {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final List<String> TOP_FIELDS =
            List.of("name", "description", "start", "interArrival", "organizations", "caseAttributes", "process");
    private static final List<String> ORG_FIELDS = List.of("id", "name", "resources");
    private static final List<String> ACTIVITY_FIELDS = List.of("activity", "org", "duration", "wait", "attributes");
    private static final List<String> NODE_KINDS = List.of("activity", "seq", "xor", "and", "loop");
    private static final List<String> DELAY_FIELDS = List.of("mean", "sd");
    private static final List<String> BRANCH_FIELDS = List.of("p", "do");
    private static final List<String> LOOP_FIELDS = List.of("do", "redo", "p", "max");
    /** Keys the simulator sets itself; a scenario may not override them. */
    private static final Set<String> RESERVED = Set.of(XesKeys.CONCEPT_NAME, XesKeys.TIME_TIMESTAMP,
            XesKeys.ORG_RESOURCE, XesKeys.ORG_GROUP, XesKeys.LIFECYCLE_TRANSITION);
    private static final double TOLERANCE = 1e-9;

    private final String source;
    private List<String> orgIds = List.of();

    ScenarioParser(String source) {
        this.source = source;
    }

    private EventLogException error(String path, String message) {
        return new EventLogException(Location.field(source, path), message);
    }

    Scenario parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            Location where = loc == null ? Location.of(source) : Location.at(source, loc.getLineNr(), loc.getColumnNr());
            throw new EventLogException(where, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EventLogException(Location.of(source), "expected a JSON object");
        }
        checkFields(root, "", TOP_FIELDS);
        String name = string(root, "", "name");
        String description = root.has("description") ? string(root, "", "description") : "";
        Instant start = instant(required(root, "", "start"), "start");
        Duration interArrival = duration(required(root, "", "interArrival"), "interArrival");
        if (interArrival.isZero()) throw error("interArrival", "must be positive");

        JsonNode orgs = array(root, "", "organizations");
        if (orgs.isEmpty()) throw error("organizations", "expected at least one organization");
        List<Scenario.Organization> organizations = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < orgs.size(); i++) {
            String path = "organizations[" + i + "]";
            JsonNode o = object(orgs.get(i), path);
            checkFields(o, path, ORG_FIELDS);
            String id = string(o, path, "id");
            if (id.isBlank()) throw error(path + ".id", "must not be blank");
            if (ids.contains(id)) throw error(path + ".id", "duplicate organization \"" + id + "\"");
            ids.add(id);
            String orgName = o.has("name") ? string(o, path, "name") : id;
            JsonNode res = array(o, path, "resources");
            if (res.isEmpty()) throw error(path + ".resources", "expected at least one resource");
            List<String> resources = new ArrayList<>();
            for (int r = 0; r < res.size(); r++) {
                String rp = path + ".resources[" + r + "]";
                if (!res.get(r).isTextual()) throw error(rp, "expected a string");
                String resource = res.get(r).asText();
                if (resources.contains(resource)) throw error(rp, "duplicate resource \"" + resource + "\"");
                resources.add(resource);
            }
            organizations.add(new Scenario.Organization(id, orgName, resources));
        }
        orgIds = List.copyOf(ids);

        List<Node.NamedGenerator> caseAttributes = root.has("caseAttributes")
                ? generators(root.get("caseAttributes"), "caseAttributes") : List.of();
        Node process = node(required(root, "", "process"), "process");
        return new Scenario(name, description, start, interArrival, organizations, caseAttributes, process);
    }

    private Node node(JsonNode n, String path) {
        object(n, path);
        List<String> kinds = new ArrayList<>();
        for (String k : NODE_KINDS) if (n.has(k)) kinds.add(k);
        if (kinds.isEmpty()) {
            throw error(path, "expected a node with one of the fields " + String.join(", ", NODE_KINDS));
        }
        if (kinds.size() > 1) throw error(path, "more than one node kind: " + String.join(", ", kinds));
        String kind = kinds.get(0);
        if (!kind.equals("activity")) checkFields(n, path, List.of(kind));
        switch (kind) {
            case "activity":
                return activity(n, path);
            case "seq": {
                JsonNode items = array(n, path, "seq");
                List<Node> children = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) children.add(node(items.get(i), path + ".seq[" + i + "]"));
                return new Node.Seq(children);
            }
            case "and": {
                JsonNode items = array(n, path, "and");
                if (items.isEmpty()) throw error(path + ".and", "expected at least one branch");
                List<Node> children = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) children.add(node(items.get(i), path + ".and[" + i + "]"));
                return new Node.And(children);
            }
            case "xor": {
                String xp = path + ".xor";
                JsonNode items = array(n, path, "xor");
                if (items.isEmpty()) throw error(xp, "expected at least one branch");
                List<Node> children = new ArrayList<>();
                List<BigDecimal> ps = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String bp = xp + "[" + i + "]";
                    JsonNode b = object(items.get(i), bp);
                    checkFields(b, bp, BRANCH_FIELDS);
                    ps.add(probability(required(b, bp, "p"), bp + ".p"));
                    children.add(node(required(b, bp, "do"), bp + ".do"));
                }
                return new Node.Xor(children, cumulative(ps, xp));
            }
            default: {
                String lp = path + ".loop";
                JsonNode l = object(n.get("loop"), lp);
                checkFields(l, lp, LOOP_FIELDS);
                Node body = node(required(l, lp, "do"), lp + ".do");
                Node redo = l.has("redo") ? node(l.get("redo"), lp + ".redo") : new Node.Seq(List.of());
                double p = probability(required(l, lp, "p"), lp + ".p").doubleValue();
                JsonNode max = required(l, lp, "max");
                if (!max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1) {
                    throw error(lp + ".max", "expected an integer of at least 1, got " + max);
                }
                return new Node.Loop(body, redo, p, max.asInt());
            }
        }
    }

    private Node activity(JsonNode n, String path) {
        checkFields(n, path, ACTIVITY_FIELDS);
        String name = string(n, path, "activity");
        if (name.isBlank()) throw error(path + ".activity", "must not be blank");
        String org = string(n, path, "org");
        int orgIndex = orgIds.indexOf(org);
        if (orgIndex < 0) {
            throw error(path + ".org", "unknown organization \"" + org + "\" (known: " + String.join(", ", orgIds) + ")");
        }
        Node.Delay duration = delay(required(n, path, "duration"), path + ".duration");
        Node.Delay wait = n.has("wait") ? delay(n.get("wait"), path + ".wait") : Node.Delay.ZERO;
        List<Node.NamedGenerator> attributes = n.has("attributes")
                ? generators(n.get("attributes"), path + ".attributes") : List.of();
        return new Node.Activity(name, orgIndex, wait, duration, attributes);
    }

    private Node.Delay delay(JsonNode n, String path) {
        object(n, path);
        checkFields(n, path, DELAY_FIELDS);
        Duration mean = duration(required(n, path, "mean"), path + ".mean");
        double sd = n.has("sd") ? duration(n.get("sd"), path + ".sd").toMillis() : -1;
        return new Node.Delay(mean.toMillis(), sd);
    }

    private List<Node.NamedGenerator> generators(JsonNode n, String path) {
        object(n, path);
        List<Node.NamedGenerator> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String gp = path + "." + e.getKey();
            if (e.getKey().isBlank()) throw error(gp, "attribute key must not be blank");
            if (RESERVED.contains(e.getKey())) throw error(gp, "reserved attribute key, set by the simulator");
            result.add(new Node.NamedGenerator(e.getKey(), generator(e.getValue(), gp)));
        }
        return result;
    }

    private Node.Generator generator(JsonNode g, String path) {
        if (g.isTextual()) return new Node.Generator.Constant(g.asText());
        if (g.isBoolean()) return new Node.Generator.Constant(g.asBoolean());
        if (g.isIntegralNumber() && g.canConvertToLong()) return new Node.Generator.Constant(g.asLong());
        if (g.isNumber()) return new Node.Generator.Constant(g.asDouble());
        String expected = "expected a generator: {\"uniform\": [low, high]}, {\"int\": [low, high]}, "
                + "{\"bernoulli\": p}, {\"choice\": {\"value\": p, ...}} or a constant";
        if (!g.isObject() || g.size() != 1) throw error(path, expected);
        String kind = g.fieldNames().next();
        String kp = path + "." + kind;
        JsonNode v = g.get(kind);
        switch (kind) {
            case "uniform": {
                double[] r = range(v, kp, false);
                return new Node.Generator.Uniform(r[0], r[1]);
            }
            case "int": {
                range(v, kp, true);
                return new Node.Generator.IntRange(v.get(0).asLong(), v.get(1).asLong());
            }
            case "bernoulli":
                return new Node.Generator.Bernoulli(probability(v, kp).doubleValue());
            case "choice": {
                object(v, kp);
                if (v.isEmpty()) throw error(kp, "expected at least one value");
                List<String> values = new ArrayList<>();
                List<BigDecimal> ps = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    values.add(e.getKey());
                    ps.add(probability(e.getValue(), kp + "." + e.getKey()));
                }
                return new Node.Generator.Choice(List.copyOf(values), cumulative(ps, kp));
            }
            default:
                throw error(path, expected);
        }
    }

    private double[] range(JsonNode v, String path, boolean integral) {
        String what = integral ? "integers" : "numbers";
        if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()
                || integral && !(v.get(0).isIntegralNumber() && v.get(0).canConvertToLong()
                && v.get(1).isIntegralNumber() && v.get(1).canConvertToLong())) {
            throw error(path, "expected [low, high] with two " + what);
        }
        double lo = v.get(0).asDouble();
        double hi = v.get(1).asDouble();
        if (integral ? v.get(0).asLong() > v.get(1).asLong() : lo > hi) {
            throw error(path, "low " + v.get(0) + " is greater than high " + v.get(1));
        }
        return new double[] {lo, hi};
    }

    private BigDecimal probability(JsonNode v, String path) {
        if (!v.isNumber()) throw error(path, "expected a probability (a number from 0 to 1), got " + v);
        BigDecimal p = v.decimalValue();
        if (p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
            throw error(path, "probability must be between 0 and 1, got " + v);
        }
        return p;
    }

    /** Cumulative probabilities; the sum is checked exactly in decimal, so 0.1 + 0.2 + 0.7 is 1. */
    private double[] cumulative(List<BigDecimal> ps, String path) {
        BigDecimal sum = BigDecimal.ZERO;
        double[] cumulative = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            sum = sum.add(ps.get(i));
            cumulative[i] = sum.doubleValue();
        }
        if (Math.abs(sum.doubleValue() - 1.0) > TOLERANCE) {
            throw error(path, "probabilities sum to " + sum.stripTrailingZeros().toPlainString() + ", expected 1");
        }
        return cumulative;
    }

    private Duration duration(JsonNode v, String path) {
        if (!v.isTextual()) throw error(path, "expected an ISO-8601 duration string such as \"PT15M\", got " + v);
        Duration d;
        try {
            d = Duration.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw error(path, "not an ISO-8601 duration: " + v + " (e.g. \"PT15M\", \"PT2H\", \"P3D\")");
        }
        if (d.isNegative()) throw error(path, "duration must not be negative: " + v);
        return d;
    }

    private Instant instant(JsonNode v, String path) {
        if (!v.isTextual()) throw error(path, "expected an ISO-8601 instant string, got " + v);
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw error(path, "not an ISO-8601 instant: " + v + " (e.g. \"2024-01-01T08:00:00Z\")");
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private JsonNode required(JsonNode obj, String path, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) throw error(join(path, field), "missing required field");
        return v;
    }

    private String string(JsonNode obj, String path, String field) {
        JsonNode v = required(obj, path, field);
        if (!v.isTextual()) throw error(join(path, field), "expected a string, got " + v);
        return v.asText();
    }

    private JsonNode array(JsonNode obj, String path, String field) {
        JsonNode v = required(obj, path, field);
        if (!v.isArray()) throw error(join(path, field), "expected an array, got " + v.getNodeType().name().toLowerCase());
        return v;
    }

    private JsonNode object(JsonNode v, String path) {
        if (v == null || !v.isObject()) {
            throw error(path, "expected an object, got " + (v == null ? "nothing" : v.getNodeType().name().toLowerCase()));
        }
        return v;
    }

    /** Unknown fields are errors: a misspelt "wiat" would otherwise silently change the simulation. */
    private void checkFields(JsonNode obj, String path, List<String> allowed) {
        Set<String> unknown = new LinkedHashSet<>();
        obj.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) unknown.add(f);
        });
        if (!unknown.isEmpty()) {
            String f = unknown.iterator().next();
            throw error(join(path, f), "unknown field (expected one of " + String.join(", ", allowed) + ")");
        }
    }
}
