package io.coalition.privacy;

import io.coalition.privacy.SequencePublisher.Publication;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.markov.MarkovParameters;
import io.coalition.privacy.markov.MarkovPublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.prefixtree.PrefixTreeParameters;
import io.coalition.privacy.prefixtree.PrefixTreePublisher;
import io.coalition.privacy.sequence.ExecutionSequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The public alphabet closes the domain leak: on neighbouring databases that differ by one organization using a
 * service nobody else uses, the data-derived domain contains that service with probability 1 against 0, while over a
 * public alphabet the output distribution stays within e^eps.
 */
class PublicAlphabetReleaseTest {
    static final BigDecimal EPS = BigDecimal.ONE;
    static final PublicAlphabet ALPHABET = PublicAlphabet.parse("a,b,u");

    /** Every mechanism with m = 1, k = h = 2, no pruning, so cells of absent activities can surface. */
    enum Mechanism {
        BPRCS, PREFIX_TREE, MARKOV;

        SequencePublisher publisher(PublicAlphabet alphabet) {
            return switch (this) {
                case BPRCS -> new BprcsPublisher(BprcsParameters.of(EPS, 1, 2).withAlphabet(alphabet));
                case PREFIX_TREE -> new PrefixTreePublisher(new PrefixTreeParameters(EPS, 1, 2, 0, 1000)
                        .withAlphabet(alphabet));
                case MARKOV -> new MarkovPublisher(new MarkovParameters(EPS, 1, 2, 1, 0, 0).withAlphabet(alphabet));
            };
        }
    }

    static List<ExecutionSequence> without() {
        List<ExecutionSequence> d = new ArrayList<>();
        for (int i = 0; i < 6; i++) d.add(ExecutionSequence.of("o" + i, "a", "b"));
        return d;
    }

    /** The neighbour: one more organization, the only one that uses service u. */
    static List<ExecutionSequence> with() {
        List<ExecutionSequence> d = without();
        d.add(ExecutionSequence.of("unique", "a", "u"));
        return d;
    }

    static Publication publish(Mechanism m, PublicAlphabet alphabet, List<ExecutionSequence> d, RandomGenerator rng) {
        return m.publisher(alphabet).publish(d, new PrivacyAccountant(EPS), rng);
    }

    static long occurrences(Publication p, String service) {
        return p.sequences().stream().flatMap(s -> s.services().stream()).filter(service::equals).count();
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void dataDerivedDomain_revealsTheUniqueService_withProbabilityOneAgainstZero(Mechanism m) {
        RandomGenerator rng = Seeded.random(11);
        int withU = 0;
        int uInOutputWithout = 0;
        for (int t = 0; t < 200; t++) {
            Publication p0 = publish(m, null, without(), rng);
            Publication p1 = publish(m, null, with(), rng);
            assertThat(p0.publicDomain()).isFalse();
            assertThat(p0.domain()).containsExactly("a", "b");
            assertThat(p1.domain()).containsExactly("a", "b", "u");
            if (occurrences(p1, "u") > 0) withU++;
            if (occurrences(p0, "u") > 0) uInOutputWithout++;
        }
        // Without the organization, u can never be released; with it, it often is.
        assertThat(uInOutputWithout).isZero();
        assertThat(withU).isGreaterThan(20);
    }

    /**
     * Over the public alphabet {a, b, u} the domain is the same for both databases, and the distribution of the number
     * of released occurrences of u (post-processing of the release) stays within e^eps over 30,000 runs each.
     */
    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void publicAlphabet_hidesTheUniqueService_outputDistributionWithinEToTheEpsilon(Mechanism m) {
        RandomGenerator rng = Seeded.random(12);
        int trials = 30_000;
        Map<Long, Integer> h0 = new HashMap<>();
        Map<Long, Integer> h1 = new HashMap<>();
        for (int t = 0; t < trials; t++) {
            Publication p0 = publish(m, ALPHABET, without(), rng);
            Publication p1 = publish(m, ALPHABET, with(), rng);
            if (t == 0) {
                assertThat(p0.publicDomain()).isTrue();
                assertThat(p0.domain()).isEqualTo(p1.domain()).containsExactly("a", "b", "u");
            }
            h0.merge(Math.min(occurrences(p0, "u"), 3), 1, Integer::sum);
            h1.merge(Math.min(occurrences(p1, "u"), 3), 1, Integer::sum);
        }
        int checked = 0;
        for (long bucket = 0; bucket <= 3; bucket++) {
            int x = h0.getOrDefault(bucket, 0);
            int y = h1.getOrDefault(bucket, 0);
            if (x < 1500 || y < 1500) continue;
            double logRatio = Math.abs(Math.log((double) x / y));
            assertThat(logRatio).as("%s: u released %d times: %d vs %d runs", m, bucket, x, y)
                    .isLessThan(EPS.doubleValue() + 5 * Math.sqrt(1.0 / x + 1.0 / y));
            checked++;
        }
        // u is absent from the data without the organization, yet it is released in a real share of the runs.
        assertThat(checked).as("%s buckets %s / %s", m, h0, h1).isGreaterThanOrEqualTo(2);
        assertThat(trials - h0.getOrDefault(0L, 0)).isGreaterThan(1500);
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void unknownActivity_isRefusedBeforeAnyBudgetIsSpent(Mechanism m) {
        PrivacyAccountant budget = new PrivacyAccountant(EPS);
        List<ExecutionSequence> d = without();
        d.add(ExecutionSequence.of("clinic", "a", "SecretAudit"));
        assertThatThrownBy(() -> m.publisher(PublicAlphabet.parse("a,b")).publish(d, budget, Seeded.random(1)))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("activity 'SecretAudit' at position 2 of sequence 6 (organization clinic) is not in the "
                        + "public alphabet of 2 activities; add it to the alphabet or drop unknown activities");
        assertThat(budget.spent()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void dropUnknown_removesTheActivityAndCountsIt(Mechanism m) {
        List<ExecutionSequence> d = without();
        d.add(ExecutionSequence.of("clinic", "SecretAudit", "a", "SecretAudit"));
        d.add(ExecutionSequence.of("lab", "SecretAudit"));
        Publication p = publish(m, PublicAlphabet.parse("a,b").withDropUnknown(true), d, Seeded.random(2));
        assertThat(p.unknownDropped()).isEqualTo(3);
        assertThat(p.domain()).containsExactly("a", "b");
        assertThat(p.sequences()).allSatisfy(s -> assertThat(s.services()).doesNotContain("SecretAudit"));
    }
}
