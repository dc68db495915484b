package io.coalition.eventlog.ocel;

import java.util.ArrayList;
import java.util.List;

/**
 * An object-centric event log (OCEL 2.0): events relate to any number of objects of several types, instead
 * of belonging to one case. Immutable; the reader has checked that every referenced type and object exists
 * and every value has its declared type. Use {@link OcelFlattener} for a case-centric view of one type.
 *
 * @param eventTypes  declared event types, in file order
 * @param objectTypes declared object types, in file order
 * @param objects     the objects, in file order
 * @param events      the events, in file order
 */
public record OcelLog(List<OcelType> eventTypes, List<OcelType> objectTypes, List<OcelObject> objects,
                      List<OcelEvent> events) {
    public OcelLog {
        eventTypes = List.copyOf(eventTypes);
        objectTypes = List.copyOf(objectTypes);
        objects = List.copyOf(objects);
        events = List.copyOf(events);
    }

    /** The object type named {@code name}, or {@code null}. */
    public OcelType objectType(String name) {
        for (OcelType t : objectTypes) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** The event type named {@code name}, or {@code null}. */
    public OcelType eventType(String name) {
        for (OcelType t : eventTypes) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** The names of the object types, in order. */
    public List<String> objectTypeNames() {
        List<String> names = new ArrayList<>(objectTypes.size());
        for (OcelType t : objectTypes) names.add(t.name());
        return names;
    }
}
