package io.coalition.eventlog.stats;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Summary statistics of a case-centric log: sizes, activity, variant, start and end activity frequencies,
 * time span and case durations.
 *
 * <p>Computed from a whole {@link EventLog} with {@link #of}, or case by case with a {@link Collector}
 * so that a log streamed from disk never has to be held in memory. Counted lists are sorted by count
 * (descending), then by name, so output is stable.
 *
 * @param cases          number of traces
 * @param events         number of events in traces
 * @param activities     event classes under the classifier, with counts
 * @param variants       traces' class sequences, with counts
 * @param startActivities first classes of non-empty traces, with counts
 * @param endActivities  last classes of non-empty traces, with counts
 * @param firstTimestamp earliest event timestamp, or {@code null} when no event has one
 * @param lastTimestamp  latest event timestamp, or {@code null}
 * @param caseDuration   duration (last minus first timestamp) of cases with at least one timestamp, or
 *                       {@code null} when there are none
 */
public record LogStatistics(long cases, long events, List<Count> activities, List<VariantCount> variants,
                            List<Count> startActivities, List<Count> endActivities,
                            Instant firstTimestamp, Instant lastTimestamp, DurationSummary caseDuration) {

    public LogStatistics {
        activities = List.copyOf(activities);
        variants = List.copyOf(variants);
        startActivities = List.copyOf(startActivities);
        endActivities = List.copyOf(endActivities);
    }

    /** A name and how often it occurs. */
    public record Count(String name, long count) {
    }

    /** A variant (sequence of event classes) and the number of traces that follow it. */
    public record VariantCount(List<String> activities, long count) {
        public VariantCount {
            activities = List.copyOf(activities);
        }
    }

    /** Minimum, mean, median and maximum of case durations over {@code cases} cases. */
    public record DurationSummary(long cases, Duration min, Duration mean, Duration median, Duration max) {
    }

    /** The statistics of {@code log} under its activity ({@code concept:name}) classifier. */
    public static LogStatistics of(EventLog log) {
        return of(log, Classifier.ACTIVITY);
    }

    /** The statistics of {@code log} with event classes given by {@code classifier}. */
    public static LogStatistics of(EventLog log, Classifier classifier) {
        Collector c = new Collector(classifier);
        log.traces().forEach(c::accept);
        return c.result();
    }

    /** The number of distinct activities. */
    public int activityCount() {
        return activities.size();
    }

    /** The time between the first and last timestamp, or {@code null}. */
    public Duration timeSpan() {
        return firstTimestamp == null ? null : Duration.between(firstTimestamp, lastTimestamp);
    }

    /** Accumulates statistics one trace at a time. Not thread-safe. */
    public static final class Collector {
        private final Classifier classifier;
        private final Map<String, long[]> activities = new HashMap<>();
        private final Map<List<String>, long[]> variants = new HashMap<>();
        private final Map<String, long[]> starts = new HashMap<>();
        private final Map<String, long[]> ends = new HashMap<>();
        private long[] durationsMillis = new long[1024];
        private int durations;
        private long cases;
        private long events;
        private Instant first;
        private Instant last;

        public Collector(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
        }

        public void accept(Trace trace) {
            cases++;
            List<Event> evs = trace.events();
            events += evs.size();
            String[] classes = new String[evs.size()];
            Instant caseFirst = null;
            Instant caseLast = null;
            for (int i = 0; i < classes.length; i++) {
                Event e = evs.get(i);
                classes[i] = classifier.classOf(e.attributes());
                increment(activities, classes[i]);
                Instant t = e.timestamp();
                if (t != null) {
                    if (caseFirst == null || t.isBefore(caseFirst)) caseFirst = t;
                    if (caseLast == null || t.isAfter(caseLast)) caseLast = t;
                }
            }
            increment(variants, List.of(classes));
            if (classes.length > 0) {
                increment(starts, classes[0]);
                increment(ends, classes[classes.length - 1]);
            }
            if (caseFirst != null) {
                if (first == null || caseFirst.isBefore(first)) first = caseFirst;
                if (last == null || caseLast.isAfter(last)) last = caseLast;
                if (durations == durationsMillis.length) {
                    durationsMillis = Arrays.copyOf(durationsMillis, durations * 2);
                }
                durationsMillis[durations++] = Duration.between(caseFirst, caseLast).toMillis();
            }
        }

        private static <K> void increment(Map<K, long[]> counts, K key) {
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
        }

        public LogStatistics result() {
            List<VariantCount> variantCounts = new ArrayList<>(variants.size());
            variants.forEach((k, v) -> variantCounts.add(new VariantCount(k, v[0])));
            variantCounts.sort(Comparator.comparingLong(VariantCount::count).reversed()
                    .thenComparing(v -> String.join(",", v.activities())));
            return new LogStatistics(cases, events, sorted(activities), variantCounts, sorted(starts), sorted(ends),
                    first, last, durationSummary());
        }

        private DurationSummary durationSummary() {
            if (durations == 0) return null;
            long[] d = Arrays.copyOf(durationsMillis, durations);
            Arrays.sort(d);
            double sum = 0;
            for (long x : d) sum += x;
            long median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
            return new DurationSummary(d.length, Duration.ofMillis(d[0]), Duration.ofMillis(Math.round(sum / d.length)),
                    Duration.ofMillis(median), Duration.ofMillis(d[d.length - 1]));
        }

        private static List<Count> sorted(Map<String, long[]> counts) {
            List<Count> list = new ArrayList<>(counts.size());
            counts.forEach((k, v) -> list.add(new Count(k, v[0])));
            list.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name));
            return list;
        }
    }
}
