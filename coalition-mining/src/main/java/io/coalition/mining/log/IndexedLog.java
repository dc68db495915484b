package io.coalition.mining.log;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compact, activity-indexed view of an event log, the input of every miner.
 *
 * <p>Activities (event classes under a {@link Classifier}) are interned to ids {@code 0..n-1} in ascending
 * {@link String#compareTo} order of their names, so the ids of two views of the same activities agree and all
 * results ordered by id are deterministic. Each trace is an {@code int[]} of activity ids; timestamps, when the
 * events have them, are kept as epoch milliseconds ({@link #NO_TIME} when an event has none). Variants (distinct
 * activity sequences) are listed with their counts in order of first occurrence.
 *
 * <p>Immutable after construction; the arrays handed out must not be modified.
 */
public final class IndexedLog {
    /** The timestamp value of an event without {@code time:timestamp}. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final List<String> activities;
    private final Map<String, Integer> ids;
    private final int[][] traces;
    private final long[][] times;
    private final List<String> caseIds;
    private final List<Variant> variants;
    private final long eventCount;

    /** One distinct activity sequence and the number of traces that follow it. */
    public record Variant(int[] activities, int count) {
        public Variant {
            Objects.requireNonNull(activities, "activities");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Variant v && v.count == count && Arrays.equals(v.activities, activities);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(activities) * 31 + count;
        }

        @Override
        public String toString() {
            return Arrays.toString(activities) + "^" + count;
        }
    }

    private IndexedLog(List<String> activities, int[][] traces, long[][] times, List<String> caseIds) {
        this.activities = List.copyOf(activities);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < activities.size(); i++) m.put(activities.get(i), i);
        this.ids = m;
        this.traces = traces;
        this.times = times;
        this.caseIds = Collections.unmodifiableList(caseIds);
        long n = 0;
        Map<Key, int[]> index = new HashMap<>();
        List<int[]> order = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        for (int[] t : traces) {
            n += t.length;
            int[] c = index.get(new Key(t));
            if (c == null) {
                c = new int[1];
                index.put(new Key(t), c);
                order.add(t);
                counts.add(c);
            }
            c[0]++;
        }
        List<Variant> vs = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) vs.add(new Variant(order.get(i), counts.get(i)[0]));
        this.variants = List.copyOf(vs);
        this.eventCount = n;
    }

    private record Key(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.a, a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a);
        }
    }

    /** The view of {@code log} under {@code classifier}; loose log-level events are ignored. */
    public static IndexedLog of(EventLog log, Classifier classifier) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(classifier, "classifier");
        Map<String, Integer> firstIds = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Trace> ts = log.traces();
        int[][] raw = new int[ts.size()][];
        long[][] times = new long[ts.size()][];
        List<String> caseIds = new ArrayList<>(ts.size());
        for (int i = 0; i < ts.size(); i++) {
            Trace t = ts.get(i);
            caseIds.add(t.caseId());
            List<Event> es = t.events();
            int[] ids = new int[es.size()];
            long[] tm = new long[es.size()];
            for (int j = 0; j < ids.length; j++) {
                Event e = es.get(j);
                String c = classifier.classOf(e.attributes());
                Integer id = firstIds.get(c);
                if (id == null) {
                    id = names.size();
                    firstIds.put(c, id);
                    names.add(c);
                }
                ids[j] = id;
                Instant ts0 = e.timestamp();
                tm[j] = ts0 == null ? NO_TIME : ts0.toEpochMilli();
            }
            raw[i] = ids;
            times[i] = tm;
        }
        return fromRaw(names, raw, times, caseIds);
    }

    /** A view from activity-name sequences, e.g. in tests: {@code of(List.of(List.of("a","b")))}. */
    public static IndexedLog ofSequences(List<List<String>> sequences) {
        Map<String, Integer> firstIds = new HashMap<>();
        List<String> names = new ArrayList<>();
        int[][] raw = new int[sequences.size()][];
        long[][] times = new long[sequences.size()][];
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            List<String> s = sequences.get(i);
            raw[i] = new int[s.size()];
            times[i] = new long[s.size()];
            Arrays.fill(times[i], NO_TIME);
            for (int j = 0; j < s.size(); j++) {
                raw[i][j] = firstIds.computeIfAbsent(s.get(j), k -> {
                    names.add(k);
                    return names.size() - 1;
                });
            }
            caseIds.add(Integer.toString(i + 1));
        }
        return fromRaw(names, raw, times, caseIds);
    }

    /**
     * Builds a view one case at a time from activity names and epoch-millisecond times ({@link #NO_TIME} for none),
     * without an {@link EventLog}: a consumer that receives cases one by one (e.g. a miner fed by a stream) keeps
     * 12 bytes per event instead of the events. {@code build()} equals {@link #of} on a log of the same cases.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** See {@link #builder()}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Integer> firstIds = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<int[]> raw = new ArrayList<>();
        private final List<long[]> times = new ArrayList<>();
        private final List<String> caseIds = new ArrayList<>();

        private Builder() {
        }

        /** Adds one case; {@code times} has one entry per activity. */
        public Builder add(String caseId, List<String> activities, long[] times) {
            if (times.length != activities.size()) {
                throw new IllegalArgumentException("case " + caseId + ": " + activities.size() + " activities but "
                        + times.length + " times");
            }
            int[] ids = new int[activities.size()];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = firstIds.computeIfAbsent(activities.get(j), k -> {
                    names.add(k);
                    return names.size() - 1;
                });
            }
            raw.add(ids);
            this.times.add(times.clone());
            caseIds.add(caseId);
            return this;
        }

        /** The number of cases added. */
        public int caseCount() {
            return caseIds.size();
        }

        public IndexedLog build() {
            // fromRaw renumbers in place: give it copies so build() can be called again
            return fromRaw(names, raw.stream().map(int[]::clone).toArray(int[][]::new), times.toArray(new long[0][]),
                    new ArrayList<>(caseIds));
        }
    }

    private static IndexedLog fromRaw(List<String> names, int[][] raw, long[][] times, List<String> caseIds) {
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        int[] remap = new int[names.size()];
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) pos.put(sorted.get(i), i);
        for (int i = 0; i < names.size(); i++) remap[i] = pos.get(names.get(i));
        for (int[] t : raw) {
            for (int j = 0; j < t.length; j++) t[j] = remap[t[j]];
        }
        return new IndexedLog(sorted, raw, times, caseIds);
    }

    /** Activity names by id, ascending. */
    public List<String> activities() {
        return activities;
    }

    public int activityCount() {
        return activities.size();
    }

    /** The id of {@code activity}, or -1 when the log does not have it. */
    public int id(String activity) {
        Integer i = ids.get(activity);
        return i == null ? -1 : i;
    }

    public String activity(int id) {
        return activities.get(id);
    }

    public int traceCount() {
        return traces.length;
    }

    public long eventCount() {
        return eventCount;
    }

    /** Trace {@code i} as activity ids (do not modify). */
    public int[] trace(int i) {
        return traces[i];
    }

    /** The timestamps (epoch ms, {@link #NO_TIME} if absent) of trace {@code i} (do not modify). */
    public long[] times(int i) {
        return times[i];
    }

    /** The case id of trace {@code i}, or {@code null}. */
    public String caseId(int i) {
        return caseIds.get(i);
    }

    /** Distinct activity sequences with their counts, in order of first occurrence. */
    public List<Variant> variants() {
        return variants;
    }
}
