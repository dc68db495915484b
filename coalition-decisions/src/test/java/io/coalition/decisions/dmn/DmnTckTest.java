package io.coalition.decisions.dmn;

import com.gs.dmn.DMNModelRepository;
import com.gs.dmn.log.NopBuildLogger;
import com.gs.dmn.runtime.interpreter.Result;
import com.gs.dmn.tck.TCKUtil;
import com.gs.dmn.tck.ast.ResultNode;
import com.gs.dmn.tck.ast.TestCase;
import com.gs.dmn.tck.ast.TestCases;
import com.gs.dmn.tck.serialization.xstream.XMLTCKSerializer;
import com.gs.dmn.transformation.InputParameters;
import com.gs.dmn.transformation.ToQuotedNameTransformer;
import io.coalition.eventlog.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DMN TCK (compliance levels 2 and 3) through {@link DecisionModel}: every result node of every test case is
 * evaluated and compared with the TCK's expected value. One dynamic test per TCK model folder; a folder passes
 * when all its result nodes do. The totals are checked at the end against the figures in the README.
 */
class DmnTckTest {
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger TOTAL = new AtomicInteger();
    private static final List<String> FAILURES = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * Result nodes jDMN 9.0.0's JavaTime dialect gets wrong here (listed in the README): getvalue on a context
     * entry, a multi-output decision service invoked per output, and day/week/month-of-year of dates at year
     * boundaries. Pinned, so a regression or a fix both show.
     */
    static final java.util.Set<String> KNOWN = java.util.Set.of(
            "0080-feel-getvalue-function: decision_013/decision_013",
            "0085-decision-services: 015/decision_015_1", "0085-decision-services: 015/decision_015_2",
            "0095-feel-day-of-year-function: date_005/date_005",
            "0095-feel-day-of-year-function: datetime_004/datetime_004",
            "0096-feel-day-of-week-function: date_001/date_001", "0096-feel-day-of-week-function: datetime_001/date_001",
            "0097-feel-month-of-year-function: date_001/date_001",
            "0097-feel-month-of-year-function: datetime_001/date_001",
            "0098-feel-week-of-year-function: date_006/date_006",
            "0098-feel-week-of-year-function: datetime_004/datetime_004");

    @TestFactory
    Stream<DynamicTest> tckFolders() throws IOException {
        Path root = TestData.require("dmn-tck/TestCases");
        List<Path> folders = new ArrayList<>();
        for (String level : List.of("compliance-level-2", "compliance-level-3")) {
            try (Stream<Path> s = Files.list(root.resolve(level))) {
                s.filter(Files::isDirectory).sorted().forEach(folders::add);
            }
        }
        return folders.stream().map(f -> DynamicTest.dynamicTest(
                f.getParent().getFileName() + "/" + f.getFileName(), () -> runFolder(f)));
    }

    private static void runFolder(Path folder) throws IOException {
        List<Path> dmn;
        List<Path> tests;
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> all = s.sorted().toList();
            dmn = all.stream().filter(p -> p.toString().endsWith(".dmn")).toList();
            tests = all.stream().filter(p -> p.getFileName().toString().matches(".*-test-\\d+\\.xml")).toList();
        }
        List<String> failures = new ArrayList<>();
        int total = 0;
        int passed = 0;
        try {
            DMNModelRepository repository = new DMNModelRepository(DecisionModel.read(dmn));
            XMLTCKSerializer tckSerializer = new XMLTCKSerializer(new NopBuildLogger(), new InputParameters());
            List<TestCases> testCasesList = new ArrayList<>();
            for (Path t : tests) {
                testCasesList.add(tckSerializer.read(t.toFile()));
            }
            var transformed = new ToQuotedNameTransformer(new NopBuildLogger()).transform(repository, testCasesList);
            DecisionModel model = DecisionModel.of(folder.toString(), transformed.getLeft());
            var interpreter = model.interpreter();
            TCKUtil<Number, java.time.LocalDate, java.time.temporal.TemporalAccessor,
                    java.time.temporal.TemporalAccessor, java.time.temporal.TemporalAmount> tck =
                    new TCKUtil<>(interpreter.getBasicDMNTransformer(),
                            (com.gs.dmn.feel.lib.StandardFEELLib<Number, java.time.LocalDate,
                                    java.time.temporal.TemporalAccessor, java.time.temporal.TemporalAccessor,
                                    java.time.temporal.TemporalAmount>) interpreter.getFeelLib());
            for (TestCases testCases : transformed.getRight()) {
                for (TestCase testCase : testCases.getTestCase()) {
                    for (ResultNode node : testCase.getResultNode()) {
                        total++;
                        try {
                            Object expected = tck.expectedValue(testCases, testCase, node);
                            Object actual = Result.value(tck.evaluate(interpreter, testCases, testCase, node));
                            if (tckEquals(expected, actual)) {
                                passed++;
                            } else {
                                failures.add(testCase.getId() + "/" + node.getName() + ": expected " + expected
                                        + ", got " + actual);
                            }
                        } catch (RuntimeException e) {
                            failures.add(testCase.getId() + "/" + node.getName() + ": " + e);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            failures.add("folder not loadable: " + e);
        }
        TOTAL.addAndGet(total);
        PASSED.addAndGet(passed);
        List<String> named = failures.stream().map(x -> folder.getFileName() + ": " + x).toList();
        FAILURES.addAll(named);
        assertThat(named).as(folder.toString())
                .allMatch(x -> KNOWN.stream().anyMatch(k -> x.startsWith(k + ":")), "a known jDMN failure");
    }

    /**
     * The TCK's comparison: numbers by value within a relative 1e-8 (expected values are printed to 8-15
     * digits, engines compute with 34), lists element-wise, contexts key by key.
     */
    static boolean tckEquals(Object expected, Object actual) {
        if (expected instanceof Number e && actual instanceof Number a) {
            java.math.BigDecimal x = new java.math.BigDecimal(e.toString());
            java.math.BigDecimal y = new java.math.BigDecimal(a.toString());
            java.math.BigDecimal tolerance = x.abs().max(java.math.BigDecimal.ONE).multiply(new java.math.BigDecimal("1e-8"));
            return x.subtract(y).abs().compareTo(tolerance) <= 0;
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a) {
            if (e.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!tckEquals(e.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof com.gs.dmn.runtime.Context e && actual instanceof com.gs.dmn.runtime.Context a) {
            if (!e.getBindings().keySet().equals(a.getBindings().keySet())) {
                return false;
            }
            return e.getBindings().keySet().stream().allMatch(k -> tckEquals(e.get(k), a.get(k)));
        }
        return Objects.equals(expected, actual);
    }

    @AfterAll
    static void report() throws IOException {
        Path out = Path.of("target", "dmn-tck-summary.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "passed " + PASSED.get() + " of " + TOTAL.get() + " result nodes\n"
                + String.join("\n", FAILURES) + "\n");
        if (TOTAL.get() > 0) {
            assertThat(TOTAL.get() - PASSED.get()).as("TCK result nodes failed").isEqualTo(KNOWN.size());
        }
    }
}
