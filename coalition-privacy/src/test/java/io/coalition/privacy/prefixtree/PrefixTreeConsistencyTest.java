package io.coalition.privacy.prefixtree;

import io.coalition.privacy.Seeded;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Chen et al.'s consistency post-processing of the noisy prefix tree. */
class PrefixTreeConsistencyTest {
    @Test
    void projection_lowersTheLargestCountsFirst_toTheParentsCount() {
        long[] v = {10, 6, 2};
        PrefixTreePublisher.project(v, 3, 12);
        assertThat(v).containsExactly(8, 4, 0);
    }

    @Test
    void projection_roundsByLargestRemainder_andHitsTheCapExactly() {
        long[] v = {7, 4, 4, 99};
        PrefixTreePublisher.project(v, 3, 10); // only the first 3 are cells: theta = 5/3
        assertThat(v[0] + v[1] + v[2]).isEqualTo(10);
        assertThat(v).containsExactly(6, 2, 2, 99);
    }

    @Test
    void projection_keepsCountsThatFit_andZeroesUnderAZeroParent() {
        long[] fit = {3, 4};
        PrefixTreePublisher.project(fit, 2, 7);
        assertThat(fit).containsExactly(3, 4);
        long[] zero = {3, 4};
        PrefixTreePublisher.project(zero, 2, 0);
        assertThat(zero).containsExactly(0, 0);
    }

    /** Many rare variants under little budget: without consistency, children outgrow their parents. */
    static List<ExecutionSequence> rareVariants() {
        List<ExecutionSequence> d = new ArrayList<>();
        String[] svc = {"a", "b", "c", "d", "e", "f"};
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 400; i++) {
            String[] s = new String[4];
            for (int j = 0; j < 4; j++) s[j] = svc[r.nextInt(j == 0 ? 2 : svc.length)];
            d.add(ExecutionSequence.of("org" + i, s));
        }
        return d;
    }

    static List<PrefixTreePublisher.ReleasedNode> release(boolean consistent, long seed) {
        List<PrefixTreePublisher.ReleasedNode> nodes = new ArrayList<>();
        PrefixTreeParameters p = new PrefixTreeParameters(new BigDecimal("0.8"), 1, 4, 0, 2_000_000, consistent);
        new PrefixTreePublisher(p).publish(rareVariants(), new PrivacyAccountant(new BigDecimal("0.8")),
                Seeded.random(seed), nodes::add);
        return nodes;
    }

    @Test
    void consistentTree_childrenAndEndNeverExceedTheParent_andAreNonNegative() {
        List<PrefixTreePublisher.ReleasedNode> nodes = release(true, 91);
        assertThat(nodes.size()).isGreaterThan(20);
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.childrenSum()).isNotNegative();
            assertThat(n.endCount()).isNotNegative();
            if (n.count() >= 0) assertThat(n.childrenSum() + n.endCount()).isLessThanOrEqualTo(n.count());
        });
    }

    @Test
    void withoutConsistency_theSameNoiseBreaksTheConstraint() {
        List<PrefixTreePublisher.ReleasedNode> nodes = release(false, 91);
        assertThat(nodes).anySatisfy(n -> {
            assertThat(n.count()).isNotNegative();
            assertThat(n.childrenSum() + n.endCount()).isGreaterThan(n.count());
        });
    }
}
