package io.coalition.privacy.markov;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.Seeded;
import io.coalition.privacy.SequencePublisher.Publication;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.evaluation.PatternUtility;
import io.coalition.privacy.evaluation.PublisherFactory;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkovPublisherTest {
    static final BigDecimal NEGLIGIBLE = new BigDecimal("100000");

    /** Two variants sharing the services b and c in both orders: a first-order walk mixes them, order 2 does not. */
    static List<ExecutionSequence> twoVariants() {
        List<ExecutionSequence> d = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            d.add(i % 3 == 0 ? ExecutionSequence.of("o" + i, "a", "b", "c", "x")
                    : ExecutionSequence.of("o" + i, "a", "c", "b", "y"));
        }
        return d;
    }

    @Test
    void negligibleNoise_order2_regeneratesOnlyTheVariantsOfD_inTheirProportions() {
        Publication p = new MarkovPublisher(MarkovParameters.of(NEGLIGIBLE, 1, 4, 2))
                .publish(twoVariants(), new PrivacyAccountant(NEGLIGIBLE), Seeded.random(1));
        Map<List<String>, Integer> variants = new HashMap<>();
        p.sequences().forEach(s -> variants.merge(s.services(), 1, Integer::sum));
        assertThat(variants.keySet()).containsExactlyInAnyOrder(List.of("a", "b", "c", "x"), List.of("a", "c", "b", "y"));
        assertThat(p.sequences()).hasSize(300);
        assertThat(variants.get(List.of("a", "b", "c", "x"))).isBetween(70, 130);
    }

    @Test
    void negligibleNoise_order1_mixesTheVariants_asAFirstOrderWalkMust() {
        Publication p = new MarkovPublisher(MarkovParameters.of(NEGLIGIBLE, 1, 4, 1))
                .publish(twoVariants(), new PrivacyAccountant(NEGLIGIBLE), Seeded.random(2));
        Set<List<String>> variants = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
        p.sequences().forEach(s -> variants.add(s.services()));
        assertThat(variants).hasSizeGreaterThan(2);
    }

    /**
     * The sensitivity claim: one more organization with m sequences of length k changes each order's table by at
     * most m(k+1) in L1, and by exactly that when its sequences are complete.
     */
    @Test
    void oneMoreOrganization_changesEachOrderByAtMost_mTimesKPlusOne() {
        int m = 3;
        int k = 5;
        List<List<Invocation>> d = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        for (ExecutionSequence s : twoVariants()) {
            d.add(s.invocations());
            complete.add(true);
        }
        List<List<Invocation>> d2 = new ArrayList<>(d);
        List<Boolean> complete2 = new ArrayList<>(complete);
        for (int i = 0; i < m; i++) {
            d2.add(ExecutionSequence.of("new", "a", "b", "a", "b", "a").invocations());
            complete2.add(true);
        }
        List<String> alphabet = List.of("a", "b", "c", "x", "y");
        ContextCounts c1 = ContextCounts.build(alphabet, d, complete, 4);
        ContextCounts c2 = ContextCounts.build(alphabet, d2, complete2, 4);
        for (int order = 1; order <= 4; order++) assertThat(c1.l1Distance(c2, order)).isEqualTo((long) m * (k + 1));
        // A truncated sequence counts no end: one cell less.
        complete2.set(complete2.size() - 1, false);
        ContextCounts c3 = ContextCounts.build(alphabet, d2, complete2, 4);
        assertThat(c1.l1Distance(c3, 2)).isEqualTo((long) m * (k + 1) - 1);
    }

    @Test
    void budget_isSplitOverTheOrders_addsUpToEpsilon_andASecondPublicationIsRefused() {
        BigDecimal eps = BigDecimal.ONE;
        PrivacyAccountant budget = new PrivacyAccountant(eps);
        Publication p = new MarkovPublisher(MarkovParameters.of(eps, 2, 4, 3))
                .publish(twoVariants(), budget, Seeded.random(3));
        assertThat(budget.spent()).isEqualByComparingTo(eps);
        assertThat(budget.spends()).extracting(PrivacyAccountant.Spend::purpose).containsExactly(
                "Markov order-1 transition counts", "Markov order-2 transition counts", "Markov order-3 transition counts");
        assertThat(budget.spends().get(0).epsilon()).isEqualByComparingTo("0.3333333333333333333333333333333333");
        // sensitivity m(k+1) = 10, scale h·10/eps = 30
        assertThat(p.releases()).allSatisfy(r -> {
            assertThat(r.sensitivity()).isEqualTo(10);
            assertThat(r.scale()).isEqualTo("30/1");
        });
        assertThatThrownBy(() -> new MarkovPublisher(MarkovParameters.of(eps, 2, 4, 3))
                .publish(twoVariants(), budget, Seeded.random(4)))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("privacy budget exceeded: Markov publication asks epsilon 1 but only 0 of 1 is left");
    }

    @Test
    void badOrder_isRefused_withTheValue() {
        assertThatThrownBy(() -> MarkovParameters.of(BigDecimal.ONE, 1, 10, 0))
                .isInstanceOf(PrivacyException.class).hasMessage("Markov order must be between 1 and 8, got 0");
    }

    /**
     * Figure 5 (1000 BPs, one sequence each, patterns of length 5-10 at 2% in D and 1% in the private database):
     * the order-2 walk recalls far more long patterns than the first-order end-aware walk, without noise and at
     * eps 10 (seeded runs).
     */
    @Test
    void figure5_order2Walk_recallsMoreLongPatterns_thanTheFirstOrderWalk() {
        PublisherFactory firstOrder = (e, m) -> new BprcsPublisher(BprcsParameters.of(e, m, 10).withPruneScales(3)
                .withWalk(BprcsParameters.Walk.END_AWARE));
        PublisherFactory order2 = (e, m) -> new MarkovPublisher(MarkovParameters.of(e, m, 10, 2));
        List<BigDecimal> eps = List.of(new BigDecimal("10"), new BigDecimal("1000"));
        List<PatternUtility.Row> a = PatternUtility.byEpsilon(1000, 1, eps, 0.02, List.of(0.01), 3, 5, firstOrder,
                Seeded.random(6));
        List<PatternUtility.Row> b = PatternUtility.byEpsilon(1000, 1, eps, 0.02, List.of(0.01), 3, 5, order2,
                Seeded.random(6));
        System.out.print(PatternUtility.csv(a) + PatternUtility.csv(b));
        assertThat(a.get(1).recall().mean()).isLessThan(20);
        assertThat(b.get(1).recall().mean()).isGreaterThan(90);
        assertThat(b.get(0).recall().mean()).isGreaterThan(a.get(0).recall().mean() + 30);
    }

    /**
     * Every order's cells carry Laplace noise of scale h·m(k+1)/eps: m 1, k 2, h 2, eps 1 give 6. On counts of 1000
     * (never clamped) the mean |noise| of 20,000 independent cells per order is 6 within 3% (standard error 0.7%).
     */
    @Test
    void releasedCounts_carryLaplaceNoiseOfScaleHTimesSensitivityOverEpsilon() {
        List<List<Invocation>> d = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            d.add(ExecutionSequence.of("o" + i, "a", "b").invocations());
            complete.add(true);
        }
        io.coalition.privacy.noise.DiscreteLaplace scale = io.coalition.privacy.noise.DiscreteLaplace.forSensitivity(
                2 * 3, BigDecimal.ONE);
        var rng = Seeded.random(7);
        int trials = 20_000;
        double[] abs = new double[2];
        for (int t = 0; t < trials; t++) {
            ContextCounts c = ContextCounts.build(List.of("a", "b"), d, complete, 2);
            c.noise(scale, 0, rng);
            abs[0] += Math.abs(c.row(1, 0)[1] - 1000); // a -> b
            abs[1] += Math.abs(c.row(2, 0 * 3 + 2)[1] - 1000); // (a, then start) -> b: most recent first, base 3
        }
        assertThat(abs[0] / trials).isCloseTo(6.0, org.assertj.core.api.Assertions.within(0.18));
        assertThat(abs[1] / trials).isCloseTo(6.0, org.assertj.core.api.Assertions.within(0.18));
    }
}
