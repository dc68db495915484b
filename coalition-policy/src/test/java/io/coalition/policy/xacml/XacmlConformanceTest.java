package io.coalition.policy.xacml;

import io.coalition.eventlog.TestData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the XACML 3.0 conformance suite (../shared/data/xacml-conformance) through {@link XacmlPdp}. Cases in
 * {@code conformance-expected-failures.tsv} must fail (with the reason given there); all others must pass, so
 * the test fails both on a regression and when an expected failure starts passing. The last dynamic test writes
 * the pass counts per category and section to {@code target/xacml-conformance-summary.tsv}.
 */
class XacmlConformanceTest {

    @TestFactory
    List<DynamicTest> conformanceSuite() throws IOException {
        Path root = TestData.require("xacml-conformance");
        Map<String, String> expectedFailures = expectedFailures();
        List<ConformanceSuite.Case> cases = ConformanceSuite.cases(root);
        assertThat(cases).hasSizeGreaterThan(450);
        assertThat(cases.stream().map(ConformanceSuite.Case::key)).containsAll(expectedFailures.keySet());

        Map<String, int[]> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceSuite.Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.key(), () -> {
                ConformanceSuite.Outcome outcome = ConformanceSuite.run(c);
                Optional<ConformanceSuite.Failure> failure = outcome.failure();
                for (String k : c.section().equals(c.category()) ? List.of(c.category())
                        : List.of(c.category(), c.category() + " " + c.section())) {
                    int[] n = counts.computeIfAbsent(k, x -> new int[3]);
                    n[1]++;
                    if (failure.isEmpty()) n[0]++;
                    if (outcome.viaApi()) n[2]++;
                }
                failure.ifPresent(f -> failures.add(c.key() + "\t" + f.reason()));
                String expected = expectedFailures.get(c.key());
                if (expected == null && failure.isPresent()) {
                    fail(c.key() + " fails: " + failure.get().reason());
                }
                if (expected != null && failure.isEmpty()) {
                    fail(c.key() + " passes but is listed as an expected failure (" + expected + "): remove it");
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("summary", () -> {
            StringBuilder out = new StringBuilder("category\tpassed\ttotal\talso via decide(AccessRequest)\n");
            counts.forEach((k, n) -> out.append(k).append('\t').append(n[0]).append('\t').append(n[1]).append('\t')
                    .append(n[2]).append('\n'));
            out.append("\nfailures\n");
            failures.forEach(f -> out.append(f).append('\n'));
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "xacml-conformance-summary.tsv"), out.toString(), StandardCharsets.UTF_8);
        }));
        return tests;
    }

    /** {@code category/test<TAB>reason} lines; {@code #} comments. */
    private static Map<String, String> expectedFailures() throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        try (InputStream in = XacmlConformanceTest.class.getResourceAsStream("conformance-expected-failures.tsv")) {
            assertThat(in).as("conformance-expected-failures.tsv on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split("\t", 2);
                assertThat(parts).as("line '%s': expected TEST<TAB>REASON", line).hasSize(2);
                assertThat(map.put(parts[0].strip(), parts[1].strip())).as("%s listed twice", parts[0]).isNull();
            }
        }
        return map;
    }
}
