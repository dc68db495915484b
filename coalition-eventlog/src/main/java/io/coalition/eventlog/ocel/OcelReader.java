package io.coalition.eventlog.ocel;

import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.io.CountingInputStream;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.ocel.Trees.JNode;
import io.coalition.eventlog.ocel.Trees.XNode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads object-centric event logs: OCEL 2.0 JSON and XML, and OCEL 1.0 JSON and XML (imported into the same
 * model, without qualifiers, with types derived from the data).
 *
 * <p>The format is recognised by content, not by file name: the first non-blank character is {@code '{'}
 * for JSON and {@code '<'} for XML; then the top-level keys or elements tell the version. Files are read
 * whole, since relationships may point forward; every reference and value is checked, and a problem is
 * reported as an {@link EventLogException} with the line and column where it is.
 *
 * <p>Times without an offset are read in the zone given (UTC by default). This matters in practice: the
 * OCEL 2.0 example exported by pm4py writes offsets in JSON but local times without offset in XML.
 */
public final class OcelReader {
    private OcelReader() {
    }

    /** Reads {@code file}; times without an offset are taken as UTC. */
    public static OcelLog read(Path file, ReadOptions options) {
        return read(file, options, ZoneOffset.UTC);
    }

    /** Reads {@code file}; times without an offset are taken in {@code zone}. */
    public static OcelLog read(Path file, ReadOptions options, ZoneId zone) {
        String source = file.toString();
        long total;
        try {
            total = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new EventLogException(Location.of(source), "no such file", e);
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int first = firstSignificantByte(raw);
            CountingInputStream in = new CountingInputStream(raw);
            if (first == '{') {
                JNode root = Trees.parseJson(in, total, options.progress(), source);
                return new JsonOcel(source, zone).read(root);
            }
            if (first == '<') {
                XNode root = Trees.parseXml(in, total, options.progress(), source);
                return new XmlOcel(source, zone).read(root);
            }
            if (first < 0) {
                throw new EventLogException(Location.of(source), "empty file; expected an OCEL log in JSON or XML");
            }
            throw new EventLogException(Location.of(source), "expected an OCEL log in JSON (starting with '{') "
                    + "or XML (starting with '<'), found '" + (char) first + "'");
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        }
    }

    /** The first byte that is not white space or a UTF-8 byte order mark, leaving the stream before it. */
    private static int firstSignificantByte(InputStream in) throws IOException {
        while (true) {
            in.mark(4);
            int b = in.read();
            if (b < 0) return -1;
            if (b == 0xEF) {
                if (in.read() == 0xBB && in.read() == 0xBF) continue;
                in.reset();
                return b;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                in.reset();
                return b;
            }
        }
    }

    /** OCEL JSON, both versions. */
    private static final class JsonOcel {
        private final String source;
        private final ZoneId zone;

