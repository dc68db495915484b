package io.coalition.eventlog.stats;

import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.stats.LogStatistics.Count;
import io.coalition.eventlog.stats.LogStatistics.VariantCount;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.coalition.eventlog.XesKeys.CONCEPT_NAME;
import static io.coalition.eventlog.XesKeys.TIME_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

class LogStatisticsTest {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    private static Trace timed(String caseId, Object... activityMinutePairs) {
        Event[] events = new Event[activityMinutePairs.length / 2];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event(Attributes.of(CONCEPT_NAME, activityMinutePairs[2 * i],
                    TIME_TIMESTAMP, T0.plus(Duration.ofMinutes((Integer) activityMinutePairs[2 * i + 1]))));
        }
        return Trace.of(caseId, List.of(events));
    }

    @Test
    void countsCasesEventsActivitiesAndVariants() {
        EventLog log = EventLog.builder()
                .trace("1", "a", "b", "c").trace("2", "a", "c", "b").trace("3", "a", "b", "c").trace("4")
                .build();
        LogStatistics s = LogStatistics.of(log);
        assertThat(s.cases()).isEqualTo(4);
        assertThat(s.events()).isEqualTo(9);
        assertThat(s.activities()).containsExactly(new Count("a", 3), new Count("b", 3), new Count("c", 3));
        assertThat(s.variants()).containsExactly(new VariantCount(List.of("a", "b", "c"), 2),
                new VariantCount(List.of(), 1), new VariantCount(List.of("a", "c", "b"), 1));
        assertThat(s.startActivities()).containsExactly(new Count("a", 3));
        assertThat(s.endActivities()).containsExactly(new Count("c", 2), new Count("b", 1));
        assertThat(s.caseDuration()).isNull();
        assertThat(s.timeSpan()).isNull();
    }

    @Test
    void caseDurationsAndTimeSpanComeFromTimestamps() {
        EventLog log = EventLog.builder()
                .trace(timed("1", "a", 0, "b", 10))
                .trace(timed("2", "a", 5, "b", 35))
                .trace(timed("3", "a", 60, "b", 80, "c", 100))
                .build();
        LogStatistics s = LogStatistics.of(log);
        assertThat(s.firstTimestamp()).isEqualTo(T0);
        assertThat(s.lastTimestamp()).isEqualTo(T0.plus(Duration.ofMinutes(100)));
        assertThat(s.timeSpan()).isEqualTo(Duration.ofMinutes(100));
        assertThat(s.caseDuration()).isEqualTo(new LogStatistics.DurationSummary(3, Duration.ofMinutes(10),
                Duration.ofMinutes(80).dividedBy(3), Duration.ofMinutes(30), Duration.ofMinutes(40)));
    }
}
