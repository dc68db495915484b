package io.coalition.decisions.dmn;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every DMN hit policy on one table whose three rules all match x = 20 (SPARTA ignored hit policies and took the
 * first rule that matched). Outputs are "a", "b", "c" (or 1, 2, 3 for the numeric aggregations); the output's
 * allowed values list the priority "c", "b", "a".
 */
class HitPolicyTest {
    @TempDir
    Path dir;

    DecisionModel table(String hitPolicy, String aggregation, boolean numeric) throws Exception {
        String[] outs = numeric ? new String[]{"1", "2", "3"} : new String[]{"\"a\"", "\"b\"", "\"c\""};
        StringBuilder rules = new StringBuilder();
        String[] tests = {"&gt; 0", "&gt; 5", "&gt; 10"};
        for (int i = 0; i < 3; i++) {
            rules.append("<rule id=\"r").append(i).append("\"><inputEntry id=\"r").append(i).append("i\"><text>")
                    .append(tests[i]).append("</text></inputEntry><outputEntry id=\"r").append(i).append("o\"><text>")
                    .append(outs[i]).append("</text></outputEntry></rule>\n");
        }
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="hp" name="hp" namespace="https://coalition.io/hp">
                  <itemDefinition name="tStrings" isCollection="true"><typeRef>string</typeRef></itemDefinition>
                  <inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>
                  <decision id="d" name="d">
                    <variable name="d" typeRef="%s"/>
                    <informationRequirement id="ir"><requiredInput href="#x"/></informationRequirement>
                    <decisionTable id="t" hitPolicy="%s"%s>
                      <input id="in"><inputExpression typeRef="number"><text>x</text></inputExpression></input>
                      <output id="out"%s%s</output>
                      %s
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(numeric ? "number" : List.of("UNIQUE", "ANY", "FIRST", "PRIORITY").contains(hitPolicy)
                        ? "string" : "tStrings", hitPolicy, aggregation.isEmpty() ? "" : " aggregation=\"" + aggregation + "\"",
                numeric ? " typeRef=\"number\"" : "",
                numeric ? ">" : "><outputValues><text>\"c\",\"b\",\"a\"</text></outputValues>", rules);
        Path f = dir.resolve(hitPolicy + aggregation + ".dmn");
        Files.writeString(f, dmn);
        return DecisionModel.load(f);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "FIRST,,false,a",
            "PRIORITY,,false,c",
            "RULE ORDER,,false,'[a, b, c]'",
            "OUTPUT ORDER,,false,'[c, b, a]'",
            "COLLECT,,false,'[a, b, c]'",
            "COLLECT,SUM,true,6",
            "COLLECT,COUNT,true,3",
            "COLLECT,MIN,true,1",
            "COLLECT,MAX,true,3",
    })
    void hitPolicyIsHonoured(String hitPolicy, String aggregation, boolean numeric, String expected) throws Exception {
        Object v = table(hitPolicy, aggregation == null ? "" : aggregation, numeric).evaluate("d", Map.of("x", 20));
        if (v instanceof BigDecimal b) {
            assertThat(b).isEqualByComparingTo(expected);
        } else {
            assertThat(String.valueOf(v)).isEqualTo(expected);
        }
    }

    /**
     * DMN 1.3 section 8.2.11: several different matches under U or A are an invalid hit, whose result is null.
     * jDMN reports it in its log only, so the caller sees null as for "no rule matched" (see the README).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"UNIQUE", "ANY"})
    void singleHitPolicyWithSeveralDifferentMatches_isNull(String hitPolicy) throws Exception {
        DecisionModel m = table(hitPolicy, "", false);
        assertThat(m.evaluate("d", Map.of("x", 20))).isNull();
        assertThat(m.evaluate("d", Map.of("x", 1))).isEqualTo("a");
        assertThat(m.evaluate("d", Map.of("x", 0))).isNull();
    }
}
