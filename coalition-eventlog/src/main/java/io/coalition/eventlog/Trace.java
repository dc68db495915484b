package io.coalition.eventlog;

import java.util.List;
import java.util.Objects;

/**
 * One case: its attributes and its events in log order.
 *
 * @param attributes trace attributes; {@code concept:name} is the case id
 * @param events     the events, unmodifiable
 */
public record Trace(Attributes attributes, List<Event> events) {

    public Trace {
        Objects.requireNonNull(attributes, "attributes");
        events = List.copyOf(events);
    }

    /** A trace whose case id is {@code caseId}. */
    public static Trace of(String caseId, List<Event> events) {
        return new Trace(Attributes.of(XesKeys.CONCEPT_NAME, caseId), events);
    }

    /** The case id ({@code concept:name}), or {@code null} when the trace has none. */
    public String caseId() {
        return attributes.getText(XesKeys.CONCEPT_NAME);
    }

    public int size() {
        return events.size();
    }
}
