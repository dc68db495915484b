package io.coalition.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A case-centric event log: a header, traces, and (rarely) events that belong to no trace.
 *
 * <p>Immutable. Built by the readers, by {@link #builder()} or from a header and traces. Two logs are equal
 * when their headers (content, see {@link LogHeader#equals}), traces and loose events are equal.
 *
 * @param header    declarations and log attributes
 * @param traces    the cases, in log order
 * @param logEvents events placed directly under the log, outside any trace (allowed by IEEE 1849-2016)
 */
public record EventLog(LogHeader header, List<Trace> traces, List<Event> logEvents) {

    public EventLog {
        Objects.requireNonNull(header, "header");
        traces = List.copyOf(traces);
        logEvents = List.copyOf(logEvents);
    }

    public EventLog(LogHeader header, List<Trace> traces) {
        this(header, traces, List.of());
    }

    /** The number of events in all traces (loose log-level events not counted). */
    public long eventCount() {
        long n = 0;
        for (Trace t : traces) n += t.events().size();
        return n;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Assembles a log, e.g. in tests: {@code EventLog.builder().trace("c1", "a", "b").build()}. */
    public static final class Builder {
        private LogHeader header = LogHeader.of(List.of(Extension.CONCEPT), Attributes.EMPTY);
        private final List<Trace> traces = new ArrayList<>();

        public Builder header(LogHeader h) {
            this.header = Objects.requireNonNull(h);
            return this;
        }

        /** Adds a trace with case id {@code caseId} and one event per activity name. */
        public Builder trace(String caseId, String... activities) {
            List<Event> events = new ArrayList<>(activities.length);
            for (String a : activities) events.add(Event.of(XesKeys.CONCEPT_NAME, a));
            traces.add(Trace.of(caseId, events));
            return this;
        }

        public Builder trace(Trace trace) {
            traces.add(Objects.requireNonNull(trace));
            return this;
        }

        public EventLog build() {
            return new EventLog(header, traces);
        }
    }
}
