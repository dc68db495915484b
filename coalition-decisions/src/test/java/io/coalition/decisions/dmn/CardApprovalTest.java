package io.coalition.decisions.dmn;

import io.coalition.eventlog.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DMCommunity's card approval decision: the score table is read from the challenge text in
 * ../shared/data/dmcommunity and used as the oracle for the DMN model, on inputs at every band boundary and on
 * both sides of the 2022-01-01 change, so every rule fires.
 */
class CardApprovalTest {
    static DecisionModel model;

    @BeforeAll
    static void load() throws Exception {
        model = DecisionModel.load(Path.of(CardApprovalTest.class.getResource(
                "/io/coalition/decisions/dmcommunity/card-approval.dmn").toURI()));
    }

    record Row(String income, String assets, String score) {
    }

    static List<Row> challengeTable() throws Exception {
        String md = Files.readString(TestData.require("dmcommunity/2021-10-card-approval-decision.md"));
        List<Row> rows = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$").matcher(md);
        while (m.find()) {
            if (m.group(1).matches(".*\\d.*")) {
                rows.add(new Row(m.group(1).trim(), m.group(2).trim(), m.group(3).trim()));
            }
        }
        return rows;
    }

    /** A band of the challenge text: "< 50", "50–80" (lower bound in), "≥ 100", "> 350"; "100–350" includes 350. */
    static boolean inBand(String band, double v) {
        if (band.startsWith("< ")) {
            return v < Double.parseDouble(band.substring(2));
        }
        if (band.startsWith("> ")) {
            return v > Double.parseDouble(band.substring(2));
        }
        if (band.startsWith("≥ ")) {
            return v >= Double.parseDouble(band.substring(2));
        }
        String[] lh = band.split("–");
        double lo = Double.parseDouble(lh[0]);
        double hi = Double.parseDouble(lh[1]);
        return v >= lo && (band.equals("100–350") ? v <= hi : v < hi);
    }

    static int oracleScore(List<Row> table, double income, double assets, LocalDate date) {
        for (Row r : table) {
            if (inBand(r.income(), income) && inBand(r.assets(), assets)) {
                Matcher m = Pattern.compile("(\\d+) before (\\S+), (\\d+) on/after").matcher(r.score());
                if (m.matches()) {
                    return date.isBefore(LocalDate.parse(m.group(2))) ? Integer.parseInt(m.group(1))
                            : Integer.parseInt(m.group(3));
                }
                return Integer.parseInt(r.score());
            }
        }
        throw new AssertionError("no row for " + income + ", " + assets);
    }

    @Test
    void everyRuleAgreesWithTheChallengeTable() throws Exception {
        List<Row> table = challengeTable();
        assertThat(table).hasSize(12);
        Set<Integer> scores = new HashSet<>();
        int approved = 0;
        int cases = 0;
        for (double income : new double[]{0, 49.99, 50, 79.99, 80, 99.99, 100, 250}) {
            for (double assets : new double[]{0, 99.99, 100, 350, 350.01, 1000}) {
                for (LocalDate date : List.of(LocalDate.of(2021, 12, 31), LocalDate.of(2022, 1, 1))) {
                    Map<String, Object> in = Map.of("AnnualIncome", income, "Assets", assets, "DateValidity", date);
                    int expected = oracleScore(table, income, assets, date);
                    assertThat((BigDecimal) model.evaluate("StandardCardScore", in)).as(in.toString())
                            .isEqualByComparingTo(BigDecimal.valueOf(expected));
                    assertThat(model.evaluate("AutoApproval", in)).isEqualTo(expected >= 350);
                    scores.add(expected);
                    approved += expected >= 350 ? 1 : 0;
                    cases++;
                }
            }
        }
        assertThat(scores).hasSize(13); // 12 rows, the first one in two versions
        assertThat(cases).isEqualTo(96);
        assertThat(approved).isEqualTo(96 - 4); // only (< 50, < 100) before 2022: 2 incomes x 2 assets
    }

    @Test
    void missingDate_matchesNoRule_soTheScoreIsNull() {
        assertThat(model.evaluate("StandardCardScore", Map.of("AnnualIncome", 10, "Assets", 10))).isNull();
    }
}
