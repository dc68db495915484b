package io.coalition.privacy.evaluation;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.Seeded;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.prefixtree.PrefixTreeParameters;
import io.coalition.privacy.prefixtree.PrefixTreePublisher;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Figures 5 and 6 on seeded databases and seeded noise. */
class PatternUtilityTest {
    static final PublisherFactory BPRCS = (e, m) -> new BprcsPublisher(BprcsParameters.of(e, m, 10).withPruneScales(3));

    @Test
    void figure5_rowsPerEpsilonAndSupport_recallRisesWithEpsilon() {
        List<PatternUtility.Row> rows = PatternUtility.byEpsilon(1000, 1,
                List.of(new BigDecimal("0.1"), new BigDecimal("1000")), 0.02, List.of(0.01, 0.02), 3, 5, BPRCS,
                Seeded.random(71));
        assertThat(rows).extracting(r -> r.epsilon() + "@" + r.sanitizedSupport())
                .containsExactly("0.1@0.01", "0.1@0.02", "1000@0.01", "1000@0.02");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.runs()).isEqualTo(3);
            assertThat(r.originalPatterns()).isGreaterThan(100);
            assertThat(r.recall().n()).isEqualTo(3);
        });
        // Same seeded databases for every epsilon: the original pattern counts agree.
        assertThat(rows.get(0).originalPatterns()).isEqualTo(rows.get(2).originalPatterns());
        assertThat(rows.get(2).recall().mean()).isGreaterThan(rows.get(0).recall().mean());
        assertThat(rows.get(2).precision().mean()).isGreaterThan(50);
    }

    /** The prefix tree keeps whole variants: with little noise every frequent pattern of D is found exactly. */
    @Test
    void figure6_prefixTreeAtNegligibleNoise_recallsEveryPattern_forEveryNumberOfBps() {
        List<PatternUtility.Row> rows = PatternUtility.byBps(List.of(200, 400), List.of(1, 2), new BigDecimal("100000"),
                0.02, 0.02, 2, 9, (e, m) -> new PrefixTreePublisher(new PrefixTreeParameters(e, m, 10, 0, 2_000_000)),
                Seeded.random(72));
        assertThat(rows).extracting(r -> r.perBp() + "x" + r.bps()).containsExactly("1x200", "1x400", "2x200", "2x400");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.recall().mean()).isEqualTo(100.0);
            assertThat(r.precision().mean()).isEqualTo(100.0);
            assertThat(r.recall().std()).isZero();
        });
        String csv = PatternUtility.csv(rows);
        assertThat(csv).startsWith("bps,per_bp,epsilon,support_original,support_sanitized,runs,patterns_original,"
                + "patterns_sanitized,precision_mean,precision_std,recall_mean,recall_std\n200,1,100000,0.02,0.02,2,");
        assertThat(csv.lines()).hasSize(5);
    }

    @Test
    void badSupport_isRefused_withTheValue() {
        assertThatThrownBy(() -> PatternUtility.byEpsilon(100, 1, List.of(BigDecimal.ONE), 0.02, List.of(0.0), 1, 1,
                BPRCS, Seeded.random(1)))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("sanitized minimum support must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> PatternUtility.byBps(List.of(0), List.of(1), BigDecimal.ONE, 0.02, 0.01, 1, 1,
                BPRCS, Seeded.random(1)))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("number of BPs must be at least 1, got 0");
    }
}
