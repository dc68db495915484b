package io.coalition.trustedmining;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.mining.Discovery;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The miner's columnar path (segment columns straight into the case buffers, no {@code Event} per decoded event)
 * against the reference: {@link CaseMerger} over the providers' logs, with clock-skew correction.
 */
class ColumnarMergeTest {
    @TempDir
    Path tmp;

    /** The local reference: each case's parts merged by {@link CaseMerger} with the skews, cases in first-seen order. */
    static EventLog mergeWithSkew(List<EventLog> logs, List<Duration> skews) {
        Map<String, List<List<Event>>> parts = new LinkedHashMap<>();
        for (int p = 0; p < logs.size(); p++) {
            for (Trace t : logs.get(p).traces()) {
                List<List<Event>> caseParts = parts.computeIfAbsent(t.caseId(), k -> {
                    List<List<Event>> l = new ArrayList<>();
                    for (int i = 0; i < logs.size(); i++) l.add(new ArrayList<>());
                    return l;
                });
                caseParts.get(p).addAll(t.events());
            }
        }
        EventLog.Builder b = EventLog.builder();
        parts.forEach((id, ps) -> b.trace(CaseMerger.merge(id, ps, skews)));
        return b.build();
    }

    @Test
    void skewCorrectedMergeThroughTheProtocolEqualsTheReferenceMerge() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(128);
        // pharma's clock 90 minutes behind, specialised's 2 hours ahead: reorders events across organizations
        Map<String, Duration> skew = Map.of("pharma", Duration.ofMinutes(90), "specialised", Duration.ofHours(-2).plusNanos(1_500_000));
        List<Duration> skews = new ArrayList<>();
        for (String org : logs.keySet()) skews.add(skew.getOrDefault(org, Duration.ZERO));
        IndexedLog reference = IndexedLog.of(mergeWithSkew(List.copyOf(logs.values()), skews), Classifier.ACTIVITY);
        IndexedLog unskewed = IndexedLog.of(CaseMerger.merge(List.copyOf(logs.values())), Classifier.ACTIVITY);
        assertThat(Discovery.dfg(reference)).isNotEqualTo(Discovery.dfg(unskewed)); // the skew matters here
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, UsagePolicy.minimal(java.util.Set.of(ConfineConvergenceTest.REQUESTER)), 2048, tmp)) {
            MiningResult r = d.runWithSkew(skew, EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE),
                    ConfineConvergenceTest.REQUESTER);
            assertThat(r.events()).isEqualTo(reference.eventCount());
            assertThat(r.dfg()).contains(Discovery.dfg(reference));
            assertThat(r.heuristics()).contains(Discovery.heuristicsNet(reference, HeuristicsParameters.CONFINE));
            assertThat(r.inductiveTree()).contains(Discovery.inductiveTree(reference, 0.0));
        }
    }

    @Test
    void columnsCarryActivityAndTimestampAsTheEventsWould() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        List<Event> a = List.of(
                Event.of("concept:name", "register", "time:timestamp", t0, "cost", 3L),
                Event.of("concept:name", 42L, "time:timestamp", Instant.ofEpochSecond(-5, 7)), // non-string activity
                Event.of("time:timestamp", t0.plusSeconds(1)), // no activity
                Event.of("concept:name", "check", "time:timestamp", "yesterday")); // a timestamp that is not a date
        List<Event> b = List.of(Event.of("concept:name", "check", "time:timestamp", t0.plusMillis(1500), "flag", true));
        SegmentCodec.Writer w = new SegmentCodec.Writer(true);
        w.startChunk("c1", a.size());
        for (Event e : a) w.event(e);
        w.startChunk("c2", b.size());
        for (Event e : b) w.event(e);
        byte[] bytes = w.finish();
        SegmentCodec.Columns cols = new SegmentCodec.Columns();
        SegmentCodec.decodeColumns(bytes, "test", cols);
        assertThat(cols.chunks).isEqualTo(2);
        assertThat(cols.caseIds[0]).isEqualTo("c1");
        assertThat(cols.chunkStart(1)).isEqualTo(4);
        assertThat(cols.caseEvents[0]).isEqualTo(4);
        assertThat(cols.caseEvents[1]).isEqualTo(1);
        assertThat(cols.chunkEnd[1]).isEqualTo(5);
        List<Event> all = new ArrayList<>(a);
        all.addAll(b);
        for (int e = 0; e < all.size(); e++) {
            Event ev = all.get(e);
            assertThat(cols.activities[e]).isEqualTo(Classifier.ACTIVITY.classOf(ev.attributes()));
            Instant t = ev.timestamp();
            if (t == null) {
                assertThat(cols.nanos[e]).isEqualTo(-1);
            } else {
                assertThat(Instant.ofEpochSecond(cols.seconds[e], cols.nanos[e])).isEqualTo(t);
            }
        }
        // the same malformed-input checks as the event decoder
        assertThatThrownBy(() -> SegmentCodec.decodeColumns(java.util.Arrays.copyOf(bytes, bytes.length + 1), "provider lab segment 3", cols))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("provider lab segment 3: 1 unexpected trailing bytes");
    }
}
