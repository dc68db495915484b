package io.coalition.eventlog.ocel;

import io.coalition.eventlog.Attributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An object of an object-centric log.
 *
 * @param id            unique among the log's objects
 * @param type          its object type's name
 * @param values        its attribute values over time, in file order
 * @param relationships object-to-object links, in file order
 */
public record OcelObject(String id, String type, List<OcelObjectValue> values, List<OcelRelationship> relationships) {
    public OcelObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
        relationships = List.copyOf(relationships);
    }

    /**
     * Each attribute's earliest value (the first in file order among equally early ones): the object as it
     * was created, which is what a case-centric view of it can show.
     */
    public Attributes initialAttributes() {
        Map<String, OcelObjectValue> first = new LinkedHashMap<>();
        for (OcelObjectValue v : values) {
            OcelObjectValue seen = first.get(v.name());
            if (seen == null || v.time().isBefore(seen.time())) first.put(v.name(), v);
        }
        Attributes.Builder b = Attributes.builder();
        for (OcelObjectValue v : first.values()) b.put(v.name(), v.value());
        return b.build();
    }
}
