package io.coalition.eventlog.ocel;

import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.StringPool;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects what a format reader found and checks it: types declared once, ids unique, values of their
 * declared types, every referenced type and object present. Shared by the JSON and XML readers of both
 * OCEL versions so that they accept and reject the same things with the same messages.
 *
 * <p>For OCEL 1.0 ({@code inferTypes}), types are not declared: they are created on first use, and an
 * attribute's type is that of its first value.
 */
final class OcelBuilder {
    private final String source;
    private final ZoneId zone;
    private final boolean inferTypes;
    private final StringPool pool = new StringPool();
    private final Map<String, Map<String, AttributeType>> eventTypes = new LinkedHashMap<>();
    private final Map<String, Map<String, AttributeType>> objectTypes = new LinkedHashMap<>();
    private final Map<String, OcelObject> objects = new LinkedHashMap<>();
    private final List<OcelEvent> events = new ArrayList<>();
    private final Set<String> eventIds = new HashSet<>();
    private final List<Reference> references = new ArrayList<>();

    private record Reference(String objectId, String from, Location location) {
    }

    OcelBuilder(String source, ZoneId zone, boolean inferTypes) {
        this.source = source;
        this.zone = zone;
        this.inferTypes = inferTypes;
    }

    String source() {
        return source;
    }

    String str(String s) {
        return pool.value(s);
    }

    /** The model type of an OCEL 2.0 type name. */
    AttributeType type(String ocelType, Location at) {
        switch (ocelType.toLowerCase(Locale.ROOT)) {
            case "string": return AttributeType.STRING;
            case "time": case "date": case "datetime": return AttributeType.DATE;
            case "integer": case "int": return AttributeType.INT;
            case "float": case "double": return AttributeType.FLOAT;
            case "boolean": return AttributeType.BOOLEAN;
            default:
                throw new EventLogException(at, "unknown attribute type '" + ocelType
                        + "'; expected string, time, integer, float or boolean");
        }
    }

    void declareEventType(String name, Map<String, AttributeType> attributes, Location at) {
        if (eventTypes.putIfAbsent(str(name), attributes) != null) {
            throw new EventLogException(at, "event type '" + name + "' is declared twice");
        }
    }

    void declareObjectType(String name, Map<String, AttributeType> attributes, Location at) {
        if (objectTypes.putIfAbsent(str(name), attributes) != null) {
            throw new EventLogException(at, "object type '" + name + "' is declared twice");
        }
    }

    /** For OCEL 1.0: the object types the log header lists, possibly without objects. */
    void mentionObjectType(String name) {
        objectTypes.computeIfAbsent(str(name), k -> new LinkedHashMap<>());
    }

    /** A time value: ISO-8601 with offset, or without one in the reader's zone. */
    Instant time(String text, Location at, String what) {
        Instant t = parseTime(text, zone);
        if (t == null) {
            throw new EventLogException(at, "expected an ISO-8601 time for " + what + ", found '" + text + "'");
        }
        return t;
    }

