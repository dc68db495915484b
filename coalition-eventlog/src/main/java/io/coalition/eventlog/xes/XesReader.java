package io.coalition.eventlog.xes;

import com.ctc.wstx.stax.WstxInputFactory;
import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Extension;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.LogHeader;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.StringPool;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.CountingInputStream;
import io.coalition.eventlog.io.ReadOptions;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.zip.ZipException;

/**
 * Reads an XES log (IEEE 1849-2016) from {@code .xes} or gzip-compressed {@code .xes.gz} case by case.
 *
 * <p>{@link #open} parses everything before the first trace ({@link #header()}); each {@link #next()} then parses
 * one trace, so a log of any size can be processed in constant memory. {@link #read} loads a whole log.
 *
 * <p>Two modes, chosen by {@link ReadOptions#strict()}. Lenient (the default) accepts what real logs contain: no
 * {@code xes.version}, OpenXES's {@code openxes.version}, undeclared extensions, classifiers over undeclared keys,
 * header elements out of order or after the traces, nested attributes without the feature declared. Strict
 * rejects all of these. Both reject malformed XML, unknown elements, misplaced {@code <log>}/{@code <trace>}, values
 * that do not parse as their type, and any DOCTYPE (no DTDs, no entity expansion: XXE and entity bombs are
 * impossible). Dates without a zone are read as UTC. Every error is an {@link EventLogException} naming the
 * source, line and column.
 *
 * <p>Not thread-safe; close it (or read to the end) to release the file.
 */
public final class XesReader implements Closeable {
    private static final XMLInputFactory FACTORY = newFactory();
    private static final long PROGRESS_STEP = 1 << 20;

    private static final int PHASE_EXTENSION = 0;
    private static final int PHASE_GLOBAL = 1;
    private static final int PHASE_CLASSIFIER = 2;
    private static final int PHASE_ATTRIBUTE = 3;
    private static final int PHASE_BODY = 4;
    private static final String[] PHASE_ELEMENTS = {"<extension>", "<global>", "<classifier>", "a log attribute",
            "a <trace> or <event>"};

    private final String source;
    private final boolean strict;
    private final ProgressListener progress;
    private final CountingInputStream counter;
    private final long totalBytes;
    private final InputStream input;
    private final XMLStreamReader xml;
    private final StringPool pool = new StringPool();
    private final Attributes.Builder eventAttributes = Attributes.builder(pool);
    private final Attributes.Builder traceAttributes = Attributes.builder(pool);
    private final List<Event> events = new ArrayList<>();

    // header, complete once the first trace or event is reached (lenient reading may add late declarations)
    private String xesVersion = LogHeader.CURRENT_VERSION;
    private final Set<String> features = new LinkedHashSet<>();
    private boolean nestedDeclared;
    private final List<Extension> extensions = new ArrayList<>();
    private final Set<String> declaredPrefixes = new HashSet<>();
    private final Attributes.Builder traceGlobals = Attributes.builder();
    private final Attributes.Builder eventGlobals = Attributes.builder();
    private final List<Classifier> classifiers = new ArrayList<>();
    private final Attributes.Builder logAttributes = Attributes.builder();
    private LogHeader header;

    private final List<Event> logEvents = new ArrayList<>();
    private int phase = PHASE_EXTENSION;
    private boolean sawLogEvent;
    private boolean finished;
    private long reportedBytes;

