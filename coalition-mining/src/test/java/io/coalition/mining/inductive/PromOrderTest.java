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
            "activity_lifecycle_classifier/17_bpic2012_1t_per_variant-im.ptml, 15",
            "activity_lifecycle_classifier/17_bpic2012_1t_per_variant-imf.ptml, 1",
    })
    void drawnOrderReproducesTheReferenceTree(String name, long seed) throws Exception {
        InductiveParityTest.Case c = InductiveParityTest.cases().stream().filter(x -> x.name().equals(name))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(c != null, "COALITION_DATA not available");
        IndexedLog log = IndexedLog.of(XesReader.read(c.log(), ReadOptions.DEFAULT), c.classifier());
        ProcessTree ref = Ptml.read(c.ptml()).fold();
        assertThat(InductiveMiner.mineProm(log, c.noise(), new Random(seed)).canonical()).isEqualTo(ref.canonical());
        // the default order does not: the tree differs by enumeration order alone
        assertThat(InductiveMiner.mine(log, c.noise(), InductiveMiner.Variant.PROM).canonical()).isNotEqualTo(ref.canonical());
    }
}
