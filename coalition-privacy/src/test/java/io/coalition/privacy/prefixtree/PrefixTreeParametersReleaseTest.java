package io.coalition.privacy.prefixtree;

import io.coalition.privacy.Seeded;
import io.coalition.privacy.SequencePublisher.Publication;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.composition.Composition;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Parameter release per released variant of the prefix tree. */
class PrefixTreeParametersReleaseTest {
    static final Map<String, List<String>> DOMAINS = Map.of("Loc", List.of("local", "abroad"));

    /**
     * The location is an output of the FIRST service and decides the branch after a second one: a long-range
     * correlation that BPRCS's per-edge distributions cannot carry. A masked location stays masked.
     */
    static List<ExecutionSequence> orders() {
        List<ExecutionSequence> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean local = i % 3 != 0;
            String loc = i % 10 == 9 ? Invocation.MASKED : local ? "local" : "abroad";
            out.add(new ExecutionSequence("org" + i, List.of(
                    new Invocation("Receive", Map.of(), Map.of("Loc", loc)),
                    Invocation.of("Check"),
                    Invocation.of(local ? "Tax" : "Customs"),
                    Invocation.of("Ship"))));
        }
        return out;
    }

    static final BigDecimal EPS = new BigDecimal("100000");

    @Test
    void releasesValueHistogramsPerVariant_andKeepsLongRangeBranchConditions() {
        PrefixTreeParameters params = new PrefixTreeParameters(EPS, 1, 4, 0, 2_000_000, true, DOMAINS);
        PrivacyAccountant budget = new PrivacyAccountant(EPS);
        Publication p = new PrefixTreePublisher(params).publish(orders(), budget, Seeded.random(101));
        assertThat(budget.spent()).isEqualByComparingTo(EPS);
        // 2 directions x 1 parameter x h 4 x m 1; tree cells: 5 nodes x (5 services + end); histogram cells: 2 variants x 4 positions x 2 directions x (2 values + other + masked)
        assertThat(p.releases()).extracting(r -> r.purpose() + ", " + r.epsilon() + ", " + r.sensitivity() + ", " + r.cells())
                .containsExactly("prefix tree counts (4 levels), 75000/4 per level, 1, 30",
                        "parameter distributions per released variant, 25000, 8, 64");
        assertThat(p.sequences()).hasSize(300);
        assertThat(p.sequences()).allSatisfy(s -> {
            String loc = s.invocations().get(0).outputs().get("Loc");
            assertThat(loc).isIn("local", "abroad", Invocation.MASKED);
            if (!loc.equals(Invocation.MASKED)) {
                assertThat(s.services().get(2)).isEqualTo(loc.equals("local") ? "Tax" : "Customs");
            }
            assertThat(s.invocations().get(1).outputs()).isEmpty();
        });
        Composition.ComposedProcess c = Composition.compose(p.sequences(), 0.2);
        assertThat(c.splits()).hasSize(1);
        // Masked locations are no feature (missing); most of them are local orders, so they join Tax's condition.
        assertThat(c.splits().get(0).conditions()).containsExactlyInAnyOrder("not($Loc) or $Loc = 'local'",
                "$Loc = 'abroad'");
    }

    /** The same data through BPRCS: the location reaches only the Receive -> Check edge, so the branch is a coin. */
    @Test
    void bprcs_losesTheLongRangeCorrelation_thePrefixTreeKeeps() {
        BprcsParameters bp = BprcsParameters.of(EPS, 1, 4).withParameterDomains(DOMAINS);
        List<ExecutionSequence> walk = new BprcsPublisher(bp).publish(orders(), new PrivacyAccountant(EPS),
                Seeded.random(102)).sequences();
        long mismatched = walk.stream().filter(s -> s.length() == 4).filter(s -> {
            String loc = s.invocations().get(0).outputs().get("Loc");
            return loc != null && !s.services().get(2).equals(loc.equals("local") ? "Tax" : "Customs");
        }).count();
        assertThat(mismatched).isGreaterThan(60);
    }
}
