package io.coalition.mining.inductive;

import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reference trees {@code PROM} misses with its default order but reaches with another draw of the choices ProM
 * leaves to hash order and thread timing (seeds found by {@link PromOrderSearch}; see README, "ProM's Inductive
 * Miner"): evidence that these trees differ by enumeration order only.
 */
class PromOrderTest {
    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({
            "activity_classifier/12_roadtraffic_1t_per_variant-im.ptml, 41",
            "activity_classifier/19_roadtraffic_1t_per_variant-im.ptml, 41",
            "activity_classifier/13_SEPSIS_1t_per_variant-im.ptml, 35",
            "activity_classifier/14_Billing_1t_per_variant-im.ptml, 230",
            "activity_lifecycle_classifier/17_bpic2012_1t_per_variant-im.ptml, 142",
            "activity_classifier/08_receipt-imf.ptml, 61",
            "activity_lifecycle_classifier/03_repairExample-im.ptml, 49",
            "activity_classifier/15_bpic2020_permit_log_1t_per_variant-imf.ptml, 12034",
    })
    void drawnOrderReproducesTheReferenceTree(String name, long seed) throws Exception {
        assertReached(name, (ref, log) -> PromInductiveMiner.Choices.drawn(new Random(seed)));
    }

    /** Trees with tens of fall-throughs, reached with draws narrowed by the reference ({@link ReferenceGuide}). */
    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({
            "activity_classifier/08_receipt-im.ptml, 7",
            "activity_classifier/15_bpic2020_permit_log_1t_per_variant-im.ptml, 4",
            "activity_classifier/16_bpic2019_1t_per_variant-im.ptml, 22",
    })
    void guidedDrawsReproduceTheReferenceTree(String name, long seed) throws Exception {
        assertReached(name, (ref, log) -> new ReferenceGuide(ref, log.activities().toArray(new String[0]), new Random(seed)));
    }

    private static void assertReached(String name, BiFunction<ProcessTree, IndexedLog, PromInductiveMiner.Choices> choices)
            throws Exception {
        InductiveParityTest.Case c = InductiveParityTest.cases().stream().filter(x -> x.name().equals(name))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(c != null, "COALITION_DATA not available");
        IndexedLog log = IndexedLog.of(XesReader.read(c.log(), ReadOptions.DEFAULT), c.classifier());
        ProcessTree ref = Ptml.read(c.ptml()).fold();
        assertThat(InductiveMiner.mineProm(log, c.noise(), choices.apply(ref, log)).canonical()).isEqualTo(ref.canonical());
        // the default order does not: the tree differs by these choices alone
        assertThat(InductiveMiner.mine(log, c.noise(), InductiveMiner.Variant.PROM).canonical()).isNotEqualTo(ref.canonical());
    }
}
