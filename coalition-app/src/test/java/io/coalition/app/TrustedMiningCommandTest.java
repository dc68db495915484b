package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.TestData;
import io.coalition.mining.petri.Pnml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class TrustedMiningCommandTest {
    @TempDir
    Path tmp;

    static String log(String org) {
        return org + "=" + TestData.require("interorg/confine/log_test_cases/128/" + org + "_128.xes");
    }

    @Test
    void runMinesTheConfineSplitThroughTheProtocol() throws Exception {
        Path out = tmp.resolve("out");
        MainTest.Result r = run("trusted-mining", "run", "--log", log("hospital"), "--log", log("pharma"),
                "--log", log("specialised"), "-a", "heuristics,dfg,declare", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // the same result files as miner run writes (one writer, ResultFiles): models, SVGs, statistics, reports
        List<String> files = List.of("heuristics.pnml", "heuristics.bpmn", "dfg.dot", "declare.json", "report.json",
                "process-map.svg", "heuristics.svg", "statistics.json", "report.html");
        assertThat(r.out()).contains("mined 128 cases, 1,830 events for hospital")
                .contains("Heuristics net (CONFINE preset): 19 places, 19 transitions")
                .contains("Wrote 9 files to " + out + ":" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", files))
                .contains("(SIMULATED enclave, not hardware-backed)")
                .contains("Report: " + out.resolve("report.html")).contains("Notary logs: " + out.resolve("notary"));
        try (var listed = Files.list(out)) {
            assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(files.stream(), java.util.stream.Stream.of("notary")).toList());
        }
        JsonNode stats = new ObjectMapper().readTree(out.resolve("statistics.json").toFile());
        assertThat(stats.get("cases").asInt()).isEqualTo(128);
        assertThat(stats.get("providers").get(2).get("casesReleased").asInt()).isEqualTo(128);
        // the specialised centre's part of 79 cases has no events
        assertThat(stats.get("providers").get(2).get("cases").asInt()).isEqualTo(49);
        // each of them shares its case with the hospital
        assertThat(stats.get("providers").get(2).get("casesShared").asInt()).isEqualTo(49);
        assertThat(stats.get("warnings")).isEmpty();
        assertThat(Files.readString(out.resolve("process-map.svg"))).contains("<svg");
        assertThat(Pnml.read(out.resolve("heuristics.pnml")).net().places()).hasSize(19);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("events").asLong()).isEqualTo(1830);
        assertThat(report.get("providers")).hasSize(3);
        assertThat(report.get("providers").get(1).get("events").asLong()).isEqualTo(384);
        assertThat(report.get("providers").get(0).get("attestation").get("hardwareBacked").asBoolean()).isFalse();
        assertThat(report.get("providers").get(0).get("receipts")).hasSize(report.get("providers").get(0).get("segments").asInt() + 1);
        assertThat(Files.readString(out.resolve("report.html"))).containsPattern("<tr><td>specialised</td><td class=\"n\">245</td>"
                + "<td class=\"n\">[0-9.]+%</td><td class=\"n\">49</td><td class=\"n\">49</td><td class=\"n\">128</td>")
                .contains("<div id=\"process-map\"><svg").doesNotContain("CHECK THE MERGE KEY");
    }

    @Test
    void declareConformanceAgainstConfinesModel() throws Exception {
        Path out = tmp.resolve("conf");
        MainTest.Result r = run("trusted-mining", "run", "--log", log("hospital"), "--log", log("pharma"),
                "--log", log("specialised"), "-a", "declare-conformance", "--declare-model",
                TestData.require("interorg/confine/declare-models/declareModelMotivating.json").toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Declare conformance: \\d+ of 128 cases fit");
        JsonNode c = new ObjectMapper().readTree(out.resolve("declare-conformance.json").toFile());
        assertThat(c.get("traces").asInt()).isEqualTo(128);
        assertThat(c.get("perTrace")).hasSize(128);
    }

    @Test
    void inductiveDfgWritesTheImdTreeAndNet() throws Exception {
        Path out = tmp.resolve("imd");
        MainTest.Result r = run("trusted-mining", "run", "--log", log("hospital"), "--log", log("pharma"),
                "--log", log("specialised"), "-a", "inductive-dfg", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("mined 128 cases, 1,830 events for hospital").contains("Inductive Miner (DFG-based, IMd) tree written");
        assertThat(out.resolve("inductive.ptml")).exists();
        assertThat(Pnml.read(out.resolve("inductive.pnml")).net().transitions()).isNotEmpty();
        assertThat(Files.readString(out.resolve("report.html"))).contains("Inductive Miner (DFG-based, IMd)");
    }

    @Test
    void unknownAlgorithmIsRefusedWithTheValidNames() {
        MainTest.Result r = run("trusted-mining", "run", "--log", log("pharma"), "-a", "alpha", "-o", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --algorithm: unknown analysis 'alpha', expected one of [heuristics, dfg, inductive, inductive-dfg, declare, declare-conformance]");
    }

    @Test
    void demoRunsTheHealthcareScenarioThroughTrustedMining() {
        Path out = tmp.resolve("demo");
        MainTest.Result r = run("demo", "--cases", "40", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("The logs share case ids")
                .contains("== trusted mining over HTTPS (one Log Provider per organization on loopback")
                .contains("mined 40 cases");
        assertThat(out.resolve("trusted-mining/report.html")).exists();
        assertThat(out.resolve("trusted-mining/heuristics.bpmn")).exists();
    }
}
