package io.coalition.eventlog.ocel;

import io.coalition.eventlog.Attributes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An event of an object-centric log.
 *
 * @param id            unique among the log's events
 * @param type          its event type's name (the activity)
 * @param time          when it happened
 * @param attributes    its attribute values, typed as declared
 * @param relationships event-to-object links, in file order
 */
public record OcelEvent(String id, String type, Instant time, Attributes attributes,
                        List<OcelRelationship> relationships) {
    public OcelEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(attributes, "attributes");
        relationships = List.copyOf(relationships);
    }
}
