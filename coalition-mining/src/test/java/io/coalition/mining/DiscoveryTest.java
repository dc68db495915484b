package io.coalition.mining;

import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {
    @Test
    void facadeRunsEachAlgorithmOnOneIndexedLog() {
        IndexedLog log = Discovery.index(TestLogs.eventLog(TestLogs.L1));
        assertThat(Discovery.dfg(log).edges()).hasSize(8);
        assertThat(Discovery.alpha(log).net().places()).hasSize(6);
        assertThat(Discovery.heuristicsNet(log, HeuristicsParameters.PM4PY).edges()).hasSize(6);
        assertThat(Discovery.heuristics(log, HeuristicsParameters.PM4PY).net().transitions()).hasSize(7);
    }
}
