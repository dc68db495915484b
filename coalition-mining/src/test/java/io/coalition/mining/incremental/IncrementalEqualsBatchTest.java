package io.coalition.mining.incremental;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.declare.DeclareChecker;
import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareDiscovery;
import io.coalition.mining.declare.DeclareJson;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.declare.DeclareTemplate;
import io.coalition.mining.declare.IncrementalDeclareConformance;
import io.coalition.mining.declare.IncrementalDeclareDiscovery;
import io.coalition.mining.dfg.Dfg;
import io.coalition.mining.dfg.IncrementalDfg;
import io.coalition.mining.inductive.IncrementalDfgInductiveMiner;
import io.coalition.mining.inductive.IncrementalInductiveMiner;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The incremental miners the Trusted Miner feeds one case at a time (issue 6) give exactly the batch results on
 * the cases added so far: DFG with durations, Declare discovery, Inductive Miner, Declare conformance, on
 * CONFINE's splits and Sepsis, at every prefix size (sampled on the larger logs).
 */
class IncrementalEqualsBatchTest {
    private static final String CONFINE = "interorg/confine/";

    private record Case(String id, List<String> names, long[] times) {
    }

    private static List<Case> read(String relative) {
        EventLog log = XesReader.read(TestData.require(relative), ReadOptions.DEFAULT);
        List<Case> out = new ArrayList<>();
        for (Trace t : log.traces()) {
            List<String> names = new ArrayList<>();
            long[] times = new long[t.events().size()];
            int i = 0;
            for (Event e : t.events()) {
                names.add(Classifier.ACTIVITY.classOf(e.attributes()));
                Instant ts = e.timestamp();
                times[i++] = ts == null ? IndexedLog.NO_TIME : ts.toEpochMilli();
            }
            out.add(new Case(t.caseId(), names, times));
        }
        return out;
    }

