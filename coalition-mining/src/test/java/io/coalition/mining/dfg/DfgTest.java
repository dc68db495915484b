package io.coalition.mining.dfg;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DfgTest {
    private final Dfg l1 = Dfg.of(TestLogs.parse(TestLogs.L1));

    @Test
    void countsActivitiesEdgesStartsAndEnds() {
        assertThat(l1.activities()).containsExactly("a", "b", "c", "d", "e");
        assertThat(l1.activityCount("a")).isEqualTo(6);
        assertThat(l1.activityCount("e")).isEqualTo(1);
        assertThat(l1.edges()).extracting(e -> e.source() + ">" + e.target() + "=" + e.count())
                .containsExactly("a>b=3", "a>c=2", "a>e=1", "b>c=3", "b>d=2", "c>b=2", "c>d=3", "e>d=1");
        assertThat(l1.startCount("a")).isEqualTo(6);
        assertThat(l1.endCount("d")).isEqualTo(6);
        assertThat(l1.startActivities()).containsExactly("a");
        assertThat(l1.endActivities()).containsExactly("d");
        assertThat(l1.edge("a", "b").hasPerformance()).isFalse();
        assertThat(l1.edgeCount("d", "a")).isZero();
    }

    @Test
    void performanceHasMeanAndMedianSecondsPerEdge() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<Trace> traces = new ArrayList<>();
        long[][] gaps = {{10, 5}, {20, 5}, {60, 5}, {30, 5}};
        for (int i = 0; i < gaps.length; i++) {
            traces.add(Trace.of("c" + i, List.of(
                    Event.of(XesKeys.CONCEPT_NAME, "a", XesKeys.TIME_TIMESTAMP, t0),
                    Event.of(XesKeys.CONCEPT_NAME, "b", XesKeys.TIME_TIMESTAMP, t0.plusSeconds(gaps[i][0])),
                    Event.of(XesKeys.CONCEPT_NAME, "c", XesKeys.TIME_TIMESTAMP, t0.plusSeconds(gaps[i][0] + gaps[i][1])))));
        }
        EventLog log = EventLog.builder().trace(traces.get(0)).trace(traces.get(1)).trace(traces.get(2)).trace(traces.get(3)).build();
        Dfg dfg = Dfg.of(IndexedLog.of(log, Classifier.ACTIVITY));
        Dfg.Edge ab = dfg.edge("a", "b");
        assertThat(ab.meanSeconds()).isEqualTo(30.0);
        assertThat(ab.medianSeconds()).isEqualTo(25.0);
        assertThat(dfg.edge("b", "c").medianSeconds()).isEqualTo(5.0);
        assertThat(Dfg.frequencies(IndexedLog.of(log, Classifier.ACTIVITY)).edge("a", "b").hasPerformance()).isFalse();
    }

    @Test
    void activityFilterKeepsFrequentActivitiesAndTheirEdges() {
        Dfg f = l1.filterActivities(0.5);
        assertThat(f.activities()).containsExactly("a", "b", "c", "d");
        assertThat(f.edges()).extracting(e -> e.source() + ">" + e.target())
                .containsExactly("a>b", "a>c", "b>c", "b>d", "c>b", "c>d");
        assertThat(l1.filterActivitiesByCount(6).activities()).containsExactly("a", "d");
    }

    @Test
    void pathFilterKeepsFrequentEdges() {
        assertThat(l1.filterPaths(1.0).edges()).extracting(e -> e.source() + ">" + e.target())
                .containsExactly("a>b", "b>c", "c>d");
        assertThat(l1.filterPathsByCount(2).edges()).hasSize(6);
        assertThat(l1.filterPaths(0.0)).isEqualTo(l1);
        assertThatThrownBy(() -> l1.filterPaths(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dotListsActivitiesEdgesStartsAndEnds() {
        String dot = DfgDot.of(l1);
        assertThat(dot).startsWith("digraph \"dfg\" {")
                .contains("\"a\" [shape=box,label=\"a (6)\"];")
                .contains("\"@@start\" -> \"a\" [label=\"6\"];")
                .contains("\"b\" -> \"c\" [label=\"3\"];")
                .contains("\"d\" -> \"@@end\" [label=\"6\"];");
    }

    @Test
    void sameLogGivesEqualGraphs() {
        assertThat(Dfg.of(TestLogs.parse(TestLogs.L1))).isEqualTo(l1);
    }
}
