package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.mining.Discovery;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Complete cases are mined and dropped: the miner holds the cases in flight, not the log. */
class MemoryBoundTest {
    /** Small segments (segments are dictionary-encoded, ~10 bytes an event), so the test logs span many. */
    static final int SEGMENT = 2 * 1024;

    @TempDir
    Path tmp;

    static Map<String, EventLog> eightOrganizations() {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "administration", "pharma", "lab", "infirmary", "intensive_care",
                "specialised", "test_center")) {
            logs.put(org, ConfineConvergenceTest.read("log_test_organizations/8/" + org + "_8.xes"));
        }
        return logs;
    }

    @Test
    void casesInFlightStayFarBelowTheCasesOfTheLog() {
        Map<String, EventLog> logs = eightOrganizations();
        EventLog merged = CaseMerger.merge(new ArrayList<>(logs.values()));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, UsagePolicy.minimal(Set.of("hospital")), SEGMENT, SEGMENT, tmp)) {
            MiningResult r = d.run(EnumSet.of(Analysis.HEURISTICS), "hospital");
            assertThat(r.cases()).isEqualTo(1000);
            assertThat(r.events()).isEqualTo(14_544);
            assertThat(r.heuristics()).contains(Discovery.heuristicsNet(Discovery.index(merged), HeuristicsParameters.CONFINE));
            // measured 117 cases and 711 events (of 1,000 and 14,544) with 2 KiB segments and batches
            assertThat(d.miner().lastPeakCasesInFlight()).isPositive().isLessThan(500);
            assertThat(d.miner().lastPeakEventsInFlight()).isPositive().isLessThan(14_544 / 10);
        }
    }

    /** 2 KiB segments and batches (dictionary-encoded, ~10 bytes an event), so the logs are many batches long. */
    @Test
    void eventsInFlightDoNotGrowWithTheLog() {
        long[] peaks = new long[3];
        int k = 0;
        for (int n : new int[]{128, 256, 512}) {
            try (SimulatedDeployment d = SimulatedDeployment.start(ConfineConvergenceTest.hospitalScenario(n),
                    UsagePolicy.minimal(Set.of("hospital")), SEGMENT, SEGMENT, tmp.resolve("n" + n))) {
                d.run(EnumSet.of(Analysis.HEURISTICS), "hospital");
                peaks[k++] = d.miner().lastPeakEventsInFlight();
            }
        }
        // measured 282, 279, 282 events for 1,830, 3,624, 7,398 (2 KiB segments and batches): 4% of the largest
        assertThat(peaks[2]).isLessThan(peaks[0] * 3 / 2).isLessThan(7_398 / 10);
    }

    /** Each organization's cases repeated {@code times} under new ids (as the bench scales CONFINE's split). */
    static Map<String, EventLog> repeated(Map<String, EventLog> logs, int times) {
        Map<String, EventLog> out = new LinkedHashMap<>();
        logs.forEach((org, log) -> {
            EventLog.Builder b = EventLog.builder();
            for (int copy = 0; copy < times; copy++) {
                for (io.coalition.eventlog.Trace t : log.traces()) {
                    b.trace(copy == 0 ? t : io.coalition.eventlog.Trace.of(t.caseId() + "#" + copy, t.events()));
                }
            }
            out.put(org, b.build());
        });
        return out;
    }

    /**
     * Issue 6: the miner keeps nothing per case of the log (no case table, no index), so the cases and events in
     * flight, which bound its memory, stay the same when the log has four times the cases.
     */
    @Test
    void casesInFlightDoNotGrowWithTheCases() {
        int[] cases = new int[2];
        long[] events = new long[2];
        int k = 0;
        for (int times : new int[]{1, 4}) {
            try (SimulatedDeployment d = SimulatedDeployment.start(repeated(eightOrganizations(), times),
                    UsagePolicy.minimal(Set.of("hospital")), SEGMENT, SEGMENT, tmp.resolve("x" + times))) {
                MiningResult r = d.run(EnumSet.of(Analysis.HEURISTICS), "hospital");
                assertThat(r.cases()).isEqualTo(1000 * times);
                cases[k] = d.miner().lastPeakCasesInFlight();
                events[k++] = d.miner().lastPeakEventsInFlight();
            }
        }
        // measured 117 and 120 cases, 711 and 710 events in flight, for 1,000 and 4,000 cases (14,544 and 58,176 events)
        assertThat(cases[1]).isLessThanOrEqualTo(cases[0] * 5 / 4);
        assertThat(events[1]).isLessThanOrEqualTo(events[0] * 5 / 4);
    }

    @Test
    void everyAnalysisFedInReverseEqualsTheBatchAlgorithms() {
        EventLog merged = CaseMerger.merge(new ArrayList<>(ConfineConvergenceTest.hospitalScenario(128).values()));
        IndexedLog expected = Discovery.index(merged);
        DeclareModel model = Discovery.declare(expected, 0.8, 0.8);
        CaseFeed heuristicsOnly = new CaseFeed(EnumSet.of(Analysis.HEURISTICS));
        EnumSet<Analysis> analyses = EnumSet.complementOf(EnumSet.of(Analysis.INDUCTIVE_DFG));
        CaseFeed all = new CaseFeed(analyses, Optional.of(model));
        CaseFeed imd = new CaseFeed(EnumSet.of(Analysis.INDUCTIVE_DFG));
        // fed in reverse: results must not depend on the order in which cases complete
        for (int i = merged.traces().size() - 1; i >= 0; i--) {
            heuristicsOnly.add(i, merged.traces().get(i));
            all.add(i, merged.traces().get(i));
            imd.add(i, merged.traces().get(i));
        }
        assertThat(heuristicsOnly.kept()).isEqualTo(new CaseFeed.Kept(0, 0, 0, 0, 0, 0, 0));
        assertThat(heuristicsOnly.dfg()).isEmpty();
        assertThat(heuristicsOnly.heuristics()).contains(Discovery.heuristicsNet(expected, HeuristicsParameters.CONFINE));
        assertThat(all.heuristics()).contains(Discovery.heuristicsNet(expected, HeuristicsParameters.CONFINE));
        assertThat(all.dfg()).contains(Discovery.dfg(expected));
        assertThat(all.inductiveTree()).contains(Discovery.inductiveTree(expected, 0.0));
        assertThat(all.declare()).contains(model);
        assertThat(imd.inductiveTree()).contains(Discovery.inductiveTree(expected, 0.0, InductiveMiner.Variant.PM4PY_IMDF));
        assertThat(imd.kept().imdEdges()).isEqualTo(Discovery.dfg(expected).edges().size());
        DeclareConformance.LogResult local = Declare.conformance(expected, model);
        assertThat(all.conformance().orElseThrow().traces()).isEqualTo(local.traces());
        assertThat(all.conformance().orElseThrow().constraints()).isEqualTo(local.constraints());
    }

    @Test
    void declareConformanceWithoutAModel_fails() {
        assertThatThrownBy(() -> new CaseFeed(EnumSet.of(Analysis.DECLARE_CONFORMANCE)))
                .isInstanceOf(TrustedMiningException.class)
                .hasMessage("analysis 'declare-conformance' needs a Declare model");
    }

    /**
     * Issue 6 for every analysis: with the cases repeated four times (same variants and durations under new ids),
     * each analysis keeps structures of the same size (DFG edges and distinct durations, IM variants, Declare
     * counters over the same activities); only Declare conformance keeps one result per case, its output.
     */
    @Test
    void everyAnalysisKeepsTheSameStructuresForFourTimesTheCases() {
        EventLog merged = CaseMerger.merge(new ArrayList<>(eightOrganizations().values()));
        DeclareModel model = Discovery.declare(Discovery.index(merged), 0.8, 0.8);
        CaseFeed.Kept[] kept = new CaseFeed.Kept[2];
        int[] cases = new int[2];
        long[] imdEdges = new long[2];
        int k = 0;
        for (int times : new int[]{1, 4}) {
            try (SimulatedDeployment d = SimulatedDeployment.start(repeated(eightOrganizations(), times),
                    UsagePolicy.minimal(Set.of("hospital")), SEGMENT, SEGMENT, tmp.resolve("all" + times))) {
                MiningResult r = d.run(EnumSet.complementOf(EnumSet.of(Analysis.INDUCTIVE_DFG)), "hospital", Optional.of(model));
                assertThat(r.cases()).isEqualTo(1000 * times);
                assertThat(r.declareConformance().orElseThrow().traces()).hasSize(1000 * times);
                kept[k] = d.miner().lastKept();
                cases[k] = d.miner().lastPeakCasesInFlight();
                d.run(EnumSet.of(Analysis.INDUCTIVE_DFG), "hospital");
                imdEdges[k++] = d.miner().lastKept().imdEdges();
            }
        }
        CaseFeed.Kept once = kept[0], four = kept[1];
        assertThat(once.dfgEdges()).isPositive().isEqualTo(four.dfgEdges());
        assertThat(once.dfgDurations()).isPositive().isEqualTo(four.dfgDurations());
        assertThat(once.variants()).isPositive().isEqualTo(four.variants());
        assertThat(once.variantEvents()).isPositive().isEqualTo(four.variantEvents());
        assertThat(once.declareActivities()).isPositive().isEqualTo(four.declareActivities());
        assertThat(imdEdges[0]).isEqualTo(once.dfgEdges()).isEqualTo(imdEdges[1]);
        assertThat(once.conformanceResults()).isEqualTo(1000);
        assertThat(four.conformanceResults()).isEqualTo(4000);
        // the variants hold fewer events than the log (14,544): IM keeps the distinct variants only
        assertThat(once.variantEvents()).isLessThan(14_544);
        assertThat(cases[1]).isLessThanOrEqualTo(cases[0] * 5 / 4);
    }
}
