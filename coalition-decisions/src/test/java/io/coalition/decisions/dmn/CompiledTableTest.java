package io.coalition.decisions.dmn;

import io.coalition.decisions.DecisionsException;
import io.coalition.eventlog.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compiled decision tables give jDMN's answers: on every hit policy, on every decision table of the DMN TCK that
 * compiles (inputs built from each table's own literals, one below, on and above every number), and on the
 * 1,002-rule MED-like table. Where FEEL's answer is not plainly Java's, the compiled table defers to jDMN.
 */
class CompiledTableTest {
    @TempDir
    Path dir;

    static void assertSame(Object compiled, Object interpreted, String what) {
        if (compiled instanceof BigDecimal a && interpreted instanceof BigDecimal b) {
            assertThat(a).as(what).isEqualByComparingTo(b);
        } else if (compiled instanceof List<?> a && interpreted instanceof List<?> b) {
            assertThat(a).as(what).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertSame(a.get(i), b.get(i), what + "[" + i + "]");
            }
        } else {
            assertThat(compiled).as(what).isEqualTo(interpreted);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"UNIQUE,,false", "ANY,,false", "FIRST,,false", "PRIORITY,,false", "RULE ORDER,,false",
            "OUTPUT ORDER,,false", "COLLECT,,false", "COLLECT,SUM,true", "COLLECT,COUNT,true", "COLLECT,MIN,true",
            "COLLECT,MAX,true"})
    void everyHitPolicy_isCompiledAndAgreesWithJdmn(String hitPolicy, String aggregation, boolean numeric) throws Exception {
        HitPolicyTest t = new HitPolicyTest();
        t.dir = dir;
        DecisionModel compiled = t.table(hitPolicy, aggregation == null ? "" : aggregation, numeric);
        assertThat(compiled.isCompiled("d")).isTrue();
        DecisionModel interpreted = compiled.interpretedOnly();
        assertThat(interpreted.isCompiled("d")).isFalse();
        for (int x : new int[]{-1, 0, 1, 5, 6, 10, 11, 20}) {
            assertSame(compiled.evaluate("d", Map.of("x", x)), interpreted.evaluate("d", Map.of("x", x)),
                    hitPolicy + " x=" + x);
        }
    }

    @Test
    void restockingTable_withEndPointsNamingAnotherInput_isCompiledAndAgrees() throws Exception {
        Path vaccine = Path.of(getClass().getResource("/io/coalition/decisions/vaccine/restocking.dmn").toURI());
        DecisionModel compiled = DecisionModel.load(vaccine);
        assertThat(compiled.isCompiled("Restock")).isTrue();
        DecisionModel interpreted = compiled.interpretedOnly();
        Random r = new Random(3);
        for (int i = 0; i < 300; i++) {
            long cap = List.of(499L, 500L, 999L, 1000L, 2000L).get(r.nextInt(5));
            Map<String, Object> in = Map.of("CurrentVaccineStockLevel", BigDecimal.valueOf(r.nextInt((int) cap), 0),
                    "MaxStorageCapacity", cap, "PopulationServed", List.of(1000, 5000, 20001, 30000, 50001).get(r.nextInt(5)),
                    "VaccinationProgress", List.of(4999, 9999, 10001, 20001, 45001).get(r.nextInt(5)));
            assertSame(compiled.evaluate("Restock", in), interpreted.evaluate("Restock", in), in.toString());
        }
    }

    @Test
    void nullAndMistypedInputs_fallBackToJdmn() throws Exception {
        HitPolicyTest t = new HitPolicyTest();
        t.dir = dir;
        DecisionModel m = t.table("FIRST", "", false);
        Map<String, Object> none = new HashMap<>();
        none.put("x", null);
        assertThat(m.evaluate("d", none)).isNull();
        assertThat(m.evaluate("d", none)).isEqualTo(m.interpretedOnly().evaluate("d", none));
        // a string where the model wants a number: jDMN's error, not a compiled answer
        assertThatThrownBy(() -> m.evaluate("d", Map.of("x", "20"))).isInstanceOf(DecisionsException.class)
                .hasMessageStartingWith(dir.resolve("FIRST.dmn") + ": decision 'd' failed: ");
    }

    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|-?\\d+(?:\\.\\d+)?|true|false");

    /** Every compilable decision table in the TCK, on inputs made of its own literals; returns tables checked. */
    @Test
    void tckDecisionTables_agreeWithJdmn() throws Exception {
        Path root = TestData.require("dmn-tck/TestCases");
        List<Path> folders = new ArrayList<>();
        for (String level : List.of("compliance-level-2", "compliance-level-3")) {
            try (Stream<Path> s = Files.list(root.resolve(level))) {
                s.filter(Files::isDirectory).sorted().forEach(folders::add);
            }
        }
        int tables = 0;
        int calls = 0;
        Random random = new Random(11);
        for (Path folder : folders) {
            List<Path> dmn;
            try (Stream<Path> s = Files.list(folder)) {
                dmn = s.filter(p -> p.toString().endsWith(".dmn")).sorted().toList();
            }
            DecisionModel compiled;
            try {
                compiled = DecisionModel.load(dmn.toArray(Path[]::new));
            } catch (DecisionsException e) {
                continue; // models the plain loader cannot read are covered by DmnTckTest
            }
            DecisionModel interpreted = compiled.interpretedOnly();
            for (String decision : compiled.decisionNames()) {
                if (!compiled.isCompiled(decision)) {
                    continue;
                }
                tables++;
                var table = (com.gs.dmn.ast.TDecisionTable) compiled.repository().getAllDefinitions().stream()
                        .flatMap(d -> compiled.repository().findDecisions(d).stream())
                        .filter(d -> d.getName().equals(decision)).findFirst().orElseThrow().getExpression();
                Map<String, List<Object>> candidates = new HashMap<>();
                for (int c = 0; c < table.getInput().size(); c++) {
                    Set<Object> values = new LinkedHashSet<>();
                    for (var rule : table.getRule()) {
                        Matcher m = TOKEN.matcher(rule.getInputEntry().get(c).getText());
                        while (m.find()) {
                            String tok = m.group();
                            if (tok.startsWith("\"")) {
                                values.add(tok.substring(1, tok.length() - 1));
                                values.add(tok.substring(1, tok.length() - 1) + "x");
                            } else if (tok.equals("true") || tok.equals("false")) {
                                values.add(Boolean.valueOf(tok));
                            } else {
                                BigDecimal n = new BigDecimal(tok);
                                values.add(n.subtract(BigDecimal.ONE));
                                values.add(n);
                                values.add(n.add(BigDecimal.ONE));
                            }
                        }
                    }
                    candidates.put(table.getInput().get(c).getInputExpression().getText().trim(), List.copyOf(values));
                }
                for (int i = 0; i < 60; i++) {
                    Map<String, Object> in = new HashMap<>();
                    for (String name : compiled.inputNames(decision)) {
                        List<Object> vs = candidates.getOrDefault(name, List.of());
                        in.put(name, vs.isEmpty() || random.nextInt(20) == 0 ? null : vs.get(random.nextInt(vs.size())));
                    }
                    Object expected;
                    try {
                        expected = interpreted.evaluate(decision, in);
                    } catch (DecisionsException e) {
                        continue; // an invalid input for this model: nothing to compare
                    }
                    assertSame(compiled.evaluate(decision, in), expected, folder.getFileName() + " " + decision + " " + in);
                    calls++;
                }
            }
        }
        assertThat(tables).as("TCK decision tables compiled").isGreaterThanOrEqualTo(7);
        assertThat(calls).as("calls compared").isGreaterThan(300);
        Files.writeString(Path.of("target", "compiled-tables-tck.txt"),
                "TCK decision tables compiled and compared with jDMN: " + tables + ", calls: " + calls + "\n");
    }
}
