package io.coalition.eventlog.ocel;

import io.coalition.eventlog.AttributeType;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of an object attribute from a point in time on: OCEL 2.0 object attributes change over time,
 * so an object holds a history of values per attribute. OCEL 1.0 values, which have no time, get the epoch
 * (1970-01-01T00:00:00Z), as OCEL 2.0 exporters do for initial values.
 *
 * @param name  the attribute name
 * @param time  from when the value holds
 * @param type  the declared type
 * @param value the value, of {@code type.javaType()}
 */
public record OcelObjectValue(String name, Instant time, AttributeType type, Object value) {
    public OcelObjectValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException("value of '" + name + "' is not a " + type.xesName());
        }
    }
}
