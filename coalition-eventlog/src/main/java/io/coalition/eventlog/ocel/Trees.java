package io.coalition.eventlog.ocel;

import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.io.CountingInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Small document trees that keep the line and column of every node. The OCEL formats are read whole
 * (references may point forward, OCEL 1.0 declares nothing up front), and errors found after parsing must
 * still point into the file; Jackson's and the StAX DOM's trees forget positions, hence these.
 */
final class Trees {
    private Trees() {
    }

    /** A JSON value: a {@code Map<String, JNode>}, {@code List<JNode>}, String, Long, Double, Boolean or null. */
    record JNode(Object value, long line, long column) {
        @SuppressWarnings("unchecked")
        Map<String, JNode> object() {
            return value instanceof Map ? (Map<String, JNode>) value : null;
        }

        @SuppressWarnings("unchecked")
        List<JNode> array() {
            return value instanceof List ? (List<JNode>) value : null;
        }

        Location at(String source) {
            return Location.at(source, line, column);
        }
    }

    /** An XML element with its attributes, text and child elements. */
    static final class XNode {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<XNode> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        final long line;
        final long column;

        XNode(String name, long line, long column) {
            this.name = name;
            this.line = line;
            this.column = column;
        }

        Location at(String source) {
            return Location.at(source, line, column);
        }

        XNode child(String childName) {
            for (XNode c : children) {
                if (c.name.equals(childName)) return c;
            }
            return null;
        }

        List<XNode> children(String childName) {
            List<XNode> list = new ArrayList<>();
            for (XNode c : children) {
                if (c.name.equals(childName)) list.add(c);
            }
            return list;
        }
    }


    private static void tick(CountingInputStream in, long total, ProgressListener progress, String source) {
        if (progress.isCancelled()) throw new CancellationException("reading " + source + " cancelled");
        progress.progress(in.count(), total);
    }

    static JNode parseJson(CountingInputStream in, long total, ProgressListener progress, String source) {
        JsonFactory factory = JsonFactory.builder().build();
        try (JsonParser p = factory.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new EventLogException(Location.of(source), "empty file; expected a JSON object");
            JNode root = value(p, t, new int[1], in, total, progress, source);
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new EventLogException(Location.at(source, l.getLineNr(), l.getColumnNr()),
                        "expected the end of the file after the top-level JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            Location where = l == null ? Location.of(source) : Location.at(source, l.getLineNr(), l.getColumnNr());
            // Jackson names the source in nested locations; the file is already named by the Location
            String msg = String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^;\\]]*; ", "[");
            throw new EventLogException(where, "malformed JSON: " + msg, e);
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        }
    }

    private static JNode value(JsonParser p, JsonToken t, int[] count, CountingInputStream in, long total,
                               ProgressListener progress, String source) throws IOException {
        JsonLocation l = p.currentTokenLocation();
        long line = l.getLineNr();
        long col = l.getColumnNr();
        if ((++count[0] & 0xFFF) == 0) tick(in, total, progress, source);
        switch (t) {
            case START_OBJECT: {
                Map<String, JNode> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken(), count, in, total, progress, source));
                }
                return new JNode(map, line, col);
            }
            case START_ARRAY: {
                List<JNode> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, next, count, in, total, progress, source));
                }
                return new JNode(list, line, col);
            }
            case VALUE_STRING:
                return new JNode(p.getText(), line, col);
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new JNode(p.getDoubleValue(), line, col) : new JNode(p.getLongValue(), line, col);
            case VALUE_NUMBER_FLOAT:
                return new JNode(p.getDoubleValue(), line, col);
            case VALUE_TRUE:
                return new JNode(Boolean.TRUE, line, col);
            case VALUE_FALSE:
                return new JNode(Boolean.FALSE, line, col);
            default:
                return new JNode(null, line, col);
        }
    }

    static XNode parseXml(CountingInputStream in, long total, ProgressListener progress, String source) {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(in);
            Deque<XNode> stack = new ArrayDeque<>();
            XNode root = null;
            int count = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    javax.xml.stream.Location l = r.getLocation();
                    XNode n = new XNode(r.getLocalName(), l.getLineNumber(), l.getColumnNumber());
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        n.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                    }
                    if (stack.isEmpty()) root = n;
                    else stack.peek().children.add(n);
                    stack.push(n);
                    if ((++count & 0xFFF) == 0) tick(in, total, progress, source);
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    stack.pop();
                } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && !stack.isEmpty()) {
                    stack.peek().text.append(r.getText());
                }
            }
            if (root == null) throw new EventLogException(Location.of(source), "empty file; expected an XML document");
            return root;
        } catch (XMLStreamException e) {
            javax.xml.stream.Location l = e.getLocation();
            Location where = l == null ? Location.of(source) : Location.at(source, l.getLineNumber(), l.getColumnNumber());
            String msg = e.getMessage();
            int cut = msg == null ? -1 : msg.indexOf("Message: ");
            if (cut >= 0) msg = msg.substring(cut + 9);
            // Woodstox appends the position, which the Location already gives
            int at = msg == null ? -1 : msg.indexOf("\n at [row,col");
            if (at >= 0) msg = msg.substring(0, at);
            throw new EventLogException(where, "malformed XML: " + msg, e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing cannot lose data here
                }
            }
        }
    }
}