        JsonOcel(String source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        OcelLog read(JNode root) {
            Map<String, JNode> top = object(root, "the OCEL log");
            if (top.containsKey("ocel:events") || top.containsKey("ocel:objects") || top.containsKey("ocel:global-log")) {
                return readV1(root, top);
            }
            for (String key : List.of("objectTypes", "eventTypes", "objects", "events")) {
                if (!top.containsKey(key)) {
                    throw new EventLogException(root.at(source), "expected an OCEL 2.0 log with objectTypes, "
                            + "eventTypes, objects and events (or an OCEL 1.0 log with ocel:events), missing '"
                            + key + "'");
                }
            }
            OcelBuilder b = new OcelBuilder(source, zone, false);
            for (JNode t : array(top.get("objectTypes"), "objectTypes")) {
                Map<String, JNode> m = object(t, "an object type");
                b.declareObjectType(string(t, m, "name"), declarations(b, t, m), t.at(source));
            }
            for (JNode t : array(top.get("eventTypes"), "eventTypes")) {
                Map<String, JNode> m = object(t, "an event type");
                b.declareEventType(string(t, m, "name"), declarations(b, t, m), t.at(source));
            }
            for (JNode o : array(top.get("objects"), "objects")) {
                Map<String, JNode> m = object(o, "an object");
                OcelBuilder.ObjectDraft d = b.new ObjectDraft(string(o, m, "id"), string(o, m, "type"), o.at(source));
                for (JNode a : optionalArray(m, "attributes")) {
                    Map<String, JNode> am = object(a, "an object attribute value");
                    String name = string(a, am, "name");
                    Instant time = b.time(string(a, am, "time"), am.get("time").at(source), "the time of '" + name + "'");
                    d.value(name, time, scalar(a, am, "value"), am.get("value").at(source));
                }
                for (JNode r : optionalArray(m, "relationships")) {
                    Map<String, JNode> rm = object(r, "a relationship");
                    d.relationship(string(r, rm, "objectId"), optionalString(r, rm, "qualifier"), r.at(source));
                }
                d.add();
            }
            for (JNode e : array(top.get("events"), "events")) {
                Map<String, JNode> m = object(e, "an event");
                String id = string(e, m, "id");
                Instant time = b.time(string(e, m, "time"), m.get("time").at(source), "event '" + id + "'");
                OcelBuilder.EventDraft d = b.new EventDraft(id, string(e, m, "type"), time, e.at(source));
                for (JNode a : optionalArray(m, "attributes")) {
                    Map<String, JNode> am = object(a, "an event attribute value");
                    d.attribute(string(a, am, "name"), scalar(a, am, "value"), am.get("value").at(source));
                }
                for (JNode r : optionalArray(m, "relationships")) {
                    Map<String, JNode> rm = object(r, "a relationship");
                    d.relationship(string(r, rm, "objectId"), optionalString(r, rm, "qualifier"), r.at(source));
                }
                d.add();
            }
            return b.build();
        }

        private Map<String, AttributeType> declarations(OcelBuilder b, JNode type, Map<String, JNode> m) {
            Map<String, AttributeType> decl = new LinkedHashMap<>();
            for (JNode a : optionalArray(m, "attributes")) {
                Map<String, JNode> am = object(a, "an attribute declaration");
                String name = string(a, am, "name");
                AttributeType t = b.type(string(a, am, "type"), am.get("type").at(source));
                if (decl.putIfAbsent(name, t) != null) {
                    throw new EventLogException(a.at(source), "attribute '" + name + "' is declared twice");
                }
            }
            return decl;
        }

        private OcelLog readV1(JNode root, Map<String, JNode> top) {
            OcelBuilder b = new OcelBuilder(source, zone, true);
            JNode global = top.get("ocel:global-log");
            if (global != null && global.object() != null) {
                JNode types = global.object().get("ocel:object-types");
                if (types != null) {
                    for (JNode t : array(types, "ocel:object-types")) b.mentionObjectType(text(t, "an object type name"));
                }
            }
            JNode objects = top.get("ocel:objects");
            if (objects != null) {
                for (Map.Entry<String, JNode> o : object(objects, "ocel:objects").entrySet()) {
                    JNode on = o.getValue();
                    Map<String, JNode> m = object(on, "an object");
                    OcelBuilder.ObjectDraft d = b.new ObjectDraft(o.getKey(), string(on, m, "ocel:type"), on.at(source));
                    JNode ovmap = m.get("ocel:ovmap");
                    if (ovmap != null) {
                        for (Map.Entry<String, JNode> v : object(ovmap, "ocel:ovmap").entrySet()) {
                            d.value(v.getKey(), Instant.EPOCH, scalarValue(v.getValue(), v.getKey()), v.getValue().at(source));
                        }
                    }
                    d.add();
                }
            }
            JNode events = top.get("ocel:events");
            if (events == null) {
                throw new EventLogException(root.at(source), "expected 'ocel:events' in an OCEL 1.0 log");
            }
            for (Map.Entry<String, JNode> e : object(events, "ocel:events").entrySet()) {
                JNode en = e.getValue();
                Map<String, JNode> m = object(en, "an event");
                Instant time = b.time(string(en, m, "ocel:timestamp"), m.get("ocel:timestamp").at(source),
                        "event '" + e.getKey() + "'");
                OcelBuilder.EventDraft d = b.new EventDraft(e.getKey(), string(en, m, "ocel:activity"), time, en.at(source));
                JNode vmap = m.get("ocel:vmap");
                if (vmap != null) {
                    for (Map.Entry<String, JNode> v : object(vmap, "ocel:vmap").entrySet()) {
                        d.attribute(v.getKey(), scalarValue(v.getValue(), v.getKey()), v.getValue().at(source));
                    }
                }
                JNode omap = m.get("ocel:omap");
                if (omap != null) {
                    for (JNode r : array(omap, "ocel:omap")) d.relationship(text(r, "an object id"), null, r.at(source));
                }
                d.add();
            }
            return b.build();
        }

        private Map<String, JNode> object(JNode n, String what) {
            Map<String, JNode> m = n.object();
            if (m == null) throw new EventLogException(n.at(source), "expected a JSON object for " + what);
            return m;
        }

        private List<JNode> array(JNode n, String what) {
            List<JNode> a = n.array();
            if (a == null) throw new EventLogException(n.at(source), "expected a JSON array for '" + what + "'");
            return a;
        }

        private List<JNode> optionalArray(Map<String, JNode> m, String key) {
            JNode n = m.get(key);
            return n == null || n.value() == null ? List.of() : array(n, key);
        }

        private String text(JNode n, String what) {
            if (!(n.value() instanceof String)) {
                throw new EventLogException(n.at(source), "expected a string for " + what);
            }
            return (String) n.value();
        }

        private String string(JNode parent, Map<String, JNode> m, String key) {
            JNode n = m.get(key);
            if (n == null) throw new EventLogException(parent.at(source), "missing '" + key + "'");
            return text(n, "'" + key + "'");
        }

        private String optionalString(JNode parent, Map<String, JNode> m, String key) {
            return m.get(key) == null || m.get(key).value() == null ? null : string(parent, m, key);
        }

        private Object scalar(JNode parent, Map<String, JNode> m, String key) {
            JNode n = m.get(key);
            if (n == null) throw new EventLogException(parent.at(source), "missing '" + key + "'");
            return scalarValue(n, key);
        }

        private Object scalarValue(JNode n, String name) {
            Object v = n.value();
            if (v == null || v instanceof Map || v instanceof List) {
                throw new EventLogException(n.at(source), "expected a string, number or boolean for '" + name + "'");
            }
            return v;
        }
    }

