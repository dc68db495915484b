package io.coalition.planning.iow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.coalition.planning.PlanningException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a {@link Workflow} from YAML ({@code .yaml}/{@code .yml}) or JSON, rejecting unknown fields, and
 * validates it; every error names the source and the field path (e.g. {@code tasks[2].deadline}).
 */
public final class WorkflowReader {
    private WorkflowReader() {
    }

    public static Workflow read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PlanningException("cannot read workflow " + file + ": " + e.getMessage(), e);
        }
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return parse(text, file.toString(), n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    /** Seed 001's running example (healthcare, 5 tasks, 6 organizations), bundled with this module. */
    public static Workflow runningExample() {
        try (var in = WorkflowReader.class.getResourceAsStream("/io/coalition/planning/healthcare-iow.yaml")) {
            if (in == null) throw new IllegalStateException("bundled healthcare-iow.yaml is missing from the jar");
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "healthcare-iow.yaml", true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled healthcare-iow.yaml", e);
        }
    }

    public static Workflow parse(String text, String source, boolean yaml) {
        ObjectMapper mapper = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        Workflow w;
        try {
            w = mapper.readValue(text, Workflow.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            String msg = e.getOriginalMessage().lines().findFirst().orElse("");
            // a missing primitive reaches the record constructor as null
            if (msg.startsWith("Cannot map `null` into type")) msg = "required field is missing or null";
            throw new PlanningException(source + ": " + (path.isEmpty() ? "" : path + ": ") + msg, e);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new PlanningException(source + ":" + (loc == null ? "?" : loc.getLineNr()) + ": " + e.getOriginalMessage(), e);
        }
        validate(w, source);
        return w;
    }

    static void validate(Workflow w, String src) {
        if (w.tasks() == null || w.tasks().isEmpty()) throw error(src, "tasks", "at least one task is required");
        if (w.organizations() == null || w.organizations().isEmpty()) throw error(src, "organizations", "at least one organization is required");
        if (w.criteria() == null || w.criteria().isEmpty()) throw error(src, "criteria", "at least one criterion is required");
        if (w.prior() == null) throw error(src, "prior", "required (e.g. {alpha: 1, beta: 1})");
        if (!(w.prior().alpha() > 0) || !(w.prior().beta() > 0)) throw error(src, "prior", "alpha and beta must be > 0");
        Set<String> tasks = ids(w.tasks().stream().map(Workflow.Task::id).toList(), src, "tasks");
        Set<String> orgs = ids(w.organizations().stream().map(Workflow.Organization::id).toList(), src, "organizations");
        Set<String> crit = ids(w.criteria().stream().map(Workflow.Criterion::id).toList(), src, "criteria");
        for (int i = 0; i < w.tasks().size(); i++) {
            Workflow.Task t = w.tasks().get(i);
            String at = "tasks[" + i + "]";
            if (t.deadline() < 0) throw error(src, at + ".deadline", "must be >= 0, found " + t.deadline());
            if (t.elapsed() < 0) throw error(src, at + ".elapsed", "must be >= 0, found " + t.elapsed());
            if (t.stage() < 1) throw error(src, at + ".stage", "must be >= 1, found " + t.stage());
        }
        for (int i = 0; i < w.organizations().size(); i++) {
            Workflow.Organization o = w.organizations().get(i);
            String at = "organizations[" + i + "]";
            if (o.criteria() == null || !o.criteria().keySet().equals(crit)) {
                throw error(src, at + ".criteria", "needs exactly the criteria " + crit + ", found " + (o.criteria() == null ? "none" : o.criteria().keySet()));
            }
            for (var e : o.criteria().entrySet()) {
                if (e.getValue() == null || e.getValue().size() != 2 || e.getValue().get(0) > e.getValue().get(1) || e.getValue().get(0) < 0) {
                    throw error(src, at + ".criteria." + e.getKey(), "expected a grey number [lower, upper] with 0 <= lower <= upper, found " + e.getValue());
                }
            }
            if (o.history() != null) {
                for (var e : o.history().entrySet()) {
                    if (!tasks.contains(e.getKey())) throw error(src, at + ".history." + e.getKey(), "unknown task");
                    Workflow.History h = e.getValue();
                    if (h.trials() < 0 || h.available() < 0 || h.available() > h.trials()) {
                        throw error(src, at + ".history." + e.getKey(), "expected 0 <= available <= trials, found " + h.available() + " of " + h.trials());
                    }
                }
            }
        }
        if (w.authorizations() == null) throw error(src, "authorizations", "required: task id -> authorized organization ids");
        for (String t : tasks) {
            List<String> a = w.authorizations().get(t);
            if (a == null || a.isEmpty()) throw error(src, "authorizations." + t, "no organization is authorized for task " + t);
            for (String o : a) if (!orgs.contains(o)) throw error(src, "authorizations." + t, "unknown organization " + o);
        }
        for (String t : w.authorizations().keySet()) if (!tasks.contains(t)) throw error(src, "authorizations." + t, "unknown task");
        List<Workflow.ConstraintSpec> cs = w.constraints() == null ? List.of() : w.constraints();
        for (int i = 0; i < cs.size(); i++) {
            Workflow.ConstraintSpec c = cs.get(i);
            String at = "constraints[" + i + "]";
            if (c == null) throw error(src, at, "required: a constraint {type, tasks, ...}");
            if (c.type() == null || !Set.of("sod", "bod", "at-most-k", "one-team").contains(c.type())) {
                throw error(src, at + ".type", "expected sod, bod, at-most-k or one-team, found " + c.type());
            }
            if (c.tasks() == null) throw error(src, at + ".tasks", "required");
            for (String t : c.tasks()) if (!tasks.contains(t)) throw error(src, at + ".tasks", "unknown task " + t);
            if (new HashSet<>(c.tasks()).size() != c.tasks().size()) throw error(src, at + ".tasks", "lists a task twice: " + c.tasks());
            boolean pair = c.type().equals("sod") || c.type().equals("bod");
            if (pair && c.tasks().size() != 2) throw error(src, at + ".tasks", c.type() + " needs exactly two tasks, found " + c.tasks().size());
            if (!pair && c.tasks().isEmpty()) throw error(src, at + ".tasks", c.type() + " needs at least one task");
            if (c.type().equals("at-most-k") && (c.k() == null || c.k() < 1)) throw error(src, at + ".k", "at-most-k needs k >= 1, found " + c.k());
            if (!c.type().equals("at-most-k") && c.k() != null) throw error(src, at + ".k", "only at-most-k takes k, found k in a " + c.type() + " constraint");
            if (c.type().equals("one-team")) {
                if (c.teams() == null || c.teams().isEmpty()) {
                    throw error(src, at + ".teams", "one-team needs at least one team (a list of organization ids)");
                }
                for (int k = 0; k < c.teams().size(); k++) {
                    List<String> team = c.teams().get(k);
                    if (team == null || team.isEmpty()) throw error(src, at + ".teams[" + k + "]", "a team needs at least one organization");
                    for (String o : team) if (!orgs.contains(o)) throw error(src, at + ".teams[" + k + "]", "unknown organization " + o);
                }
            } else if (c.teams() != null) {
                throw error(src, at + ".teams", "only one-team takes teams, found teams in a " + c.type() + " constraint");
            }
        }
        if (w.criteriaComparisons() != null) {
            Set<String> compared = new HashSet<>();
            for (int i = 0; i < w.criteriaComparisons().size(); i++) {
                List<Object> p = w.criteriaComparisons().get(i);
                String at = "criteriaComparisons[" + i + "]";
                if (p == null || p.size() != 3 || !crit.contains(String.valueOf(p.get(0))) || !crit.contains(String.valueOf(p.get(1)))
                        || !(p.get(2) instanceof Number num) || !(num.doubleValue() > 0) || Double.isInfinite(num.doubleValue())) {
                    throw error(src, at, "expected [criterion, criterion, positive number], found " + p);
                }
                String a = String.valueOf(p.get(0)), b = String.valueOf(p.get(1));
                if (a.equals(b)) throw error(src, at, "compares " + a + " with itself");
                String key = a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
                if (!compared.add(key)) throw error(src, at, a + " and " + b + " are already compared");
            }
        }
    }

    private static Set<String> ids(List<String> ids, String src, String field) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || ids.get(i).isBlank()) throw error(src, field + "[" + i + "].id", "required");
            if (!seen.add(ids.get(i))) throw error(src, field + "[" + i + "].id", "duplicate id " + ids.get(i));
        }
        return Set.copyOf(seen);
    }

    private static PlanningException error(String source, String field, String message) {
        return new PlanningException(source + ": " + field + ": " + message);
    }

    static Map<String, Integer> index(List<String> ids) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (String id : ids) m.put(id, m.size());
        return m;
    }
}
