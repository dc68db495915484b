package io.coalition.eventlog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The attribute types of IEEE 1849-2016 (XES), with the Java type that holds each value.
 *
 * <p>Plain values are stored unboxed of any wrapper: {@code string} as {@link String}, {@code date} as
 * {@link Instant}, {@code int} as {@link Long}, {@code float} as {@link Double}, {@code boolean} as
 * {@link Boolean}, {@code id} as {@link UUID}. A {@code list} holds an ordered {@code List<Attribute>}
 * (keys may repeat); a {@code container} holds {@link Attributes}.
 */
public enum AttributeType {
    STRING("string", String.class),
    DATE("date", Instant.class),
    INT("int", Long.class),
    FLOAT("float", Double.class),
    BOOLEAN("boolean", Boolean.class),
    ID("id", UUID.class),
    LIST("list", List.class),
    CONTAINER("container", Attributes.class);

    private final String xesName;
    private final Class<?> javaType;

    AttributeType(String xesName, Class<?> javaType) {
        this.xesName = xesName;
        this.javaType = javaType;
    }

    /** The XES element name of this type, e.g. {@code "float"}. */
    public String xesName() {
        return xesName;
    }

    /** The Java type that holds values of this attribute type. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The type whose XES element name is {@code name}, or {@code null} if it names no attribute type. */
    public static AttributeType fromXesName(String name) {
        switch (name) {
            case "string": return STRING;
            case "date": return DATE;
            case "int": return INT;
            case "float": return FLOAT;
            case "boolean": return BOOLEAN;
            case "id": return ID;
            case "list": return LIST;
            case "container": return CONTAINER;
            default: return null;
        }
    }

    /** The type of a plain (non-composite) value, or {@code null} for an unsupported Java type. */
    static AttributeType ofPlainValue(Object value) {
        if (value instanceof String) return STRING;
        if (value instanceof Instant) return DATE;
        if (value instanceof Long) return INT;
        if (value instanceof Double) return FLOAT;
        if (value instanceof Boolean) return BOOLEAN;
        if (value instanceof UUID) return ID;
        return null;
    }

    /** Whether this type's value is itself made of attributes. */
    public boolean isComposite() {
        return this == LIST || this == CONTAINER;
    }
}
