package io.coalition.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.eventlog.ocel.OcelEvent;
import io.coalition.eventlog.ocel.OcelLog;
import io.coalition.eventlog.ocel.OcelObject;
import io.coalition.eventlog.ocel.OcelType;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code log info} shows of an object-centric log that is not flattened: counts per event and object type,
 * and the relationships, so that a user can choose the {@code --object-type} to flatten on.
 */
record OcelSummary(long events, long objects, Map<String, Long> eventTypes, Map<String, Long> objectTypes,
                   long eventToObject, long objectToObject) {

    static OcelSummary of(OcelLog log) {
        Map<String, Long> eventTypes = new LinkedHashMap<>();
        Map<String, Long> objectTypes = new LinkedHashMap<>();
        for (OcelType t : log.eventTypes()) eventTypes.put(t.name(), 0L);
        for (OcelType t : log.objectTypes()) objectTypes.put(t.name(), 0L);
        long e2o = 0;
        long o2o = 0;
        for (OcelEvent e : log.events()) {
            eventTypes.merge(e.type(), 1L, Long::sum);
            e2o += e.relationships().size();
        }
        for (OcelObject o : log.objects()) {
            objectTypes.merge(o.type(), 1L, Long::sum);
            o2o += o.relationships().size();
        }
        return new OcelSummary(log.events().size(), log.objects().size(), eventTypes, objectTypes, e2o, o2o);
    }

    void print(PrintWriter out, String title) {
        out.println(title + " (object-centric)");
        new Table("measure", "value")
                .row("events", String.format("%,d", events))
                .row("objects", String.format("%,d", objects))
                .row("event types", eventTypes.size())
                .row("object types", objectTypes.size())
                .row("event-object links", String.format("%,d", eventToObject))
                .row("object-object links", String.format("%,d", objectToObject))
                .print(out);
        out.println();
        Table objects = new Table("objects", "object type").numeric(0);
        objectTypes.forEach((type, n) -> objects.row(String.format("%,d", n), type));
        objects.print(out);
        out.println();
        Table events = new Table("events", "event type").numeric(0);
        eventTypes.forEach((type, n) -> events.row(String.format("%,d", n), type));
        events.print(out);
        out.println();
        out.println("Flatten on an object type for case-centric statistics: --object-type TYPE");
    }

    String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("events", events).put("objects", objects);
        root.put("eventToObjectLinks", eventToObject).put("objectToObjectLinks", objectToObject);
        ObjectNode et = root.putObject("eventTypes");
        eventTypes.forEach(et::put);
        ObjectNode ot = root.putObject("objectTypes");
        objectTypes.forEach(ot::put);
        return root.toPrettyString();
    }
}