    private XesReader(String source, InputStream raw, long totalBytes, ReadOptions options) throws IOException,
            XMLStreamException {
        this.source = source;
        this.strict = options.strict();
        this.progress = options.progress();
        this.totalBytes = totalBytes;
        this.counter = new CountingInputStream(raw);
        this.input = Gzip.decompressIfGzip(counter, source);
        this.xml = FACTORY.createXMLStreamReader(input);
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** Opens {@code file} and reads its header. */
    public static XesReader open(Path file, ReadOptions options) {
        String source = file.toString();
        InputStream raw;
        long size;
        try {
            raw = Files.newInputStream(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new EventLogException(Location.of(source), "no such file");
        } catch (AccessDeniedException e) {
            throw new EventLogException(Location.of(source), "cannot read: permission denied");
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            closeQuietly(raw);
            throw new EventLogException(Location.of(source), "is a folder, not an XES file");
        }
        return open(raw, source, size, options);
    }

    /**
     * Opens an XES stream (plain or gzip) and reads its header; {@code totalBytes} (or -1) is for progress.
     * The reader closes {@code in}.
     */
    public static XesReader open(InputStream in, String sourceName, long totalBytes, ReadOptions options) {
        XesReader reader;
        try {
            reader = new XesReader(sourceName, in, totalBytes, options);
        } catch (IOException | XMLStreamException e) {
            closeQuietly(in);
            throw translate(sourceName, e, null);
        } catch (EventLogException e) {
            closeQuietly(in);
            throw e;
        }
        try {
            reader.readHeader();
            return reader;
        } catch (XMLStreamException e) {
            reader.close();
            throw translate(sourceName, e, reader.xml);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Reads a whole log. */
    public static EventLog read(Path file, ReadOptions options) {
        try (XesReader reader = open(file, options)) {
            List<Trace> traces = new ArrayList<>();
            for (Trace t = reader.next(); t != null; t = reader.next()) traces.add(t);
            return new EventLog(reader.header(), traces, reader.logEvents());
        }
    }

    /** The log's declarations and attributes. */
    public LogHeader header() {
        if (header == null) {
            header = new LogHeader(xesVersion, features, extensions, copy(traceGlobals), copy(eventGlobals),
                    classifiers, copy(logAttributes));
        }
        return header;
    }

    /** The events placed directly under {@code <log>} that have been read so far. */
    public List<Event> logEvents() {
        return List.copyOf(logEvents);
    }

    /** The next trace, or {@code null} at the end of the log. */
    public Trace next() {
        if (finished) return null;
        try {
            Trace trace = advance();
            reportProgress(trace == null);
            return trace;
        } catch (XMLStreamException e) {
            close();
            throw translate(source, e, xml);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        finished = true;
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // closing a reader that failed; the input is closed below
        }
        closeQuietly(input);
    }

    // ---------------------------------------------------------------- structure

    private void readHeader() throws XMLStreamException {
        int e = nextStructural(true);
        if (e != XMLStreamConstants.START_ELEMENT) throw error("no <log> element: the document is empty");
        if (!xml.getLocalName().equals("log")) {
            throw error("expected <log> as the root element, found <" + xml.getLocalName() + ">");
        }
        readLogElementAttributes();
        while (true) {
            e = nextStructural(false);
            if (e == XMLStreamConstants.END_ELEMENT) {
                finishDocument();
                return;
            }
            String name = xml.getLocalName();
            if (name.equals("trace") || name.equals("event")) return; // the cursor stays on it for next()
            readHeaderElement(name);
        }
    }

    private void readLogElementAttributes() {
        boolean hasVersion = false;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String name = xml.getAttributeLocalName(i);
            String value = xml.getAttributeValue(i);
            if (name.equals("xes.version")) {
                hasVersion = true;
                xesVersion = value;
            } else if (name.equals("xes.features")) {
                for (String f : value.trim().split("\\s+")) {
                    if (!f.isEmpty()) features.add(f);
                }
                nestedDeclared = features.contains("nested-attributes");
            } else {
                violation("<log> has an unknown XML attribute '" + name + "'");
            }
        }
        if (!hasVersion) violation("<log> has no xes.version attribute");
    }

    /** An extension, global, classifier or log attribute, at the cursor. */
    private void readHeaderElement(String name) throws XMLStreamException {
        switch (name) {
            case "extension" -> {
                enterPhase(PHASE_EXTENSION, "<extension>");
                readExtension();
            }
            case "global" -> {
                enterPhase(PHASE_GLOBAL, "<global>");
                readGlobal();
            }
            case "classifier" -> {
                enterPhase(PHASE_CLASSIFIER, "<classifier>");
                readClassifier();
            }
            default -> {
                AttributeType type = AttributeType.fromXesName(name);
                if (type == null) throw unexpectedElement(name, "log");
                enterPhase(PHASE_ATTRIBUTE, "log attribute <" + name + ">");
                readAttributeInto(type, logAttributes, "<log>");
            }
        }
        header = null;
    }

    /** Strict order of the log's content: extensions, globals, classifiers, attributes, then traces and events. */
    private void enterPhase(int next, String what) {
        if (next < phase) {
            violation(what + " after " + PHASE_ELEMENTS[phase]
                    + ": a log declares extensions, globals, classifiers and attributes in that order, "
                    + "before its traces and events");
        }
        if (next > phase) phase = next;
    }

    private Trace advance() throws XMLStreamException {
        if (progress.isCancelled()) throw new CancellationException("reading " + source + " was cancelled");
        while (true) {
            int e = xml.getEventType();
            if (e == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("trace")) {
                    if (sawLogEvent) {
                        violation("<trace> after a log-level <event>: traces come before the log's own events");
                    }
                    phase = PHASE_BODY;
                    Trace trace = readTrace();
                    moveToNextLogChild();
                    return trace;
                }
                if (name.equals("event")) {
                    phase = PHASE_BODY;
                    sawLogEvent = true;
                    logEvents.add(readEvent());
                } else {
                    readHeaderElement(name);
                }
                moveToNextLogChild();
            } else {
                finishDocument();
                return null;
            }
        }
    }

    /** Moves to the next child of {@code <log>} or to its end tag. */
    private void moveToNextLogChild() throws XMLStreamException {
        nextStructural(false);
    }

    private void finishDocument() throws XMLStreamException {
        while (xml.hasNext()) {
            int e = xml.next();
            if (e == XMLStreamConstants.START_ELEMENT) throw error("content after </log>");
        }
        finished = true;
        close();
    }

    private Trace readTrace() throws XMLStreamException {
        rejectXmlAttributes("<trace>");
        Attributes.Builder attrs = traceAttributes;
        events.clear();
        while (nextStructural(false) == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            if (name.equals("event")) {
                events.add(readEvent());
                continue;
            }
            AttributeType type = AttributeType.fromXesName(name);
            if (type == null) throw unexpectedElement(name, "trace");
            if (strict && !events.isEmpty()) violation("trace attribute <" + name + "> after an <event>");
            readAttributeInto(type, attrs, "<trace>");
        }
        return new Trace(attrs.build(), events);
    }

    private Event readEvent() throws XMLStreamException {
        rejectXmlAttributes("<event>");
        Attributes.Builder attrs = eventAttributes;
        while (nextStructural(false) == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            AttributeType type = AttributeType.fromXesName(name);
            if (type == null) throw unexpectedElement(name, "event");
            readAttributeInto(type, attrs, "<event>");
        }
        return new Event(attrs.build());
    }

    private void rejectXmlAttributes(String element) {
        if (xml.getAttributeCount() > 0) {
            violation(element + " takes no XML attributes, found '" + xml.getAttributeLocalName(0) + "'");
        }
    }

    // ---------------------------------------------------------------- declarations

    private void readExtension() throws XMLStreamException {
        String name = null;
        String prefix = null;
        String uri = null;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String a = xml.getAttributeLocalName(i);
            switch (a) {
                case "name" -> name = xml.getAttributeValue(i);
                case "prefix" -> prefix = xml.getAttributeValue(i);
                case "uri" -> uri = xml.getAttributeValue(i);
                default -> violation("<extension> has an unknown XML attribute '" + a + "'");
            }
        }
        if (name == null || prefix == null || uri == null) {
            throw error("<extension> needs name, prefix and uri attributes; missing "
                    + (name == null ? "name" : prefix == null ? "prefix" : "uri"));
        }
        Extension ext = new Extension(name, prefix, uri);
        if (declaredPrefixes.add(prefix)) extensions.add(ext);
        expectEnd("<extension>");
    }

    private void readGlobal() throws XMLStreamException {
        Classifier.Scope scope = Classifier.Scope.EVENT;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String a = xml.getAttributeLocalName(i);
            if (a.equals("scope")) {
                scope = scope(xml.getAttributeValue(i), "<global>");
            } else {
                violation("<global> has an unknown XML attribute '" + a + "'");
            }
        }
        Attributes.Builder into = scope == Classifier.Scope.TRACE ? traceGlobals : eventGlobals;
        while (nextStructural(false) == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            AttributeType type = AttributeType.fromXesName(name);
            if (type == null) throw unexpectedElement(name, "global");
            readAttributeInto(type, into, "<global>");
        }
    }

