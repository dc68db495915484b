package io.coalition.eventlog.simulation;

import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScenarioTest {

    /** A small valid scenario; tests replace one fragment to make it invalid. */
    private static final String SMALL = """
            {"name": "small", "description": "two parties", "start": "2024-03-01T09:00:00Z", "interArrival": "PT2H",
             "organizations": [{"id": "shop", "name": "Shop", "resources": ["ann", "bob"]},
                               {"id": "bank", "resources": ["eve"]}],
             "caseAttributes": {"channel": {"choice": {"web": 0.75, "store": 0.25}}, "region": "north"},
             "process": {"seq": [
               {"activity": "Order", "org": "shop", "duration": {"mean": "PT5M", "sd": "PT1M"},
                "attributes": {"amount": {"uniform": [10, 20]}, "items": {"int": [1, 3]}, "gift": {"bernoulli": 0.5}}},
               {"xor": [{"p": 0.5, "do": {"activity": "Pay", "org": "bank", "duration": {"mean": "PT1M"}}},
                        {"p": 0.5, "do": {"seq": []}}]},
               {"activity": "Ship", "org": "shop", "wait": {"mean": "P1D", "sd": "PT6H"}, "duration": {"mean": "PT30M"}}
             ]}}
            """;

    @Test
    void smallScenarioFromString() {
        Scenario s = Scenario.parse(SMALL, "small.json");
        assertThat(s.name()).isEqualTo("small");
        assertThat(s.description()).isEqualTo("two parties");
        assertThat(s.start()).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(s.interArrival()).isEqualTo(Duration.ofHours(2));
        assertThat(s.organizations()).containsExactly(
                new Scenario.Organization("shop", "Shop", java.util.List.of("ann", "bob")),
                new Scenario.Organization("bank", "bank", java.util.List.of("eve")));

        SimulationResult r = new Simulator(s, 11).run(1000);
        assertThat(r.log("shop").traces()).hasSize(1000);
        assertThat(r.log("bank").traces().size()).isBetween(420, 580);
        assertThat(r.log("shop").header().name()).isEqualTo("small: shop");
        Trace t = r.log("shop").traces().get(0);
        assertThat(t.events()).extracting(e -> e.activity()).containsExactly("Order", "Ship");
        assertThat(t.attributes().getString("region")).isEqualTo("north");
        var order = t.events().get(0).attributes();
        assertThat((Double) order.get("amount")).isBetween(10.0, 20.0);
        assertThat((Long) order.get("items")).isBetween(1L, 3L);
        assertThat(order.get("gift")).isInstanceOf(Boolean.class);
        assertThat(t.events().get(0).timestamp()).isAfter(s.start());
        long web = r.log("shop").traces().stream().filter(x -> "web".equals(x.attributes().getString("channel"))).count();
        assertThat(web / 1000.0).isCloseTo(0.75, within(0.05));
    }

    @Test
    void loadFromFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, SMALL);
        assertThat(Scenario.load(f).name()).isEqualTo("small");
        Files.writeString(f, SMALL.replace("\"org\": \"bank\"", "\"org\": \"bnak\""));
        assertThatThrownBy(() -> Scenario.load(f)).isInstanceOf(EventLogException.class)
                .hasMessage(f + " at process.seq[1].xor[0].do.org: unknown organization \"bnak\" (known: shop, bank)");
        assertThatThrownBy(() -> Scenario.load(dir.resolve("absent.json"))).isInstanceOf(EventLogException.class)
                .hasMessageStartingWith(dir.resolve("absent.json") + ": cannot read scenario");
    }

    @Test
    void unknownOrganization() {
        String bad = Scenario.builtIn("healthcare").name(); // the built-in parses
        assertThat(bad).isEqualTo("healthcare");
        String json = SMALL.replace("\"org\": \"shop\", \"wait\"", "\"org\": \"shopp\", \"wait\"");
        EventLogException e = fails(json);
        assertThat(e.getMessage())
                .isEqualTo("small.json at process.seq[2].org: unknown organization \"shopp\" (known: shop, bank)");
        assertThat(e.location()).isEqualTo(Location.field("small.json", "process.seq[2].org"));
    }

    @Test
    void probabilitiesMustSumToOne() {
        assertError(SMALL.replace("{\"p\": 0.5, \"do\": {\"seq\"", "{\"p\": 0.4, \"do\": {\"seq\""),
                "process.seq[1].xor", "probabilities sum to 0.9, expected 1");
        assertError(SMALL.replace("\"store\": 0.25", "\"store\": 0.5"),
                "caseAttributes.channel.choice", "probabilities sum to 1.25, expected 1");
        assertError(SMALL.replace("{\"p\": 0.5, \"do\": {\"seq\"", "{\"p\": 1.5, \"do\": {\"seq\""),
                "process.seq[1].xor[1].p", "probability must be between 0 and 1, got 1.5");
        assertError(SMALL.replace("\"bernoulli\": 0.5", "\"bernoulli\": \"often\""),
                "process.seq[0].attributes.gift.bernoulli",
                "expected a probability (a number from 0 to 1), got \"often\"");
        // 0.1 + 0.2 + 0.7 is exactly 1 in decimal, whatever binary floating point says.
        String three = SMALL.replace("{\"p\": 0.5, \"do\": {\"activity\": \"Pay\"",
                        "{\"p\": 0.1, \"do\": {\"seq\": []}}, {\"p\": 0.2, \"do\": {\"activity\": \"Pay\"")
                .replace("{\"p\": 0.5, \"do\": {\"seq\"", "{\"p\": 0.7, \"do\": {\"seq\"");
        assertThat(Scenario.parse(three, "small.json").name()).isEqualTo("small");
    }

    @Test
    void missingFields() {
        assertError(SMALL.replace("\"name\": \"small\", ", ""), "name", "missing required field");
        assertError(SMALL.replace(", \"duration\": {\"mean\": \"PT30M\"}", ""),
                "process.seq[2].duration", "missing required field");
        assertError(SMALL.replace("{\"mean\": \"PT1M\"}", "{\"sd\": \"PT1M\"}"),
                "process.seq[1].xor[0].do.duration.mean", "missing required field");
        assertError(SMALL.replace("\"resources\": [\"eve\"]", "\"resources\": []"),
                "organizations[1].resources", "expected at least one resource");
        assertError(SMALL.replace("{\"p\": 0.5, \"do\": {\"seq\": []}}", "{\"p\": 0.5}"),
                "process.seq[1].xor[1].do", "missing required field");
    }

    @Test
    void badDurationsAndInstants() {
        assertError(SMALL.replace("\"PT5M\"", "\"5 minutes\""), "process.seq[0].duration.mean",
                "not an ISO-8601 duration: \"5 minutes\" (e.g. \"PT15M\", \"PT2H\", \"P3D\")");
        assertError(SMALL.replace("\"PT1M\"}", "\"-PT1M\"}"), "process.seq[0].duration.sd",
                "duration must not be negative: \"-PT1M\"");
        assertError(SMALL.replace("\"PT2H\"", "\"PT0S\""), "interArrival", "must be positive");
        assertError(SMALL.replace("\"PT2H\"", "120"), "interArrival",
                "expected an ISO-8601 duration string such as \"PT15M\", got 120");
        assertError(SMALL.replace("\"2024-03-01T09:00:00Z\"", "\"2024-03-01\""), "start",
                "not an ISO-8601 instant: \"2024-03-01\" (e.g. \"2024-01-01T08:00:00Z\")");
    }

    @Test
    void structuralErrors() {
        assertError(SMALL.replace("\"wait\": {\"mean\": \"P1D\"", "\"wiat\": {\"mean\": \"P1D\""),
                "process.seq[2].wiat", "unknown field (expected one of activity, org, duration, wait, attributes)");
        assertError(SMALL.replace("{\"seq\": []}", "{\"sequence\": []}"), "process.seq[1].xor[1].do",
                "expected a node with one of the fields activity, seq, xor, and, loop");
        assertError(SMALL.replace("{\"seq\": []}", "{\"seq\": [], \"and\": []}"), "process.seq[1].xor[1].do",
                "more than one node kind: seq, and");
        assertError(SMALL.replace("{\"id\": \"bank\"", "{\"id\": \"shop\""), "organizations[1].id",
                "duplicate organization \"shop\"");
        assertError(SMALL.replace("[\"ann\", \"bob\"]", "[\"ann\", \"ann\"]"), "organizations[0].resources[1]",
                "duplicate resource \"ann\"");
        assertError(SMALL.replace("{\"int\": [1, 3]}", "{\"int\": [3, 1]}"), "process.seq[0].attributes.items.int",
                "low 3 is greater than high 1");
        assertError(SMALL.replace("{\"int\": [1, 3]}", "{\"int\": [1.5, 3]}"), "process.seq[0].attributes.items.int",
                "expected [low, high] with two integers");
        assertError(SMALL.replace("{\"int\": [1, 3]}", "{\"normal\": [1, 3]}"), "process.seq[0].attributes.items",
                "expected a generator: {\"uniform\": [low, high]}, {\"int\": [low, high]}, {\"bernoulli\": p}, "
                        + "{\"choice\": {\"value\": p, ...}} or a constant");
        assertError(SMALL.replace("\"gift\"", "\"concept:name\""), "process.seq[0].attributes.concept:name",
                "reserved attribute key, set by the simulator");
        String loop = SMALL.replace("{\"seq\": []}",
                "{\"loop\": {\"do\": {\"activity\": \"Retry\", \"org\": \"bank\", \"duration\": {\"mean\": \"PT1M\"}}, "
                        + "\"p\": 0.5, \"max\": 0}}");
        assertError(loop, "process.seq[1].xor[1].do.loop.max", "expected an integer of at least 1, got 0");
        assertThat(Scenario.parse(loop.replace("\"max\": 0", "\"max\": 2"), "small.json").name()).isEqualTo("small");
    }

    @Test
    void malformedJson() {
        EventLogException e = fails("{\"name\": \"x\",\n  \"start\": }");
        assertThat(e.location().line()).isEqualTo(2);
        assertThat(e.getMessage()).startsWith("small.json:2:").contains("malformed JSON");
        assertThat(fails("[]").getMessage()).isEqualTo("small.json: expected a JSON object");
        assertThat(fails("{\"name\": \"a\", \"name\": \"b\"}").getMessage()).contains("malformed JSON").contains("name");
    }

    private static EventLogException fails(String json) {
        try {
            Scenario.parse(json, "small.json");
        } catch (EventLogException e) {
            return e;
        }
        throw new AssertionError("expected an EventLogException");
    }

    private static void assertError(String json, String path, String message) {
        EventLogException e = fails(json);
        assertThat(e.location()).isEqualTo(Location.field("small.json", path));
        assertThat(e.getMessage()).isEqualTo("small.json at " + path + ": " + message);
    }
}
