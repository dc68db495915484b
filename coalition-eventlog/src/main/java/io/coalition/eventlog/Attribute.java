package io.coalition.eventlog;

import java.util.List;
import java.util.Objects;

/**
 * One typed attribute: key, type, value and its nested (meta) attributes.
 *
 * <p>{@link Attributes} stores plain attributes without this wrapper; an {@code Attribute} object is kept
 * only for composite values and for attributes that carry nested attributes.
 *
 * @param key   the attribute key, e.g. {@code concept:name}
 * @param type  the XES type
 * @param value the value, of {@code type.javaType()}; a list value is an unmodifiable {@code List<Attribute>}
 * @param meta  nested attributes (XES "nested-attributes" feature; for a list these are its meta attributes)
 */
public record Attribute(String key, AttributeType type, Object value, Attributes meta) {

    public Attribute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(meta, "meta");
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException("attribute '" + key + "' of type " + type.xesName()
                    + " cannot hold a " + value.getClass().getSimpleName());
        }
        if (type == AttributeType.LIST) {
            List<?> items = (List<?>) value;
            for (Object item : items) {
                if (!(item instanceof Attribute)) {
                    throw new IllegalArgumentException("list attribute '" + key + "' must hold attributes");
                }
            }
            value = List.copyOf(items);
        }
        key = key.intern();
    }

    /** A plain attribute without nested attributes; the type follows from the value's Java type. */
    public static Attribute of(String key, Object value) {
        AttributeType type = AttributeType.ofPlainValue(value);
        if (type == null) {
            if (value instanceof Attributes) {
                type = AttributeType.CONTAINER;
            } else if (value instanceof List) {
                type = AttributeType.LIST;
            } else {
                throw new IllegalArgumentException("attribute '" + key + "': unsupported value type "
                        + (value == null ? "null" : value.getClass().getName()));
            }
        }
        return new Attribute(key, type, value, Attributes.EMPTY);
    }

    /** The list items of a {@code list} attribute. */
    @SuppressWarnings("unchecked")
    public List<Attribute> items() {
        if (type != AttributeType.LIST) {
            throw new IllegalStateException("attribute '" + key + "' is a " + type.xesName() + ", not a list");
        }
        return (List<Attribute>) value;
    }

    /** Whether the attribute can be stored as a bare value (plain type, no nested attributes). */
    boolean isPlain() {
        return !type.isComposite() && meta.isEmpty();
    }
}
