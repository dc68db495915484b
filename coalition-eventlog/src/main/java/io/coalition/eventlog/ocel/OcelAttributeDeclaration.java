package io.coalition.eventlog.ocel;

import io.coalition.eventlog.AttributeType;

import java.util.Objects;

/**
 * An attribute that every event or object of a type may carry, with its type. OCEL 2.0 types map to
 * {@code string}→STRING, {@code time}→DATE, {@code integer}→INT, {@code float}→FLOAT, {@code boolean}→BOOLEAN.
 *
 * @param name the attribute name
 * @param type the value type (one of the plain types)
 */
public record OcelAttributeDeclaration(String name, AttributeType type) {
    public OcelAttributeDeclaration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
