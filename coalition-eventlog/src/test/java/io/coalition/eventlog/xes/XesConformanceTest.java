package io.coalition.eventlog.xes;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The XES importer conformance suite (../shared/data/xes/importer-conformance, judged by its EXPECTED.tsv). */
class XesConformanceTest {
    private static final ReadOptions STRICT = ReadOptions.DEFAULT.withStrict(true);

    record Case(String file, boolean valid, String reason) {
    }

    static List<Case> cases() throws IOException {
        Path expected = TestData.require("xes/importer-conformance/EXPECTED.tsv");
        return Files.readAllLines(expected).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", 3))
                .map(f -> new Case(f[0], f[1].equals("valid"), f[2])).toList();
    }

    @TestFactory
    Stream<DynamicTest> strictReadingJudgesEveryFileAsExpected() throws IOException {
        Path dir = TestData.require("xes/importer-conformance");
        List<Case> cases = cases();
        assertThat(cases).hasSize(71);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file() + " is " + (c.valid() ? "valid" : "invalid"), () -> {
            Path file = dir.resolve(c.file());
            if (c.valid()) {
                EventLog log = XesReader.read(file, STRICT);
                assertThat(log).isNotNull();
            } else {
                assertThatThrownBy(() -> XesReader.read(file, STRICT))
                        .as(c.reason())
                        .isExactlyInstanceOf(EventLogException.class)
                        .message().startsWith(file + ":");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> lenientReadingAcceptsEveryValidFile() throws IOException {
        Path dir = TestData.require("xes/importer-conformance");
        return cases().stream().filter(Case::valid).map(c -> DynamicTest.dynamicTest(c.file(),
                () -> assertThat(XesReader.read(dir.resolve(c.file()), ReadOptions.DEFAULT)).isNotNull()));
    }

    @TestFactory
    Stream<DynamicTest> lenientReadingFailsOnlyWithEventLogException() throws IOException {
        Path dir = TestData.require("xes/importer-conformance");
        return cases().stream().filter(c -> !c.valid()).map(c -> DynamicTest.dynamicTest(c.file(), () -> {
            try {
                XesReader.read(dir.resolve(c.file()), ReadOptions.DEFAULT);
            } catch (EventLogException e) {
                assertThat(e.getMessage()).startsWith(dir.resolve(c.file()) + ":");
            }
        }));
    }
}
