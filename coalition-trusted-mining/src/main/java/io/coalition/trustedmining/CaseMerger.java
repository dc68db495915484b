package io.coalition.trustedmining;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a case's partial traces from several organizations into one trace (seed 000, section 3, step 5).
 *
 * <p>Order: by timestamp (after the provider's clock-skew correction), ties kept in provider order and, within
 * a provider, in its log order: the parts are concatenated in provider order and sorted with a stable sort.
 * Fix of CONFINE: it concatenates in network arrival order and sorts with Go's {@code sort.Slice}, which is not
 * stable, so tied events come out in an order that changes from run to run (see coalition-mining's
 * {@code ConfineHeuristicsParityTest}); here the result is deterministic.
 */
public final class CaseMerger {
    private CaseMerger() {
    }

    /**
     * One merged case. {@code parts.get(i)} are provider i's events, {@code skews.get(i)} is added to its
     * timestamps (and written into the merged events, so durations agree with the order).
     */
    public static Trace merge(String caseId, List<List<Event>> parts, List<Duration> skews) {
        int total = 0;
        boolean skewed = false;
        for (int p = 0; p < parts.size(); p++) {
            total += parts.get(p).size();
            skewed |= !skews.get(p).isZero();
        }
        if (!skewed) return Trace.of(caseId, sortedWithoutSkew(caseId, parts, total));
        record Tagged(Instant time, Event event) {
        }
        List<Tagged> all = new ArrayList<>(total);
        for (int p = 0; p < parts.size(); p++) {
            Duration skew = skews.get(p);
            for (Event e : parts.get(p)) {
                Instant t = timestamp(caseId, p, e);
                if (!skew.isZero()) {
                    t = t.plus(skew);
                    e = new Event(e.attributes().toBuilder().put(XesKeys.TIME_TIMESTAMP, t).build());
                }
                all.add(new Tagged(t, e));
            }
        }
        all.sort(Comparator.comparing(Tagged::time)); // List.sort is stable
        List<Event> events = new ArrayList<>(all.size());
        for (Tagged t : all) events.add(t.event());
        return Trace.of(caseId, events);
    }

    /**
     * Without skew the events keep their objects: concatenated in provider order, and sorted (stably) only when
     * the concatenation is out of time order, so a case from one provider, or from providers in turn, costs one
     * pass and no wrapper per event.
     */
    private static List<Event> sortedWithoutSkew(String caseId, List<List<Event>> parts, int total) {
        Event[] all = new Event[total];
        Instant[] times = new Instant[total];
        int n = 0;
        boolean ordered = true;
        for (int p = 0; p < parts.size(); p++) {
            for (Event e : parts.get(p)) {
                Instant t = timestamp(caseId, p, e);
                if (n > 0 && t.isBefore(times[n - 1])) ordered = false;
                times[n] = t;
                all[n++] = e;
            }
        }
        if (!ordered) {
            Integer[] order = new Integer[total];
            for (int i = 0; i < total; i++) order[i] = i;
            java.util.Arrays.sort(order, Comparator.comparing(i -> times[i])); // object sort is stable
            Event[] sorted = new Event[total];
            for (int i = 0; i < total; i++) sorted[i] = all[order[i]];
            all = sorted;
        }
        return java.util.Arrays.asList(all);
    }

    private static Instant timestamp(String caseId, int provider, Event e) {
        Instant t = e.timestamp();
        if (t == null) {
            throw new TrustedMiningException("case " + caseId + ": an event of provider " + (provider + 1)
                    + " has no time:timestamp");
        }
        return t;
    }

    /**
     * The merge of whole logs by case id ({@code concept:name} of the trace), without skew: what the protocol
     * computes, done locally, e.g. as the reference it must equal. Cases appear in order of first occurrence.
     */
    public static EventLog merge(List<EventLog> logs) {
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
        List<Duration> zero = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) zero.add(Duration.ZERO);
        EventLog.Builder b = EventLog.builder();
        for (Map.Entry<String, List<List<Event>>> e : parts.entrySet()) b.trace(merge(e.getKey(), e.getValue(), zero));
        return b.build();
    }
}
