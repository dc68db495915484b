package io.coalition.eventlog.xes;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every real log in the shared data imports, with known counts, and survives a write and a read unchanged. */
class XesRealLogsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}: {1} cases, {2} events")
    @CsvSource({
            "xes/running-example.xes, 6, 42",
            "xes/bpic2012.xes.gz, 13087, 262200",
            "xes/07_bpic2013_incidents.xes.gz, 7554, 65533",
            "xes/08_receipt.xes.gz, 1434, 8577",
            "xes/helpdesk.xes.gz, 4580, 21348",
            "xes/roadtraffic100traces.xes, 100, 390",
            "dp/amun/Sepsis.xes, 1050, 15214",
    })
    void knownCounts(String file, int cases, long events) {
        EventLog log = XesReader.read(TestData.require(file), ReadOptions.DEFAULT);
        assertThat(log.traces()).hasSize(cases);
        assertThat(log.eventCount()).isEqualTo(events);
    }

    static Stream<Path> allLogs() throws IOException {
        Path root = TestData.require("xes");
        Stream<Path> xes;
        try (Stream<Path> walk = Files.walk(root)) {
            xes = walk.filter(p -> p.toString().endsWith(".xes") || p.toString().endsWith(".xes.gz"))
                    .filter(p -> !p.toString().contains("importer-conformance")).sorted().toList().stream();
        }
        return Stream.concat(xes, Stream.of(TestData.require("dp/amun/Sepsis.xes")));
    }

    @TestFactory
    Stream<DynamicTest> everyLogRoundTripsThroughXesAndXesGz() throws IOException {
        return allLogs().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            EventLog log = XesReader.read(file, ReadOptions.DEFAULT);
            assertThat(log.traces()).isNotEmpty();
            Path gz = tmp.resolve(file.getFileName() + ".out.xes.gz");
            XesWriter.write(log, gz);
            EventLog again = XesReader.read(gz, ReadOptions.DEFAULT);
            assertThat(again.header()).isEqualTo(log.header());
            assertThat(again.traces()).isEqualTo(log.traces());
            assertThat(again.logEvents()).isEqualTo(log.logEvents());
            assertThat(again).isEqualTo(log);
            Files.delete(gz);
        }));
    }

    @Test
    void plainXesOutputRoundTripsToo() {
        EventLog log = XesReader.read(TestData.require("xes/running-example.xes"), ReadOptions.DEFAULT);
        Path out = tmp.resolve("re.xes");
        XesWriter.write(log, out);
        assertThat(XesReader.read(out, ReadOptions.DEFAULT)).isEqualTo(log);
        assertThat(XesReader.read(out, ReadOptions.DEFAULT.withStrict(true))).isEqualTo(log);
    }

    @Test
    void streamsBpic2012CaseByCaseWithExactValues() {
        Path file = TestData.require("xes/bpic2012.xes.gz");
        long traces = 0;
        long events = 0;
        Trace first = null;
        try (XesReader reader = XesReader.open(file, ReadOptions.DEFAULT)) {
            assertThat(reader.header().name()).isNotBlank();
            for (Trace t = reader.next(); t != null; t = reader.next()) {
                if (first == null) first = t;
                traces++;
                events += t.size();
            }
            assertThat(reader.next()).isNull();
        }
        assertThat(traces).isEqualTo(13087);
        assertThat(events).isEqualTo(262200);
        // the first case of the file: <trace> 173688, first event A_SUBMITTED at 2011-10-01T00:38:44.546+02:00
        assertThat(first.caseId()).isEqualTo("173688");
        Event e = first.events().get(0);
        assertThat(e.activity()).isEqualTo("A_SUBMITTED");
        assertThat(e.lifecycle()).isEqualTo("COMPLETE");
        assertThat(e.resource()).isEqualTo("112");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2011-09-30T22:38:44.546Z"));
        assertThat(first.attributes().get("AMOUNT_REQ")).isEqualTo("20000");
    }

    @Test
    void runningExampleKeepsHeaderDeclarations() {
        EventLog log = XesReader.read(TestData.require("xes/running-example.xes"), ReadOptions.DEFAULT);
        assertThat(log.header().extensions()).extracting(e -> e.prefix()).contains("concept", "time", "org");
        assertThat(log.header().classifiers()).isNotEmpty();
        List<String> activities = log.traces().get(0).events().stream().map(Event::activity).toList();
        assertThat(activities).isNotEmpty().doesNotContainNull();
        assertThat(log.traces().get(0).attributes().containsKey(XesKeys.CONCEPT_NAME)).isTrue();
    }
}
