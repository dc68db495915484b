package io.coalition.trustedmining.ems;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;

import java.util.List;
import java.util.function.Predicate;

/**
 * The EMS interface of seed 000 (section 3): where a Log Provider reads its organization's cases. Cases come one
 * at a time in an order that is the same on every read, so a provider can plan its segments in one pass and later
 * stream any stretch of them again without holding the log.
 *
 * <p>Implementations: {@link #of(EventLog)} (a log already in memory, e.g. read from XES or CSV) and
 * {@link JdbcEventSource} (a relational database: a table, or an SQL query mapped to case id, activity,
 * timestamp and attributes).
 */
public interface EventSource {
    /** What this source reads, for messages (never credentials). */
    String describe();

    /** The number of cases. */
    int caseCount();

    /**
     * Visits the cases from ordinal {@code from} (0-based, in the source's order) onwards, until {@code visitor}
     * returns false or the cases run out. A trace's {@code concept:name} is its case id.
     */
    void read(int from, Predicate<Trace> visitor);

    /**
     * Whether this source promises its cases in {@link CanonicalOrder}: case ids strictly ascending by UTF-8 bytes.
     * A Log Provider then neither sorts nor holds the case ids while it starts; it checks the promise as it reads
     * and refuses to start when a case comes out of order.
     */
    default boolean canonical() {
        return false;
    }

    /** A log held in memory; its trace order is the source order. */
    static EventSource of(EventLog log) {
        List<Trace> traces = log.traces();
        return new EventSource() {
            @Override
            public String describe() {
                return "event log of " + traces.size() + " traces";
            }

            @Override
            public int caseCount() {
                return traces.size();
            }

            @Override
            public void read(int from, Predicate<Trace> visitor) {
                for (int i = from; i < traces.size(); i++) {
                    if (!visitor.test(traces.get(i))) return;
                }
            }
        };
    }
}
