package io.coalition.mining.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareConstraint;
import io.coalition.mining.declare.DeclareJson;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.declare.DeclareDiscovery;
import io.coalition.mining.declare.DeclareTemplate;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Declare parity with CONFINE's data: discovery of its Sepsis model, conformance equal to its output. */
class ConfineDeclareParityTest {
    private static final String CONFINE = "interorg/confine/";

    private static IndexedLog xes(String relative) {
        EventLog log = XesReader.read(TestData.require(relative), ReadOptions.DEFAULT);
        return Discovery.index(log);
    }

    @Test
    void sepsisModelIsRediscoveredWithPm4pyDefaults() {
        DeclareModel reference = DeclareJson.read(TestData.require(CONFINE + "declare-models/declareModelSepsis.json"));
        assertThat(reference.size()).isEqualTo(135);
        // the model has no noncoexistence constraint although 60 pass the thresholds: it was mined without
        // that template
        Set<DeclareTemplate> templates = EnumSet.allOf(DeclareTemplate.class);
        templates.remove(DeclareTemplate.NONCOEXISTENCE);
        // exactly_one(LacticAcid) has confidence 688/860 = exactly 0.8 and is not in the model: whatever
        // produced it excluded the bound itself, hence the next double above 0.8 for the confidence
        DeclareModel mined = DeclareDiscovery.discover(xes("dp/amun/Sepsis.xes"), 0.8, Math.nextUp(0.8), templates);
        assertThat(mined.measures().entrySet()).containsExactlyInAnyOrderElementsOf(reference.measures().entrySet());
    }

    /**
     * declareConformance.json: 990 traces checked against declareModelSepsis.json (135 constraints), every
     * one with the same 18 deviations, i.e. traces with none of the model's ER/lab activities and no
     * "Admission IC": CONFINE ran it on the Sepsis split's admission events. No file here has 990 traces
     * (Admission_NC.xes has 1050, none with Admission IC), so each of our traces must equal a reference entry.
     */
    @Test
    void admissionLogConformanceEqualsConfineOutput() throws Exception {
        DeclareModel model = DeclareJson.read(TestData.require(CONFINE + "declare-models/declareModelSepsis.json"));
        JsonNode ref = new ObjectMapper().readTree(
                TestData.require(CONFINE + "reference-outputs/declareConformance.json").toFile());
        assertThat(ref.size()).isEqualTo(990);
        Set<String> expected = new TreeSet<>();
        for (JsonNode e : ref) expected.add(normalise(e));

        DeclareConformance.LogResult result = DeclareConformance.check(
                xes(CONFINE + "sepsis_split_IC_NC_incomplete/Admission_NC.xes"), model);
        assertThat(result.traces()).hasSize(1050);
        Set<String> actual = new TreeSet<>();
        for (DeclareConformance.TraceResult t : result.traces()) actual.add(normalise(t));
        assertThat(actual).isEqualTo(expected);
        assertThat(result.traces().get(0).fitness()).isEqualTo(ref.get(0).get("dev_fitness").doubleValue());
    }

    private static String normalise(JsonNode e) {
        List<String> devs = new ArrayList<>();
        for (JsonNode d : e.get("deviations"))
            devs.add(d.get("Type").asText() + "(" + d.get("Act0").asText() + "," + d.get("Act1").asText() + ")");
        devs.sort(null);
        return e.get("no_constr_total").asInt() + " " + e.get("no_dev_total").asInt() + " "
                + e.get("dev_fitness").doubleValue() + " " + e.get("is_fit").asBoolean() + " " + devs;
    }

    private static String normalise(DeclareConformance.TraceResult t) {
        List<String> devs = new ArrayList<>();
        for (DeclareConstraint c : t.deviations())
            devs.add(c.template().deviationType() + "(" + c.a() + "," + c.b() + ")");
        devs.sort(null);
        return t.constraints() + " " + t.violations() + " " + t.fitness() + " " + t.isFit() + " " + devs;
    }
}