    /** Every prefix up to 64 cases, then every {@code stride}-th, and the whole log. */
    private static boolean checkpoint(int n, int total, int stride) {
        return n <= 64 || n % stride == 0 || n == total;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"log_test_cases/128/full_log_128.xes", "log_test_cases/128/hospital_128.xes",
            "log_test_organizations/8/hospital_8.xes", "log_test_organizations/8/test_center_8.xes",
            "bpic13_split_by_support_line/2nd.xes", "sepsis_split_IC_NC_incomplete/Admission_NC.xes"})
    void confineSplits_everyPrefix_equalsBatch(String file) {
        compareOnPrefixes(read(CONFINE + file), 1);
    }

    @Test
    void sepsis_prefixes_equalBatch() {
        long[] kept = compareOnPrefixes(read("dp/amun/Sepsis.xes"), 97);
        // 15,214 events: 14,164 edge occurrences with 6,513 distinct durations; 846 variants holding 13,775 events
        assertThat(kept).containsExactly(14_164, 6_513, 846, 13_775);
    }

    /** Returns edge occurrences, distinct durations kept, variants and their events. */
    private static long[] compareOnPrefixes(List<Case> cases, int stride) {
        IndexedLog.Builder batch = IndexedLog.builder();
        IncrementalDfg dfg = new IncrementalDfg();
        IncrementalDeclareDiscovery declare = new IncrementalDeclareDiscovery(0.8, 0.8);
        IncrementalInductiveMiner im = new IncrementalInductiveMiner();
        IncrementalDfgInductiveMiner imd = new IncrementalDfgInductiveMiner();
        int checked = 0;
        for (int n = 1; n <= cases.size(); n++) {
            Case c = cases.get(n - 1);
            batch.add(c.id(), c.names(), c.times());
            dfg.add(c.names().toArray(new String[0]), c.times());
            declare.add(c.names());
            im.add(c.names());
            imd.add(c.names());
            if (!checkpoint(n, cases.size(), stride)) continue;
            IndexedLog log = batch.build();
            assertThat(dfg.dfg()).as("DFG after %d cases", n).isEqualTo(Dfg.of(log));
            assertThat(declare.model()).as("Declare after %d cases", n).isEqualTo(DeclareDiscovery.discover(log, 0.8, 0.8));
            // IM costs most: every 8th prefix among the first 64
            if (n > 64 || n % 8 == 0) {
                assertThat(im.tree(0.0)).as("IM after %d cases", n).isEqualTo(InductiveMiner.mine(log, 0.0));
                assertThat(imd.tree(0.0)).as("IMd after %d cases", n)
                        .isEqualTo(InductiveMiner.mine(log, 0.0, InductiveMiner.Variant.PM4PY_IMDF));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(Math.min(64, cases.size()));
        IndexedLog all = batch.build();
        assertThat(im.variantCount()).isEqualTo(all.variants().size());
        assertThat(dfg.edgeCount()).isEqualTo(Dfg.of(all).edges().size());
        long occurrences = 0;
        for (Dfg.Edge e : Dfg.of(all).edges()) occurrences += e.count();
        // the DFG keeps each edge's distinct durations: never more than its occurrences
        assertThat(dfg.keptDurations()).isLessThanOrEqualTo(occurrences);
        return new long[]{occurrences, dfg.keptDurations(), im.variantCount(), im.keptEvents()};
    }

    @Test
    void sepsis_shuffledFeed_equalsBatchInLogOrder() {
        List<Case> cases = read("dp/amun/Sepsis.xes");
        DeclareModel model = DeclareJson.read(TestData.require(CONFINE + "declare-models/declareModelSepsis.json"));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(6));
        IncrementalDfg dfg = new IncrementalDfg();
        IncrementalDeclareDiscovery declare = new IncrementalDeclareDiscovery();
        IncrementalInductiveMiner im = new IncrementalInductiveMiner();
        IncrementalDfgInductiveMiner imd = new IncrementalDfgInductiveMiner();
        IncrementalDeclareConformance conformance = new IncrementalDeclareConformance(model);
        for (int i : order) {
            Case c = cases.get(i);
            dfg.add(c.names().toArray(new String[0]), c.times());
            declare.add(c.names());
            im.add(i, c.names());
            imd.add(i, c.names());
            conformance.add(i, c.id(), c.names());
        }
        IndexedLog.Builder b = IndexedLog.builder();
        for (Case c : cases) b.add(c.id(), c.names(), c.times());
        IndexedLog log = b.build();
        assertThat(dfg.dfg()).isEqualTo(Dfg.of(log));
        assertThat(declare.model()).isEqualTo(DeclareDiscovery.discover(log));
        assertThat(im.tree(0.0)).isEqualTo(InductiveMiner.mine(log, 0.0));
        assertThat(im.tree(0.2)).isEqualTo(InductiveMiner.mine(log, 0.2));
        assertThat(imd.tree(0.0)).isEqualTo(InductiveMiner.mine(log, 0.0, InductiveMiner.Variant.PM4PY_IMDF));
        assertThat(imd.tree(0.2)).isEqualTo(InductiveMiner.mine(log, 0.2, InductiveMiner.Variant.PM4PY_IMDF));
        DeclareConformance.LogResult expected = DeclareConformance.check(log, model);
        DeclareConformance.LogResult got = conformance.result();
        assertThat(got.traces()).isEqualTo(expected.traces());
        assertThat(got.constraints()).isEqualTo(expected.constraints());
        assertThat(got.fitness()).isEqualTo(expected.fitness());
        assertThat(got.traces()).hasSize(1050);
    }

    /**
     * What {@link IncrementalDeclareDiscovery} relies on: a trace that lacks {@code a} or {@code b} (or both) has an
     * outcome fixed by which of them it contains, whatever else it holds.
     */
    @Test
    void declareOutcomeOfATraceMissingAnActivityDependsOnlyOnWhichItContains() {
        int a = 0, b = 1, z = 2;
        int[][][] byClass = {
                {{a}, {a, a}, {z, a, z, a, a}, {a, z}},     // a only
                {{b}, {b, b}, {z, b, z, b}, {b, z, b}},      // b only
                {{}, {z}, {z, z, z}}};                        // neither
        for (DeclareTemplate t : DeclareTemplate.values()) {
            int bb = t.isBinary() ? b : -1;
            for (int[][] cls : byClass) {
                if (!t.isBinary() && cls == byClass[0]) continue; // unary: a present is checked per trace
                DeclareChecker first = new DeclareChecker(cls[0], 3);
                for (int[] trace : cls) {
                    DeclareChecker c = new DeclareChecker(trace, 3);
                    assertThat(c.activated(t, a, bb)).as("%s activated", t).isEqualTo(first.activated(t, a, bb));
                    assertThat(c.violated(t, a, bb)).as("%s violated", t).isEqualTo(first.violated(t, a, bb));
                }
            }
        }
    }

    @Test
    void activityFirstSeenLate_countsEarlierTracesAsNotContainingIt() {
        IncrementalDeclareDiscovery inc = new IncrementalDeclareDiscovery(0.0, 0.0);
        IndexedLog.Builder b = IndexedLog.builder();
        List<List<String>> traces = List.of(List.of("a", "b"), List.of("a"), List.of("b", "a"), List.of("c", "a", "b"),
                List.of("a", "c"));
        for (List<String> t : traces) {
            inc.add(t);
            b.add(null, t, new long[t.size()]);
        }
        DeclareModel batch = DeclareDiscovery.discover(b.build(), 0.0, 0.0);
        assertThat(inc.model()).isEqualTo(batch);
        // responded_existence(a, c): activated by all five traces with a, satisfied by the two with c
        assertThat(inc.model().measures(io.coalition.mining.declare.DeclareConstraint.binary(
                DeclareTemplate.RESPONDED_EXISTENCE, "a", "c"))).isEqualTo(new DeclareModel.Measures(5, 2));
    }

    @Test
    void dfg_timesOfAnotherLength_fails() {
        assertThatThrownBy(() -> new IncrementalDfg().add(new String[]{"a", "b"}, new long[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("2 activities but 1 times");
    }

    @Test
    void conformance_positionAddedTwice_fails() {
        IncrementalDeclareConformance c = new IncrementalDeclareConformance(DeclareModel.builder().build());
        c.add(0, "c1", List.of("a"));
        assertThatThrownBy(() -> c.add(0, "c2", List.of("a")))
                .isInstanceOf(IllegalStateException.class).hasMessage("case c2: position 0 added twice");
    }

    @Test
    void conformance_missingPosition_fails() {
        IncrementalDeclareConformance c = new IncrementalDeclareConformance(DeclareModel.builder().build());
        c.add(1, "c2", List.of("a"));
        assertThatThrownBy(c::result).isInstanceOf(IllegalStateException.class)
                .hasMessage("Declare conformance: position 0 of 2 was never added");
    }

    @Test
    void declareDiscovery_thresholdOutOfRange_fails() {
        assertThatThrownBy(() -> new IncrementalDeclareDiscovery(1.5, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("thresholds must be in [0, 1]: 1.5, 0.8");
    }
}