    private void readClassifier() throws XMLStreamException {
        String name = null;
        String keys = null;
        Classifier.Scope scope = Classifier.Scope.EVENT;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String a = xml.getAttributeLocalName(i);
            switch (a) {
                case "name" -> name = xml.getAttributeValue(i);
                case "keys" -> keys = xml.getAttributeValue(i);
                case "scope" -> scope = scope(xml.getAttributeValue(i), "<classifier>");
                default -> violation("<classifier> has an unknown XML attribute '" + a + "'");
            }
        }
        if (name == null || keys == null) {
            throw error("<classifier> needs name and keys attributes; missing " + (name == null ? "name" : "keys"));
        }
        List<String> keyList = ClassifierKeys.parse(keys);
        if (keyList.isEmpty()) throw error("<classifier name=\"" + name + "\"> has no keys");
        if (strict) {
            Attributes.Builder globals = scope == Classifier.Scope.TRACE ? traceGlobals : eventGlobals;
            for (String k : keyList) {
                if (!globals.containsKey(k)) {
                    violation("<classifier name=\"" + name + "\"> uses key '" + k + "', which is not declared by a <global scope=\""
                            + scope.xesName() + "\">");
                }
            }
        }
        classifiers.add(new Classifier(name, scope, keyList));
        expectEnd("<classifier>");
    }

    private Classifier.Scope scope(String value, String element) {
        return switch (value) {
            case "event" -> Classifier.Scope.EVENT;
            case "trace" -> Classifier.Scope.TRACE;
            default -> throw error(element + " scope \"" + value + "\" is neither \"event\" nor \"trace\"");
        };
    }

    private void expectEnd(String element) throws XMLStreamException {
        if (nextStructural(false) == XMLStreamConstants.START_ELEMENT) {
            throw error(element + " takes no child elements, found <" + xml.getLocalName() + ">");
        }
    }

    // ---------------------------------------------------------------- attributes

    /** Reads the attribute element at the cursor into {@code into}; the cursor ends on its end tag. */
    private void readAttributeInto(AttributeType type, Attributes.Builder into, String parent)
            throws XMLStreamException {
        String key = null;
        String text = null;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String a = xml.getAttributeLocalName(i);
            if (a.equals("key")) {
                key = xml.getAttributeValue(i);
            } else if (a.equals("value")) {
                text = xml.getAttributeValue(i);
            } else {
                violation("<" + type.xesName() + "> has an unknown XML attribute '" + a + "'");
            }
        }
        if (key == null) {
            // OpenXES has written keyless meta attributes (BPIC 2012); lenient reading keeps them under ""
            if (strict || into == logAttributes || into == eventAttributes || into == traceAttributes) {
                throw error("<" + type.xesName() + "> has no key attribute");
            }
            key = "";
        }
        key = pool.key(key);
        if (strict) {
            if (into.containsKey(key)) violation("duplicate key '" + key + "' in " + parent);
            checkStandardKey(key, type);
        }
        Object value = readValue(type, key, text);
        if (value instanceof Attribute a) {
            into.put(a);
        } else {
            into.put(key, value);
        }
    }

    /**
     * The value of the attribute element at the cursor: a plain value, or an {@link Attribute} when it is composite
     * or has nested attributes. The cursor ends on the element's end tag.
     */
    private Object readValue(AttributeType type, String key, String text) throws XMLStreamException {
        Object plain = null;
        if (!type.isComposite()) {
            if (text == null) throw error("<" + type.xesName() + " key=\"" + key + "\"> has no value attribute");
            plain = parsePlain(type, key, text);
        } else if (text != null) {
            violation("<" + type.xesName() + " key=\"" + key + "\"> takes no value attribute");
        }
        if (nextStructural(false) == XMLStreamConstants.END_ELEMENT) {
            if (type == AttributeType.LIST) {
                violation("<list key=\"" + key + "\"> has no <values> element");
                return new Attribute(key, type, List.of(), Attributes.EMPTY);
            }
            if (type == AttributeType.CONTAINER) return new Attribute(key, type, Attributes.EMPTY, Attributes.EMPTY);
            return plain;
        }
        Attributes.Builder meta = null;
        Attributes.Builder content = type == AttributeType.CONTAINER ? Attributes.builder(pool) : null;
        List<Attribute> items = null;
        do {
            String name = xml.getLocalName();
            if (type == AttributeType.LIST && name.equals("values")) {
                if (items != null) violation("<list key=\"" + key + "\"> has more than one <values> element");
                rejectXmlAttributes("<values>");
                items = readListItems();
                continue;
            }
            AttributeType childType = AttributeType.fromXesName(name);
            if (childType == null) throw unexpectedElement(name, type.xesName());
            if (content != null) {
                readAttributeInto(childType, content, "<container key=\"" + key + "\">");
                continue;
            }
            if (items != null) {
                violation("<list key=\"" + key + "\">: its attributes must come before <values>");
            }
            if (!nestedDeclared) {
                violation("<" + type.xesName() + " key=\"" + key + "\"> has nested attributes, but the log does not "
                        + "declare xes.features=\"nested-attributes\"");
            }
            if (meta == null) meta = Attributes.builder(pool);
            readAttributeInto(childType, meta, "<" + type.xesName() + " key=\"" + key + "\">");
        } while (nextStructural(false) == XMLStreamConstants.START_ELEMENT);
        Attributes metaAttributes = meta == null ? Attributes.EMPTY : meta.build();
        if (type == AttributeType.LIST) {
            if (items == null) violation("<list key=\"" + key + "\"> has no <values> element");
            return new Attribute(key, type, items == null ? List.of() : items, metaAttributes);
        }
        if (type == AttributeType.CONTAINER) return new Attribute(key, type, content.build(), metaAttributes);
        return new Attribute(key, type, plain, metaAttributes);
    }

    /** The attributes inside {@code <values>}; keys may repeat. */
    private List<Attribute> readListItems() throws XMLStreamException {
        List<Attribute> items = new ArrayList<>();
        while (nextStructural(false) == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            AttributeType type = AttributeType.fromXesName(name);
            if (type == null) throw unexpectedElement(name, "values");
            Attributes.Builder one = Attributes.builder(pool);
            readAttributeInto(type, one, "<values>");
            items.add(one.build().asList().get(0));
        }
        return items;
    }

    private Object parsePlain(AttributeType type, String key, String text) {
        switch (type) {
            case STRING:
                return pool.value(text);
            case DATE: {
                java.time.Instant t = XesDates.tryParse(text);
                if (t == null) throw badValue(type, key, text, "an xs:dateTime (" + XesDates.EXPECTED + ")");
                return t;
            }
            case INT:
                try {
                    return Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw badValue(type, key, text, "an integer");
                }
            case FLOAT:
                return parseFloat(key, text);
            case BOOLEAN:
                switch (text.trim()) {
                    case "true", "1": return Boolean.TRUE;
                    case "false", "0": return Boolean.FALSE;
                    default:
                        if (!strict && text.trim().equalsIgnoreCase("true")) return Boolean.TRUE;
                        if (!strict && text.trim().equalsIgnoreCase("false")) return Boolean.FALSE;
                        throw badValue(type, key, text, "a boolean (true or false)");
                }
            case ID:
                return parseUuid(key, text);
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private Double parseFloat(String key, String text) {
        String t = text.trim();
        switch (t) {
            case "INF": return Double.POSITIVE_INFINITY;
            case "-INF": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
        }
        if (t.isEmpty() || !isDecimalStart(t.charAt(0)) || !isDecimalEnd(t.charAt(t.length() - 1))) {
            throw badValue(AttributeType.FLOAT, key, text, "a number");
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw badValue(AttributeType.FLOAT, key, text, "a number");
        }
    }

    /** Rules out Java-only forms such as {@code 1.0f}, {@code 0x1p3} or {@code Infinity}. */
    private static boolean isDecimalStart(char c) {
        return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.';
    }

    private static boolean isDecimalEnd(char c) {
        return c >= '0' && c <= '9' || c == '.';
    }

    private UUID parseUuid(String key, String text) {
        String t = text.trim();
        if (t.length() == 36 && t.charAt(8) == '-' && t.charAt(13) == '-' && t.charAt(18) == '-' && t.charAt(23) == '-') {
            try {
                return UUID.fromString(t);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw badValue(AttributeType.ID, key, text, "a UUID such as 550e8400-e29b-41d4-a716-446655440000");
    }

    private void checkStandardKey(String key, AttributeType type) {
        String prefix = StandardKeys.standardPrefix(key);
        if (prefix == null) return;
        Extension ext = Extension.standard(prefix);
        if (!declaredPrefixes.contains(prefix)) {
            violation("key '" + key + "' belongs to the " + ext.name() + " extension, which the log does not declare");
        }
        AttributeType defined = StandardKeys.typeOf(prefix, key);
        if (defined == null) {
            violation("the " + ext.name() + " extension defines no key '" + key + "'");
        } else if (defined != type) {
            violation("'" + key + "' is " + article(defined) + " by the " + ext.name() + " extension, not "
                    + article(type));
        }
    }

    // ---------------------------------------------------------------- cursor and errors

    /**
     * Advances to the next start or end tag, skipping whitespace, comments and processing instructions. Returns
     * END_DOCUMENT only when {@code documentStart} (before the root element).
     */
    private int nextStructural(boolean documentStart) throws XMLStreamException {
        while (true) {
            if (!xml.hasNext()) {
                if (documentStart) return XMLStreamConstants.END_DOCUMENT;
                throw error("unexpected end of the document");
            }
            int e = xml.next();
            switch (e) {
                case XMLStreamConstants.START_ELEMENT:
                case XMLStreamConstants.END_ELEMENT:
                    return e;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (!xml.isWhiteSpace()) violation("unexpected text '" + abbreviate(xml.getText().trim()) + "'");
                    break;
                case XMLStreamConstants.DTD:
                    throw error("DOCTYPE declarations are not allowed in XES (no DTDs, no entities)");
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw error("entity reference &" + xml.getLocalName() + "; is not allowed in XES");
                case XMLStreamConstants.END_DOCUMENT:
                    if (documentStart) return e;
                    throw error("unexpected end of the document");
                default:
                    break; // comments, processing instructions, the XML declaration
            }
        }
    }

    /** A departure from IEEE 1849-2016 that only strict reading rejects. */
    private void violation(String message) {
        if (strict) throw error(message);
    }

    private EventLogException error(String message) {
        javax.xml.stream.Location l = xml.getLocation();
        return new EventLogException(Location.at(source, l.getLineNumber(), l.getColumnNumber()), message);
    }

    private EventLogException badValue(AttributeType type, String key, String text, String expected) {
        return error("<" + type.xesName() + " key=\"" + key + "\"> value \"" + abbreviate(text) + "\" is not " + expected);
    }

    private EventLogException unexpectedElement(String name, String parent) {
        if (name.equals("log") || name.equals("trace") || name.equals("event") || name.equals("values")
                || name.equals("global") || name.equals("classifier") || name.equals("extension")) {
            return error("<" + name + "> is not allowed inside <" + parent + ">");
        }
        return error("unknown element <" + name + "> inside <" + parent + ">: expected an attribute "
                + "(string, date, int, float, boolean, id, list or container)");
    }

    private void reportProgress(boolean done) {
        long bytes = counter.count();
        if (done || bytes - reportedBytes >= PROGRESS_STEP) {
            reportedBytes = bytes;
            progress.progress(bytes, totalBytes);
        }
    }

    /** An {@link EventLogException} for a parser or I/O failure, with the parser's position when known. */
    static EventLogException translate(String source, Exception e, XMLStreamReader xml) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EventLogException ele) return ele;
            if (t instanceof EOFException) {
                return new EventLogException(Location.of(source),
                        "unexpected end of gzip data: the file is truncated", e);
            }
            if (t instanceof ZipException) {
                return new EventLogException(Location.of(source), "corrupt gzip data (" + t.getMessage() + ")", e);
            }
        }
        if (e instanceof XMLStreamException xse) {
            javax.xml.stream.Location l = xse.getLocation();
            if (l == null && xml != null) l = xml.getLocation();
            Location where = l == null ? Location.of(source) : Location.at(source, l.getLineNumber(), l.getColumnNumber());
            return new EventLogException(where, "malformed XML: " + parserMessage(xse), e);
        }
        return new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
    }

    /** The parser's message without the position it appends (the location says it already). */
    private static String parserMessage(XMLStreamException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = m.indexOf("\n at [");
        if (at >= 0) m = m.substring(0, at);
        if (m.startsWith("ParseError at [")) {
            int msg = m.indexOf("Message: ");
            if (msg >= 0) m = m.substring(msg + 9);
        }
        return m.replace('\n', ' ').trim();
    }

    private static String article(AttributeType type) {
        String name = type.xesName();
        return (name.startsWith("i") ? "an " : "a ") + name;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static Attributes copy(Attributes.Builder b) {
        Attributes.Builder copy = Attributes.builder();
        Attributes built = b.build();
        for (Attribute a : built) {
            b.put(a);
            copy.put(a);
        }
        return copy.build();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to report: the read already failed or finished
        }
    }
}
