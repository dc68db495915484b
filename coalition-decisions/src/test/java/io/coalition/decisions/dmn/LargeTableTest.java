package io.coalition.decisions.dmn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MED-like table generated for scale (seed 004 Sect. 6 uses MED, not available here): 1,002 rules over a
 * numeric range, a string set and a boolean, hit policy UNIQUE. One input per rule (seed 7), each checked
 * against the generating rule, through the compiled table; every 20th also through jDMN's interpreter (about
 * 80 ms a call on this table), which must agree.
 */
class LargeTableTest {
    static final int RULES = 1002;
    static final String[] WARDS = {"cardiology", "oncology", "pediatrics"};

    @TempDir
    Path dir;

    @Test
    void everyRuleOfA1002RuleTableDecidesItsOwnInput() throws Exception {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < RULES; i++) {
            // rule i: code in [10 * (i / 6), 10 * (i / 6) + 10), ward (i % 6) / 2, urgent = (i % 2 == 0)
            int block = i / 6;
            rules.append("<rule id=\"r").append(i).append("\">")
                    .append("<inputEntry id=\"r").append(i).append("a\"><text>[").append(block * 10).append("..")
                    .append(block * 10 + 10).append(")</text></inputEntry>")
                    .append("<inputEntry id=\"r").append(i).append("b\"><text>\"").append(WARDS[(i % 6) / 2])
                    .append("\"</text></inputEntry>")
                    .append("<inputEntry id=\"r").append(i).append("c\"><text>").append(i % 2 == 0)
                    .append("</text></inputEntry>")
                    .append("<outputEntry id=\"r").append(i).append("o\"><text>\"treatment-").append(i)
                    .append("\"</text></outputEntry></rule>\n");
        }
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="med" name="med" namespace="https://coalition.io/med">
                  <inputData id="code" name="code"><variable name="code" typeRef="number"/></inputData>
                  <inputData id="ward" name="ward"><variable name="ward" typeRef="string"/></inputData>
                  <inputData id="urgent" name="urgent"><variable name="urgent" typeRef="boolean"/></inputData>
                  <decision id="treatment" name="treatment">
                    <variable name="treatment" typeRef="string"/>
                    <informationRequirement id="i1"><requiredInput href="#code"/></informationRequirement>
                    <informationRequirement id="i2"><requiredInput href="#ward"/></informationRequirement>
                    <informationRequirement id="i3"><requiredInput href="#urgent"/></informationRequirement>
                    <decisionTable id="t" hitPolicy="UNIQUE">
                      <input id="c1"><inputExpression typeRef="number"><text>code</text></inputExpression></input>
                      <input id="c2"><inputExpression typeRef="string"><text>ward</text></inputExpression></input>
                      <input id="c3"><inputExpression typeRef="boolean"><text>urgent</text></inputExpression></input>
                      <output id="o"/>
                      %s
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(rules);
        Path f = dir.resolve("med.dmn");
        Files.writeString(f, dmn);
        DecisionModel model = DecisionModel.load(f);
        assertThat(model.isCompiled("treatment")).isTrue();
        DecisionModel interpreted = model.interpretedOnly();
        Random random = new Random(7);
        for (int i = 0; i < RULES; i++) {
            int code = (i / 6) * 10 + random.nextInt(10);
            Map<String, Object> in = Map.of("code", code, "ward", WARDS[(i % 6) / 2], "urgent", i % 2 == 0);
            assertThat(model.evaluate("treatment", in)).as(in.toString()).isEqualTo("treatment-" + i);
            if (i % 20 == 0) {
                assertThat(interpreted.evaluate("treatment", in)).as(in.toString()).isEqualTo("treatment-" + i);
            }
        }
        assertThat(model.evaluate("treatment", Map.of("code", RULES * 10, "ward", "oncology", "urgent", true))).isNull();
    }
}
