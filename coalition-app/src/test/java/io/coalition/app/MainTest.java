package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("demo", "log", "simulate", "Exit codes");
        Result info = run("log", "info", "--help");
        assertThat(info.exit()).isZero();
        assertThat(info.out()).contains("--json", "--strict", "--timestamp-format", "FILE");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("log", "info", "--frobnicate", "x.xes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void infoPrintsTheStatisticsOfTheRunningExample() {
        Path file = TestData.require("xes/running-example.xes");
        Result r = run("log", "info", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("cases\\s+6").containsPattern("events\\s+42")
                .containsPattern("activities\\s+8").containsPattern("variants\\s+6");
    }

    @Test
    void infoAsJson() throws Exception {
        Path file = TestData.require("xes/running-example.xes");
        Result r = run("log", "info", "--json", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("cases").asLong()).isEqualTo(6);
        assertThat(json.get("events").asLong()).isEqualTo(42);
        assertThat(json.get("variants")).hasSize(6);
        long sum = 0;
        for (JsonNode a : json.get("activities")) sum += a.get("count").asLong();
        assertThat(sum).isEqualTo(42);
    }

    @Test
    void missingFileIsBadInputNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.xes");
        Result r = run("log", "info", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + missing + ": no such file");
    }

    @Test
    void unknownFileTypeIsBadInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("log.txt"), "hello");
        Result r = run("log", "info", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + file
                + ": unknown file type: expected .xes, .xes.gz, .csv, .jsonocel or .xmlocel");
    }

    @Test
    void convertXesToCsvAndBack(@TempDir Path dir) {
        Path xes = TestData.require("xes/running-example.xes");
        Path csv = dir.resolve("re.csv");
        Path back = dir.resolve("re.xes.gz");
        Result r1 = run("log", "convert", xes.toString(), csv.toString());
        assertThat(r1.exit()).as(r1.err()).isZero();
        assertThat(r1.out()).contains("6 cases, 42 events");
        Result r2 = run("log", "convert", csv.toString(), back.toString());
        assertThat(r2.exit()).as(r2.err()).isZero();
        EventLog viaCsv = LogFiles.read(back, ReadOptions.DEFAULT);
        EventLog original = LogFiles.read(xes, ReadOptions.DEFAULT);
        assertThat(viaCsv.traces()).hasSameSizeAs(original.traces());
        for (int i = 0; i < original.traces().size(); i++) {
            assertThat(viaCsv.traces().get(i).caseId()).isEqualTo(original.traces().get(i).caseId());
            assertThat(viaCsv.traces().get(i).events()).extracting(e -> e.activity())
                    .isEqualTo(original.traces().get(i).events().stream().map(e -> e.activity()).toList());
            assertThat(viaCsv.traces().get(i).events()).extracting(e -> e.timestamp())
                    .isEqualTo(original.traces().get(i).events().stream().map(e -> e.timestamp()).toList());
        }
    }

    @Test
    void convertOcelNeedsAnObjectType(@TempDir Path dir) {
        Path ocel = TestData.require("ocel/ocel20_example.jsonocel");
        Result r = run("log", "convert", ocel.toString(), dir.resolve("o.xes").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--object-type");
    }

    @Test
    void infoOnAnOcelLogListsItsTypesAndFlattensOnRequest() throws Exception {
        Path ocel = TestData.require("ocel/ocel20_example.jsonocel");
        Result summary = run("log", "info", "--json", ocel.toString());
        assertThat(summary.exit()).as(summary.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(summary.out());
        assertThat(json.get("events").asLong()).isEqualTo(13);
        assertThat(json.get("objects").asLong()).isEqualTo(9);
        assertThat(json.get("eventToObjectLinks").asLong()).isEqualTo(20);
        assertThat(json.get("objectTypes").get("Invoice").asLong()).isEqualTo(3);
        Result flat = run("log", "info", "--object-type", "Invoice", ocel.toString());
        assertThat(flat.exit()).as(flat.err()).isZero();
        assertThat(flat.out()).containsPattern("cases\\s+3").containsPattern("events\\s+9");
    }

    @Test
    void simulateIsDeterministicAndWritesOneLogPerOrganization(@TempDir Path dir) throws Exception {
        Result a = run("simulate", "--cases", "40", "--seed", "7", "--out", dir.resolve("a").toString());
        Result b = run("simulate", "--cases", "40", "--seed", "7", "--out", dir.resolve("b").toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        try (var files = Files.list(dir.resolve("a"))) {
            var names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(4).allMatch(n -> n.endsWith(".xes"));
            for (String name : names) {
                assertThat(Files.readAllBytes(dir.resolve("a").resolve(name)))
                        .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(name)));
                EventLog log = LogFiles.read(dir.resolve("a").resolve(name), ReadOptions.DEFAULT);
                assertThat(log.traces()).isNotEmpty().hasSizeLessThanOrEqualTo(40);
            }
        }
    }

    @Test
    void simulateRejectsAnUnknownScenario(@TempDir Path dir) {
        Result r = run("simulate", "--scenario", "nowhere", "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'nowhere' is neither a built-in scenario");
    }

    @Test
    void demoSummarisesEachOrganization(@TempDir Path dir) {
        Result r = run("demo", "--cases", "30", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("== hospital ==", "Variants", "log info");
    }

    @Test
    void demoOrganizationsMustBeTheScenariosOnes_eachOnce() {
        Result unknown = run("demo", "--cases", "5", "--organizations", "hospital,pharmacy");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("coalition: --organizations: unknown organization 'pharmacy' (the "
                + "healthcare scenario has hospital, clinic, lab, insurer)");
        Result twice = run("demo", "--cases", "5", "--organizations", "hospital,lab,hospital");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("coalition: --organizations: hospital is listed twice");
        assertThat(run("demo", "--help").out()).contains("--organizations=ORG[,ORG...]");
    }
}
