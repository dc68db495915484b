package io.coalition.privacy.evaluation;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.privacy.Seeded;
import io.coalition.privacy.SequencePublisher.Publication;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Sequences;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** BPRCS on the real Sepsis log (1050 traces, 16 activities; ../shared/data/dp/amun/Sepsis.xes). */
class SepsisUtilityTest {
    static EventLog sepsis;

    @BeforeAll
    static void read() {
        sepsis = LogFiles.read(TestData.require("dp/amun/Sepsis.xes"), ReadOptions.DEFAULT);
    }

    @Test
    void publication_usesEveryTrace_truncatesToK_andStaysInTheAlphabet() {
        List<ExecutionSequence> in = Sequences.fromLog(sepsis, null, Set.of());
        assertThat(in).hasSize(1050);
        long longer = in.stream().filter(s -> s.length() > 30).count();
        Publication p = new BprcsPublisher(BprcsParameters.of(BigDecimal.ONE, 1, 30).withPruneScales(3))
                .publish(in, new PrivacyAccountant(BigDecimal.ONE), Seeded.random(21));
        assertThat(p.sequencesUsed()).isEqualTo(1050);
        assertThat(p.truncated()).isEqualTo(longer).isPositive();
        Set<String> alphabet = new HashSet<>();
        in.forEach(s -> alphabet.addAll(s.services()));
        assertThat(alphabet).hasSize(16);
        assertThat(p.sequences()).allSatisfy(s -> {
            assertThat(alphabet).containsAll(s.services());
            assertThat(s.length()).isBetween(1, 30);
        });
        // slen noise: scale m/(0.4 eps) = 2.5 on 16 x 30 cells, pruned below 7.5: the count stays near 1050.
        assertThat(p.sequences().size()).isBetween(900, 1400);
    }

    /**
     * Result utility as in TraVaS: IMf (0.2) mined from the private log, replayed with the ORIGINAL log. Seeded, so
     * the figures are reproducible (the README's 10-run table comes from `coalition privacy evaluate utility`).
     */
    @Test
    void baselineWithPm4py22ImfIsTravasPublishedBaseline() {
        // travas-results.md, "Baseline": Sepsis fitness 0.952078989291781, precision 0.4882709042754446
        RealLogUtility.Row base = RealLogUtility.baseline(sepsis, InductiveMiner.Variant.PM4PY_PLAIN);
        assertThat(base.fitness()).isCloseTo(0.952078989291781, within(1e-12));
        assertThat(base.precision()).isCloseTo(0.4882709042754446, within(1e-12));
        assertThat(base.privateTraces()).isEqualTo(1050);
    }

    @Test
    void utilityTable_fitnessStaysHigh_andPrecisionIsReported() {
        RealLogUtility.Row base = RealLogUtility.baseline(sepsis);
        assertThat(base.fitness()).isGreaterThan(0.99);
        List<RealLogUtility.Row> rows = RealLogUtility.evaluate(sepsis,
                List.of(new BigDecimal("0.1"), new BigDecimal("0.5"), BigDecimal.ONE, new BigDecimal("2")), 1,
                e -> new BprcsPublisher(BprcsParameters.of(e, 1, 30).withPruneScales(3)), Seeded.random(22));
        System.out.print("baseline " + base + "\n" + RealLogUtility.csv(rows));
        assertThat(rows).hasSize(4);
        assertThat(rows.subList(1, 4)).allSatisfy(r -> {
            assertThat(r.fitness()).isGreaterThan(0.9);
            assertThat(r.precision()).isBetween(0.1, 1.0);
        });
    }
}