    /** OCEL XML, both versions. */
    private static final class XmlOcel {
        private final String source;
        private final ZoneId zone;

        XmlOcel(String source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        OcelLog read(XNode root) {
            if (!root.name.equals("log")) {
                throw new EventLogException(root.at(source), "expected <log> as the root element, found <" + root.name + ">");
            }
            if (root.child("object-types") == null && root.child("event-types") == null) {
                if (root.child("global") != null || isV1Events(root.child("events"))) return readV1(root);
                throw new EventLogException(root.at(source), "expected <object-types> and <event-types> (OCEL 2.0) "
                        + "or <global> (OCEL 1.0) in <log>");
            }
            OcelBuilder b = new OcelBuilder(source, zone, false);
            for (XNode t : grandChildren(root, "object-types", "object-type")) {
                b.declareObjectType(attr(t, "name"), declarations(b, t), t.at(source));
            }
            for (XNode t : grandChildren(root, "event-types", "event-type")) {
                b.declareEventType(attr(t, "name"), declarations(b, t), t.at(source));
            }
            for (XNode o : grandChildren(root, "objects", "object")) {
                OcelBuilder.ObjectDraft d = b.new ObjectDraft(attr(o, "id"), attr(o, "type"), o.at(source));
                for (XNode a : grandChildren(o, "attributes", "attribute")) {
                    String name = attr(a, "name");
                    Instant time = b.time(attr(a, "time"), a.at(source), "the time of '" + name + "'");
                    d.value(name, time, a.text.toString(), a.at(source));
                }
                for (XNode r : grandChildren(o, "objects", "relationship")) {
                    d.relationship(attr(r, "object-id"), r.attributes.get("qualifier"), r.at(source));
                }
                d.add();
            }
            for (XNode e : grandChildren(root, "events", "event")) {
                String id = attr(e, "id");
                Instant time = b.time(attr(e, "time"), e.at(source), "event '" + id + "'");
                OcelBuilder.EventDraft d = b.new EventDraft(id, attr(e, "type"), time, e.at(source));
                for (XNode a : grandChildren(e, "attributes", "attribute")) {
                    d.attribute(attr(a, "name"), a.text.toString(), a.at(source));
                }
                for (XNode r : grandChildren(e, "objects", "relationship")) {
                    d.relationship(attr(r, "object-id"), r.attributes.get("qualifier"), r.at(source));
                }
                d.add();
            }
            return b.build();
        }

        private static boolean isV1Events(XNode events) {
            return events != null && !events.children.isEmpty() && !events.children.get(0).attributes.containsKey("id");
        }

        private Map<String, AttributeType> declarations(OcelBuilder b, XNode type) {
            Map<String, AttributeType> decl = new LinkedHashMap<>();
            for (XNode a : grandChildren(type, "attributes", "attribute")) {
                String name = attr(a, "name");
                if (decl.putIfAbsent(name, b.type(attr(a, "type"), a.at(source))) != null) {
                    throw new EventLogException(a.at(source), "attribute '" + name + "' is declared twice");
                }
            }
            return decl;
        }

        /** OCEL 1.0 XML: XES-like typed elements with {@code key} and {@code value} attributes. */
        private OcelLog readV1(XNode root) {
            OcelBuilder b = new OcelBuilder(source, zone, true);
            for (XNode g : root.children("global")) {
                if (!"log".equals(g.attributes.get("scope"))) continue;
                for (XNode l : g.children) {
                    if (l.name.equals("list") && "object-types".equals(l.attributes.get("key"))) {
                        for (XNode t : l.children) b.mentionObjectType(attr(t, "value"));
                    }
                }
            }
            for (XNode o : grandChildren(root, "objects", "object")) {
                OcelBuilder.ObjectDraft d = b.new ObjectDraft(keyed(o, "id"), keyed(o, "type"), o.at(source));
                XNode ovmap = keyedList(o, "ovmap");
                if (ovmap != null) {
                    for (XNode v : ovmap.children) d.value(attr(v, "key"), Instant.EPOCH, typed(b, v), v.at(source));
                }
                d.add();
            }
            for (XNode e : grandChildren(root, "events", "event")) {
                String id = keyed(e, "id");
                XNode ts = keyedNode(e, "timestamp");
                Instant time = b.time(attr(ts, "value"), ts.at(source), "event '" + id + "'");
                OcelBuilder.EventDraft d = b.new EventDraft(id, keyed(e, "activity"), time, e.at(source));
                XNode vmap = keyedList(e, "vmap");
                if (vmap != null) {
                    for (XNode v : vmap.children) d.attribute(attr(v, "key"), typed(b, v), v.at(source));
                }
                XNode omap = keyedList(e, "omap");
                if (omap != null) {
                    for (XNode r : omap.children) d.relationship(attr(r, "value"), null, r.at(source));
                }
                d.add();
            }
            return b.build();
        }

        /** A typed OCEL 1.0 value, converted by its element name so the type of a 1.0 attribute is kept. */
        private Object typed(OcelBuilder b, XNode v) {
            String text = attr(v, "value");
            switch (v.name) {
                case "date":
                    return b.time(text, v.at(source), "'" + attr(v, "key") + "'");
                case "int":
                case "integer":
                    try {
                        return Long.parseLong(text.trim());
                    } catch (NumberFormatException e) {
                        throw new EventLogException(v.at(source), "expected an integer, found '" + text + "'");
                    }
                case "float":
                    try {
                        return Double.parseDouble(text.trim());
                    } catch (NumberFormatException e) {
                        throw new EventLogException(v.at(source), "expected a float, found '" + text + "'");
                    }
                case "boolean":
                    if (text.trim().equalsIgnoreCase("true")) return Boolean.TRUE;
                    if (text.trim().equalsIgnoreCase("false")) return Boolean.FALSE;
                    throw new EventLogException(v.at(source), "expected true or false, found '" + text + "'");
                default:
                    return text;
            }
        }

        private XNode keyedNode(XNode parent, String key) {
            for (XNode c : parent.children) {
                if (key.equals(c.attributes.get("key"))) return c;
            }
            throw new EventLogException(parent.at(source), "missing the element with key=\"" + key + "\" in <"
                    + parent.name + ">");
        }

        private String keyed(XNode parent, String key) {
            return attr(keyedNode(parent, key), "value");
        }

        private static XNode keyedList(XNode parent, String key) {
            for (XNode c : parent.children) {
                if (c.name.equals("list") && key.equals(c.attributes.get("key"))) return c;
            }
            return null;
        }

        private static List<XNode> grandChildren(XNode parent, String container, String element) {
            XNode c = parent.child(container);
            return c == null ? List.of() : c.children(element);
        }

        private String attr(XNode n, String name) {
            String v = n.attributes.get(name);
            if (v == null) {
                throw new EventLogException(n.at(source), "missing attribute '" + name + "' on <" + n.name + ">");
            }
            return v;
        }
    }
}
