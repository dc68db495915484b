package io.coalition.eventlog.simulation;

import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An inter-organizational process to simulate: the organizations with their resource pools, a process tree
 * whose activities each belong to one organization, and generators for case and event attributes.
 *
 * <p>Scenarios are JSON so that users can write their own without Java. The format, by example:
 * <pre>{@code
 * {"name": "healthcare", "description": "...", "start": "2024-01-01T08:00:00Z", "interArrival": "PT30M",
 *  "organizations": [{"id": "hospital", "name": "Hospital", "resources": ["Anna", "Ben"]}, ...],
 *  "caseAttributes": {"age": {"int": [18, 95]}},
 *  "process": {"seq": [
 *     {"activity": "Registration", "org": "hospital", "duration": {"mean": "PT15M", "sd": "PT5M"},
 *      "wait": {"mean": "PT1H"}, "attributes": {"urgent": {"bernoulli": 0.1}}},
 *     {"xor": [{"p": 0.7, "do": ...}, {"p": 0.3, "do": ...}]},
 *     {"and": [..., ...]},
 *     {"loop": {"do": ..., "redo": ..., "p": 0.2, "max": 3}}]}}
 * }</pre>
 * Case arrivals are exponential with mean {@code interArrival}. A delay ({@code duration}, {@code wait}) is
 * log-normal with its {@code mean} and {@code sd}, exponential when {@code sd} is left out. {@code wait} is
 * the time between the end of the previous step and the moment the activity may start. An empty
 * {@code {"seq": []}} is a silent step. Attribute generators: {@code {"uniform": [lo, hi]}} (float),
 * {@code {"int": [lo, hi]}} (int, inclusive), {@code {"bernoulli": p}} (boolean),
 * {@code {"choice": {"a": 0.5, "b": 0.5}}} (string), or a plain JSON string, number or boolean (constant).
 *
 * <p>Invalid input fails with an {@link EventLogException} whose location is the JSON path of the problem.
 */
public final class Scenario {

    /** The names of the scenarios shipped with Coalition, for {@link #builtIn}. */
    private static final List<String> BUILT_IN = List.of("healthcare");

    /**
     * One organization: its id (used in the process and as {@code org:group}), display name and resources.
     */
    public record Organization(String id, String name, List<String> resources) {
        public Organization {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            resources = List.copyOf(resources);
        }
    }

    private final String name;
    private final String description;
    private final Instant start;
    private final Duration interArrival;
    private final List<Organization> organizations;
    private final List<Node.NamedGenerator> caseAttributes;
    private final Node process;

    Scenario(String name, String description, Instant start, Duration interArrival,
             List<Organization> organizations, List<Node.NamedGenerator> caseAttributes, Node process) {
        this.name = name;
        this.description = description;
        this.start = start;
        this.interArrival = interArrival;
        this.organizations = List.copyOf(organizations);
        this.caseAttributes = List.copyOf(caseAttributes);
        this.process = process;
    }

    /** Reads a scenario file; the file name is the source named in error locations. */
    public static Scenario load(Path file) {
        String source = file.toString();
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read scenario: " + e.getMessage(), e);
        }
        return parse(json, source);
    }

    /** Parses scenario JSON; {@code sourceName} names the input in error locations. */
    public static Scenario parse(String json, String sourceName) {
        return new ScenarioParser(sourceName).parse(json);
    }

    /** A scenario shipped with Coalition, by name (see {@link #builtInNames()}). */
    public static Scenario builtIn(String name) {
        String file = name + ".json";
        if (!BUILT_IN.contains(name)) {
            throw new EventLogException(Location.of(file),
                    "no built-in scenario \"" + name + "\" (known: " + String.join(", ", BUILT_IN) + ")");
        }
        try (InputStream in = Scenario.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new EventLogException(Location.of(file), "built-in scenario resource missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new EventLogException(Location.of(file), "cannot read built-in scenario: " + e.getMessage(), e);
        }
    }

    /** The names accepted by {@link #builtIn}. */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** When the first case arrives. */
    public Instant start() {
        return start;
    }

    /** The mean time between case arrivals. */
    public Duration interArrival() {
        return interArrival;
    }

    /** The organizations, in the scenario's order. */
    public List<Organization> organizations() {
        return organizations;
    }

    List<Node.NamedGenerator> caseAttributes() {
        return caseAttributes;
    }

    Node process() {
        return process;
    }

    @Override
    public String toString() {
        return "Scenario[" + name + "]";
    }
}
