package io.coalition.privacy.prefixtree;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.Seeded;
import io.coalition.privacy.SequencePublisher.Publication;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.evaluation.RealLogUtility;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefixTreePublisherTest {

    static List<ExecutionSequence> log() {
        List<ExecutionSequence> in = new ArrayList<>();
        for (int i = 0; i < 300; i++) in.add(ExecutionSequence.of("o" + i, "a", "b", "c", "d"));
        for (int i = 0; i < 200; i++) in.add(ExecutionSequence.of("p" + i, "a", "c", "b", "d"));
        for (int i = 0; i < 2; i++) in.add(ExecutionSequence.of("rare" + i, "x", "y"));
        return in;
    }

    @Test
    void keepsFrequentVariantsWithNoisyCounts_andSuppressesRareOnes() {
        Publication p = new PrefixTreePublisher(PrefixTreeParameters.of(BigDecimal.ONE, 1, 4))
                .publish(log(), new PrivacyAccountant(BigDecimal.ONE), Seeded.random(41));
        Map<List<String>, Long> variants = p.sequences().stream()
                .collect(Collectors.groupingBy(ExecutionSequence::services, Collectors.counting()));
        // Scale m h / eps = 4, threshold 16: the two variants survive with counts near 300 and 200, "x y" does not.
        assertThat(variants.keySet()).containsExactlyInAnyOrder(List.of("a", "b", "c", "d"), List.of("a", "c", "b", "d"));
        assertThat(variants.get(List.of("a", "b", "c", "d"))).isBetween(270L, 330L);
        assertThat(variants.get(List.of("a", "c", "b", "d"))).isBetween(170L, 230L);
        assertThat(p.releases().get(0).scale()).isEqualTo("4/1");
        assertThat(p.releases().get(0).epsilon()).isEqualTo("1/4 per level");
    }

    @Test
    void keepsLongRangeDependencies_thatTheFirstOrderWalkLoses() {
        // b after a, c after z: "a m b" and "z m c". BPRCS's walk through m mixes them; the prefix tree does not.
        List<ExecutionSequence> in = new ArrayList<>();
        for (int i = 0; i < 400; i++) in.add(ExecutionSequence.of("o" + i, i % 2 == 0 ? "a" : "z", "m", i % 2 == 0 ? "b" : "c"));
        var tree = new PrefixTreePublisher(PrefixTreeParameters.of(new BigDecimal("2"), 1, 3))
                .publish(in, new PrivacyAccountant(new BigDecimal("2")), Seeded.random(42)).sequences();
        var walk = new BprcsPublisher(BprcsParameters.of(new BigDecimal("2"), 1, 3).withPruneScales(3))
                .publish(in, new PrivacyAccountant(new BigDecimal("2")), Seeded.random(42)).sequences();
        assertThat(mixed(tree)).isLessThan(0.05);
        assertThat(mixed(walk)).isGreaterThan(0.3);
    }

    /** The share of sequences that join a's start with c's end or z's start with b's end. */
    static double mixed(List<ExecutionSequence> out) {
        long n = out.stream().filter(s -> s.services().equals(List.of("a", "m", "c"))
                || s.services().equals(List.of("z", "m", "b"))).count();
        return (double) n / out.size();
    }

    @Test
    void exhaustedBudget_orRunawayTree_failsClosed() {
        PrefixTreePublisher p = new PrefixTreePublisher(PrefixTreeParameters.of(BigDecimal.ONE, 1, 4));
        assertThatThrownBy(() -> p.publish(log(), new PrivacyAccountant(new BigDecimal("0.5")), Seeded.random(43)))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("privacy budget exceeded: prefix tree publication asks epsilon 1 but only 0.5 of 0.5 is left");
        PrefixTreePublisher tiny = new PrefixTreePublisher(new PrefixTreeParameters(BigDecimal.ONE, 1, 4, 0, 3));
        assertThatThrownBy(() -> tiny.publish(log(), new PrivacyAccountant(BigDecimal.ONE), Seeded.random(43)))
                .isInstanceOf(PrivacyException.class)
                .hasMessageStartingWith("prefix tree exceeds 3 nodes at level ");
    }

    @Test
    void sepsisUtility_nextToBprcs() {
        EventLog sepsis = LogFiles.read(TestData.require("dp/amun/Sepsis.xes"), ReadOptions.DEFAULT);
        // Sepsis is nearly all unique variants: with per-trace privacy only the few frequent prefixes pass the
        // threshold (scale h/eps = 10 at eps 1, threshold 3 scales), figures in the README.
        List<RealLogUtility.Row> rows = RealLogUtility.evaluate(sepsis, List.of(BigDecimal.ONE, new BigDecimal("2")), 1,
                e -> new PrefixTreePublisher(new PrefixTreeParameters(e, 1, 10, 3, 2_000_000)), Seeded.random(44));
        System.out.print(RealLogUtility.csv(rows));
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.privateTraces()).isPositive();
            assertThat(r.fitness()).isGreaterThan(0.9);
            assertThat(r.precision()).isGreaterThan(0.3);
        });
    }
}