    static Instant parseTime(String text, ZoneId zone) {
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // try the zone-less forms
        }
        try {
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // try a bare date
        }
        try {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The declared attributes of event type {@code type}, failing with the declared types listed. */
    private Map<String, AttributeType> eventTypeOf(String type, Location at) {
        Map<String, AttributeType> decl = eventTypes.get(type);
        if (decl == null) {
            if (inferTypes) {
                decl = new LinkedHashMap<>();
                eventTypes.put(str(type), decl);
            } else {
                throw new EventLogException(at, "unknown event type '" + type + "'; declared event types: "
                        + eventTypes.keySet());
            }
        }
        return decl;
    }

    private Map<String, AttributeType> objectTypeOf(String type, Location at) {
        Map<String, AttributeType> decl = objectTypes.get(type);
        if (decl == null) {
            if (inferTypes) {
                decl = new LinkedHashMap<>();
                objectTypes.put(str(type), decl);
            } else {
                throw new EventLogException(at, "unknown object type '" + type + "'; declared object types: "
                        + objectTypes.keySet());
            }
        }
        return decl;
    }

    /**
     * Converts {@code raw} (text, or a JSON Long, Double or Boolean) to the declared type of attribute
     * {@code name}; for OCEL 1.0 an undeclared attribute is declared with the type of {@code raw}.
     */
    private Object value(Map<String, AttributeType> decl, String kind, String typeName, String name, Object raw,
                         Location at) {
        AttributeType type = decl.get(name);
        if (type == null) {
            if (!inferTypes) {
                throw new EventLogException(at, "attribute '" + name + "' is not declared for " + kind + " type '"
                        + typeName + "'; declared: " + decl.keySet());
            }
            type = raw instanceof Long ? AttributeType.INT : raw instanceof Double ? AttributeType.FLOAT
                    : raw instanceof Boolean ? AttributeType.BOOLEAN : raw instanceof Instant ? AttributeType.DATE
                    : AttributeType.STRING;
            decl.put(pool.key(name), type);
        }
        Object v = convert(raw, type);
        if (v == null) {
            throw new EventLogException(at, "expected a value of type " + type.xesName() + " for attribute '" + name
                    + "' as declared for " + kind + " type '" + typeName + "', found '" + raw + "'");
        }
        return v instanceof String ? str((String) v) : v;
    }

    private Object convert(Object raw, AttributeType type) {
        switch (type) {
            case STRING:
                return raw instanceof Instant ? raw.toString() : raw instanceof String ? raw : String.valueOf(raw);
            case INT:
                if (raw instanceof Long) return raw;
                if (raw instanceof Double) {
                    double d = (Double) raw;
                    return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Long) (long) d : null;
                }
                if (raw instanceof String) {
                    try {
                        return Long.parseLong(((String) raw).trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            case FLOAT:
                if (raw instanceof Number) return ((Number) raw).doubleValue();
                if (raw instanceof String) {
                    try {
                        return Double.parseDouble(((String) raw).trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            case BOOLEAN:
                if (raw instanceof Boolean) return raw;
                if (raw instanceof String) {
                    String s = ((String) raw).trim();
                    if (s.equalsIgnoreCase("true")) return Boolean.TRUE;
                    if (s.equalsIgnoreCase("false")) return Boolean.FALSE;
                }
                return null;
            case DATE:
                if (raw instanceof Instant) return raw;
                return raw instanceof String ? parseTime((String) raw, zone) : null;
            default:
                return null;
        }
    }

    /** Collects one object's parts; {@link #add} checks and stores it. */
    final class ObjectDraft {
        private final String id;
        private final String type;
        private final Map<String, AttributeType> decl;
        private final Location at;
        private final List<OcelObjectValue> values = new ArrayList<>();
        private final List<OcelRelationship> relationships = new ArrayList<>();

        ObjectDraft(String id, String type, Location at) {
            this.id = str(id);
            this.type = str(type);
            this.at = at;
            this.decl = objectTypeOf(type, at);
        }

        void value(String name, Instant time, Object raw, Location valueAt) {
            Object v = OcelBuilder.this.value(decl, "object", type, name, raw, valueAt);
            values.add(new OcelObjectValue(pool.key(name), time, decl.get(name), v));
        }

        void relationship(String objectId, String qualifier, Location relAt) {
            relationships.add(new OcelRelationship(str(objectId), str(qualifier == null ? "" : qualifier)));
            references.add(new Reference(objectId, "object '" + id + "'", relAt));
        }

        void add() {
            if (objects.putIfAbsent(id, new OcelObject(id, type, values, relationships)) != null) {
                throw new EventLogException(at, "object id '" + id + "' is used twice");
            }
        }
    }

    /** Collects one event's parts; {@link #add} checks and stores it. */
    final class EventDraft {
        private final String id;
        private final String type;
        private final Instant time;
        private final Map<String, AttributeType> decl;
        private final Location at;
        private final Attributes.Builder attributes = Attributes.builder(pool);
        private final List<OcelRelationship> relationships = new ArrayList<>();

        EventDraft(String id, String type, Instant time, Location at) {
            this.id = str(id);
            this.type = str(type);
            this.time = time;
            this.at = at;
            this.decl = eventTypeOf(type, at);
        }

        void attribute(String name, Object raw, Location valueAt) {
            attributes.put(pool.key(name), OcelBuilder.this.value(decl, "event", type, name, raw, valueAt));
        }

        void relationship(String objectId, String qualifier, Location relAt) {
            relationships.add(new OcelRelationship(str(objectId), str(qualifier == null ? "" : qualifier)));
            references.add(new Reference(objectId, "event '" + id + "'", relAt));
        }

        void add() {
            if (!eventIds.add(id)) throw new EventLogException(at, "event id '" + id + "' is used twice");
            events.add(new OcelEvent(id, type, time, attributes.build(), relationships));
        }
    }

    OcelLog build() {
        for (Reference r : references) {
            if (!objects.containsKey(r.objectId())) {
                throw new EventLogException(r.location(), "unknown object '" + r.objectId() + "' referenced by "
                        + r.from() + "; expected the id of an object in the log");
            }
        }
        return new OcelLog(types(eventTypes), types(objectTypes), new ArrayList<>(objects.values()), events);
    }

    private static List<OcelType> types(Map<String, Map<String, AttributeType>> declared) {
        List<OcelType> list = new ArrayList<>(declared.size());
        for (Map.Entry<String, Map<String, AttributeType>> e : declared.entrySet()) {
            List<OcelAttributeDeclaration> attrs = new ArrayList<>();
            for (Map.Entry<String, AttributeType> a : e.getValue().entrySet()) {
                attrs.add(new OcelAttributeDeclaration(a.getKey(), a.getValue()));
            }
            list.add(new OcelType(e.getKey(), attrs));
        }
        return list;
    }
}
