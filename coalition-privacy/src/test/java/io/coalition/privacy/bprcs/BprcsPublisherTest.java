package io.coalition.privacy.bprcs;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.SequencePublisher.Publication;
import io.coalition.privacy.Seeded;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BprcsPublisherTest {

    /** Seed 002 Table 1, services only: three organizations' Internet purchase order sequences. */
    static List<ExecutionSequence> table1() {
        return List.of(
                ExecutionSequence.of("org1", "GetOrderFromAmazon", "SalesTaxSVC_A", "TransShip", "PayPal", "EasyBill"),
                ExecutionSequence.of("org2", "GetOrderFromAmazon", "SalesTaxSVC_A", "UKCustoms", "TransShip", "PayPal",
                        "UKDutyPymt", "EasyBill"),
                ExecutionSequence.of("org3", "GetOrderFromEbay", "EasySalesTax", "USPS", "PayPal", "EasyBill"),
                ExecutionSequence.of("org4", "GetOrderFromAmazon", "SalesTaxSVC_A", "EuroCustoms", "TransShip", "PayPal",
                        "EuroDutyPymt", "EasyBill"));
    }

    static List<ExecutionSequence> repeat(List<ExecutionSequence> base, int times) {
        List<ExecutionSequence> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            for (ExecutionSequence s : base) out.add(new ExecutionSequence(s.organization() + "-" + i, s.invocations()));
        }
        return out;
    }

    @Test
    void almostNoNoise_regeneratesWalksOfTheOriginalGraph_withTheOriginalStartsAndLengths() {
        List<ExecutionSequence> in = repeat(table1(), 50);
        BprcsPublisher p = new BprcsPublisher(BprcsParameters.of(new BigDecimal("100000"), 1, 8));
        Publication pub = p.publish(in, new PrivacyAccountant(new BigDecimal("100000")), Seeded.random(1));
        Set<List<String>> edges = new HashSet<>();
        for (ExecutionSequence s : in) {
            for (int i = 0; i + 1 < s.length(); i++) edges.add(List.of(s.services().get(i), s.services().get(i + 1)));
        }
        assertThat(pub.sequences()).hasSize(200);
        for (ExecutionSequence s : pub.sequences()) {
            assertThat(s.organization()).isEqualTo(ExecutionSequence.PUBLISHED);
            for (int i = 0; i + 1 < s.length(); i++) {
                assertThat(edges).contains(List.of(s.services().get(i), s.services().get(i + 1)));
            }
        }
        // slen is reproduced exactly; a walk stops early only at a node without out-edges (EasyBill), as in the paper.
        Map<String, Long> starts = pub.sequences().stream()
                .collect(Collectors.groupingBy(s -> s.services().get(0), Collectors.counting()));
        assertThat(starts).containsOnly(Map.entry("GetOrderFromAmazon", 150L), Map.entry("GetOrderFromEbay", 50L));
        assertThat(pub.sequences()).allSatisfy(s -> assertThat(
                s.services().get(s.length() - 1).equals("EasyBill") || s.length() == 5 || s.length() == 7).isTrue());
        assertThat(pub.sequences()).filteredOn(s -> s.services().get(0).equals("GetOrderFromEbay"))
                .allSatisfy(s -> assertThat(s.services()).hasSize(5).startsWith("GetOrderFromEbay", "EasySalesTax", "USPS",
                        "PayPal"));
        assertThat(pub.sequencesUsed()).isEqualTo(200);
        assertThat(pub.releases()).extracting(r -> r.purpose() + " eps=" + r.epsilon() + " sens=" + r.sensitivity()
                + " scale=" + r.scale()).containsExactly(
                "edge counts c(e) eps=60000 sens=7 scale=7/60000",
                "start lengths slen(v) eps=40000 sens=1 scale=1/40000");
    }

    /**
     * END_AWARE: walks stop only where sequences stopped. The input loops (b -> c -> b) and ends at d; the paper's walk
     * of length 4 ends at c or d, the end-aware one always at d. Truncated sequences give no end count.
     */
    @Test
    void endAwareWalk_endsWhereSequencesEnd_andReleasesEndCountsWithTheEdges() {
        List<ExecutionSequence> in = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            in.add(i % 2 == 0 ? ExecutionSequence.of("o" + i, "a", "b", "c", "d")
                    : ExecutionSequence.of("o" + i, "a", "c", "b", "d"));
        }
        in.add(ExecutionSequence.of("long", "a", "b", "c", "b", "c", "b", "c")); // truncated to k = 6: ends nowhere
        BigDecimal eps = new BigDecimal("100000");
        Publication paper = new BprcsPublisher(BprcsParameters.of(eps, 1, 6))
                .publish(in, new PrivacyAccountant(eps), Seeded.random(17));
        Publication aware = new BprcsPublisher(BprcsParameters.of(eps, 1, 6).withWalk(BprcsParameters.Walk.END_AWARE))
                .publish(in, new PrivacyAccountant(eps), Seeded.random(17));
        Set<String> paperEnds = paper.sequences().stream().map(s -> s.services().get(s.length() - 1)).collect(Collectors.toSet());
        Set<String> awareEnds = aware.sequences().stream().map(s -> s.services().get(s.length() - 1)).collect(Collectors.toSet());
        assertThat(paperEnds).contains("d").hasSizeGreaterThan(1);
        assertThat(awareEnds).containsExactly("d");
        assertThat(aware.sequences()).hasSizeBetween(150, 201).allSatisfy(s -> assertThat(s.services().get(0)).isEqualTo("a"));
        assertThat(aware.truncated()).isEqualTo(1);
        // Edges plus one end edge per sequence: sensitivity m*k = 6 on 4*(4+1) cells; starts only, not lengths.
        assertThat(aware.releases()).extracting(r -> r.purpose() + ", " + r.sensitivity() + ", " + r.cells())
                .containsExactly("edge counts c(e) and end counts, 6, 20", "start counts, 1, 4");
        assertThat(paper.releases()).extracting(r -> r.purpose() + ", " + r.sensitivity() + ", " + r.cells())
                .containsExactly("edge counts c(e), 5, 16", "start lengths slen(v), 1, 24");
    }

    @Test
    void perOrganizationLimit_dropsExtraSequences_andLongSequencesAreTruncatedToK() {
        List<ExecutionSequence> in = new ArrayList<>();
        for (int i = 0; i < 5; i++) in.add(ExecutionSequence.of("acme", "a", "b", "c", "d"));
        in.add(ExecutionSequence.of("other", "a", "b"));
        BprcsPublisher p = new BprcsPublisher(BprcsParameters.of(new BigDecimal("1000"), 3, 3));
        Publication pub = p.publish(in, new PrivacyAccountant(new BigDecimal("1000")), Seeded.random(2));
        assertThat(pub.droppedByLimit()).isEqualTo(2);
        assertThat(pub.sequencesUsed()).isEqualTo(4);
        assertThat(pub.truncated()).isEqualTo(3);
        assertThat(pub.sequences()).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(3));
        // Sensitivity per organization: m (k-1) = 3 * 2 edge increments.
        assertThat(pub.releases().get(0).sensitivity()).isEqualTo(6);
        assertThat(pub.releases().get(1).sensitivity()).isEqualTo(3);
    }

    @Test
    void publication_spendsItsWholeEpsilon_andIsRefusedWhenTheBudgetCannotCoverIt() {
        BprcsPublisher p = new BprcsPublisher(BprcsParameters.of(new BigDecimal("0.8"), 3, 10));
        PrivacyAccountant budget = new PrivacyAccountant(BigDecimal.ONE);
        p.publish(table1(), budget, Seeded.random(3));
        assertThat(budget.spends()).extracting(s -> s.purpose() + "=" + s.epsilon().stripTrailingZeros().toPlainString())
                .containsExactly("BPRCS edge counts c(e)=0.48", "BPRCS start lengths slen(v)=0.32");
        assertThatThrownBy(() -> p.publish(table1(), budget, Seeded.random(3)))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("privacy budget exceeded: BPRCS publication asks epsilon 0.8 but only 0.20 of 1 is left");
        assertThat(budget.spends()).hasSize(2);
    }

    @Test
    void invalidParameters_areRefusedWithTheirName() {
        assertThatThrownBy(() -> BprcsParameters.of(new BigDecimal("1"), 0, 5))
                .hasMessage("per-organization limit m must be at least 1, got 0");
        assertThatThrownBy(() -> BprcsParameters.of(new BigDecimal("-1"), 3, 5)).hasMessage("epsilon must be positive, got -1");
        assertThatThrownBy(() -> BprcsParameters.of(BigDecimal.ONE, 3, 0))
                .hasMessage("maximum sequence length k must be at least 1, got 0");
        assertThatThrownBy(() -> BprcsParameters.of(BigDecimal.ONE, 3, 5).withParameterDomains(Map.of("Loc", List.of())))
                .hasMessage("parameter 'Loc' has an empty domain");
    }

    /**
     * Neighbouring databases (one organization with one sequence a,b more): with k = 2 every sequence adds exactly
     * one edge, so the released count of (a,b) is an exact epsilon_edges-DP count; its histograms over 300,000 runs
     * stay within e^0.6 of each other.
     */
    @Test
    void neighbouringDatabases_keepTheEdgeCountHistogramsWithinEToTheEpsilon() {
        List<ExecutionSequence> d1 = new ArrayList<>();
        for (int i = 0; i < 5; i++) d1.add(ExecutionSequence.of("o" + i, "a", "b"));
        d1.add(ExecutionSequence.of("z", "b", "a"));
        List<ExecutionSequence> d2 = new ArrayList<>(d1);
        d2.add(ExecutionSequence.of("new", "a", "b"));
        BprcsParameters params = BprcsParameters.of(BigDecimal.ONE, 1, 2);
        var rng = Seeded.random(4);
        int trials = 300_000;
        Map<Long, Integer> h1 = new HashMap<>();
        Map<Long, Integer> h2 = new HashMap<>();
        for (int t = 0; t < trials; t++) {
            h1.merge(BprcsPublisher.noisyEdgeCounts(d1, params, rng)[0][1], 1, Integer::sum);
            h2.merge(BprcsPublisher.noisyEdgeCounts(d2, params, rng)[0][1], 1, Integer::sum);
        }
        double bound = Math.exp(0.6);
        int checked = 0;
        for (var e : h1.entrySet()) {
            Integer other = h2.get(e.getKey());
            if (e.getValue() < 3000 || other == null || other < 3000) continue;
            double ratio = Math.max((double) e.getValue() / other, (double) other / e.getValue());
            assertThat(Math.log(ratio)).as("noisy count %d", e.getKey()).isLessThan(0.6 + 5 * Math.sqrt(2.0 / 3000));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
        // Clamping at zero is post-processing: P(0) keeps the bound as well, and it is the largest cell.
        assertThat((double) h1.get(0L) / h2.get(0L)).isLessThan(bound * 1.05);
    }

    /**
     * The end-aware release: one more organization's sequence a -> b changes the edge a->b and the end count of b.
     * With sensitivity m·k = 2 each changes by 1 at scale 2/0.6, so the joint output (both cells) of neighbouring
     * databases stays within e^0.6.
     */
    @Test
    void neighbouringDatabases_endAware_keepTheJointEdgeAndEndCountsWithinEToTheEpsilon() {
        List<ExecutionSequence> d1 = new ArrayList<>();
        for (int i = 0; i < 5; i++) d1.add(ExecutionSequence.of("o" + i, "a", "b"));
        d1.add(ExecutionSequence.of("z", "b", "a"));
        List<ExecutionSequence> d2 = new ArrayList<>(d1);
        d2.add(ExecutionSequence.of("new", "a", "b"));
        BprcsParameters params = BprcsParameters.of(BigDecimal.ONE, 1, 2).withWalk(BprcsParameters.Walk.END_AWARE);
        var rng = Seeded.random(5);
        int trials = 300_000;
        Map<List<Long>, Integer> h1 = new HashMap<>();
        Map<List<Long>, Integer> h2 = new HashMap<>();
        for (int t = 0; t < trials; t++) {
            long[][] c1 = BprcsPublisher.noisyEdgeCounts(d1, params, rng);
            long[][] c2 = BprcsPublisher.noisyEdgeCounts(d2, params, rng);
            assertThat(c1[0]).hasSize(3); // a->a, a->b, end at a
            h1.merge(List.of(c1[0][1], c1[1][2]), 1, Integer::sum);
            h2.merge(List.of(c2[0][1], c2[1][2]), 1, Integer::sum);
        }
        int checked = 0;
        double worst = 0;
        for (var e : h1.entrySet()) {
            Integer other = h2.get(e.getKey());
            if (e.getValue() < 2000 || other == null || other < 2000) continue;
            double ratio = Math.log(Math.max((double) e.getValue() / other, (double) other / e.getValue()));
            assertThat(ratio).as("noisy (edge, end) %s", e.getKey()).isLessThan(0.6 + 5 * Math.sqrt(2.0 / 2000));
            worst = Math.max(worst, ratio);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
        // The bound is reached where both cells move together (the release is not over-noised).
        assertThat(worst).isGreaterThan(0.45);
    }

    @Test
    void parameterDistributions_carryTheBranchCorrelation_andMaskedValuesStayMasked() {
        List<ExecutionSequence> in = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean local = i % 3 != 0;
            String loc = local ? "local" : "international";
            in.add(new ExecutionSequence("org" + i, List.of(
                    new Invocation("ReceiveOrder", Map.of(), Map.of("BuyerLoc", loc, "Card", Invocation.MASKED)),
                    new Invocation(local ? "SalesTax" : "CustomsDuty", Map.of("BuyerLoc", loc), Map.of()),
                    Invocation.of("Ship"))));
        }
        BprcsParameters params = BprcsParameters.of(new BigDecimal("100000"), 1, 3)
                .withParameterDomains(Map.of("BuyerLoc", List.of("local", "international"), "Card", List.of("visa")));
        Publication pub = new BprcsPublisher(params).publish(in, new PrivacyAccountant(new BigDecimal("100000")),
                Seeded.random(5));
        assertThat(pub.sequences()).hasSize(60);
        for (ExecutionSequence s : pub.sequences()) {
            Invocation first = s.invocations().get(0);
            String branch = s.invocations().get(1).service();
            assertThat(first.outputs()).containsEntry("BuyerLoc", branch.equals("SalesTax") ? "local" : "international");
            // Masked in every original: released as masked, never as a value of the domain.
            assertThat(first.outputs()).containsEntry("Card", Invocation.MASKED);
            assertThat(s.invocations().get(1).inputs()).containsEntry("BuyerLoc", first.outputs().get("BuyerLoc"));
        }
        assertThat(pub.releases()).hasSize(3);
        assertThat(pub.releases().get(2).sensitivity()).isEqualTo(2 * 2 * 2);
    }

    /**
     * The released edge counts carry Laplace noise of the release's scale: m = 2, k = 4 give sensitivity m(k-1) = 6
     * and eps_edges = 0.6, so scale 10. On a count of 1000 (never clamped) the maximum-likelihood Laplace scale of
     * 50,000 releases, mean |noise|, is 10 within 2% (its standard error is 0.45%), and the variance is the discrete
     * Laplace variance within 3%.
     */
    @Test
    void releasedEdgeCounts_carryLaplaceNoiseOfTheReleasedScale() {
        List<ExecutionSequence> d = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            d.add(ExecutionSequence.of("o" + i, "a", "b"));
            d.add(ExecutionSequence.of("o" + i, "a", "b"));
        }
        BprcsParameters params = BprcsParameters.of(BigDecimal.ONE, 2, 4);
        var rng = Seeded.random(6);
        int trials = 50_000;
        double abs = 0;
        double sq = 0;
        for (int t = 0; t < trials; t++) {
            long x = BprcsPublisher.noisyEdgeCounts(d, params, rng)[0][1] - 1000;
            abs += Math.abs(x);
            sq += (double) x * x;
        }
        io.coalition.privacy.noise.DiscreteLaplace expected = io.coalition.privacy.noise.DiscreteLaplace.forSensitivity(6,
                new BigDecimal("0.6"));
        assertThat(expected.scale()).isEqualTo(10.0);
        assertThat(abs / trials).isCloseTo(10.0, org.assertj.core.api.Assertions.within(0.2));
        assertThat(sq / trials / expected.variance()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.03));
    }
}
