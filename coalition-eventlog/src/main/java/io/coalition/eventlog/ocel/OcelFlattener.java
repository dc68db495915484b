package io.coalition.eventlog.ocel;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Extension;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.LogHeader;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens an object-centric log to a case-centric one on one object type: each object of that type becomes
 * a case, holding every event related to it. Case-centric tools (discovery, conformance, statistics) then
 * apply; an event related to several objects of the type is copied into each of their cases, which is the
 * known price of flattening (convergence).
 */
public final class OcelFlattener {
    /** The event attribute that keeps the OCEL event id, so flattened events can be traced back. */
    public static final String EVENT_ID = "ocel:eid";

    private OcelFlattener() {
    }

    /**
     * One trace per object of {@code objectType}, in object order: {@code concept:name} = object id plus the
     * object's initial attribute values ({@link OcelObject#initialAttributes()}); its events are those related
     * to the object, sorted by time (stably, so equal times keep file order), each with
     * {@code concept:name} = event type, {@code time:timestamp}, {@code ocel:eid} and the event's attributes.
     */
    public static EventLog flatten(OcelLog log, String objectType) {
        Set<String> types = new LinkedHashSet<>(log.objectTypeNames());
        for (OcelObject o : log.objects()) types.add(o.type());
        if (!types.contains(objectType)) {
            throw new EventLogException(Location.field("OCEL log", "object type"),
                    "unknown object type '" + objectType + "'; available: " + types);
        }
        Map<String, List<OcelEvent>> byObject = new HashMap<>();
        for (OcelObject o : log.objects()) {
            if (o.type().equals(objectType)) byObject.put(o.id(), new ArrayList<>());
        }
        for (OcelEvent e : log.events()) {
            Set<String> seen = new LinkedHashSet<>();
            for (var r : e.relationships()) {
                List<OcelEvent> list = byObject.get(r.objectId());
                if (list != null && seen.add(r.objectId())) list.add(e);
            }
        }
        Map<OcelEvent, Event> converted = new HashMap<>();
        List<Trace> traces = new ArrayList<>();
        for (OcelObject o : log.objects()) {
            if (!o.type().equals(objectType)) continue;
            List<OcelEvent> related = byObject.get(o.id());
            related.sort(Comparator.comparing(OcelEvent::time));
            List<Event> events = new ArrayList<>(related.size());
            for (OcelEvent e : related) events.add(converted.computeIfAbsent(e, OcelFlattener::event));
            Attributes.Builder tb = o.initialAttributes().toBuilder();
            tb.put(XesKeys.CONCEPT_NAME, o.id());
            traces.add(new Trace(tb.build(), events));
        }
        LogHeader header = LogHeader.of(List.of(Extension.CONCEPT, Extension.TIME),
                        Attributes.of(XesKeys.CONCEPT_NAME, objectType))
                .withClassifiers(List.of(Classifier.ACTIVITY));
        return new EventLog(header, traces);
    }

    private static Event event(OcelEvent e) {
        Attributes.Builder b = Attributes.builder();
        for (Attribute a : e.attributes()) b.put(a);
        b.put(XesKeys.CONCEPT_NAME, e.type());
        b.put(XesKeys.TIME_TIMESTAMP, e.time());
        b.put(EVENT_ID, e.id());
        return new Event(b.build());
    }
}
