package io.coalition.eventlog;

import java.time.Instant;
import java.util.Objects;

/** One event: an immutable set of attributes, with shortcuts for the standard ones. */
public final class Event {
    private final Attributes attributes;

    public Event(Attributes attributes) {
        this.attributes = Objects.requireNonNull(attributes, "attributes");
    }

    /** An event of the given key/value pairs (see {@link Attributes#of}). */
    public static Event of(Object... keyValuePairs) {
        return new Event(Attributes.of(keyValuePairs));
    }

    public Attributes attributes() {
        return attributes;
    }

    /** {@code concept:name}, or {@code null} when the event has none. */
    public String activity() {
        return attributes.getString(XesKeys.CONCEPT_NAME);
    }

    /** {@code time:timestamp}, or {@code null} when the event has none. */
    public Instant timestamp() {
        return attributes.getDate(XesKeys.TIME_TIMESTAMP);
    }

    /** {@code org:resource}, or {@code null} when the event has none. */
    public String resource() {
        return attributes.getString(XesKeys.ORG_RESOURCE);
    }

    /** {@code lifecycle:transition}, or {@code null} when the event has none. */
    public String lifecycle() {
        return attributes.getString(XesKeys.LIFECYCLE_TRANSITION);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event && ((Event) o).attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    @Override
    public String toString() {
        return "Event" + attributes;
    }
}
