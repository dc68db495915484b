package io.coalition.eventlog.xes;

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
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an XES log (IEEE 1849-2016) that {@link XesReader} reads back equal: floats in their shortest exact
 * form, dates to the nanosecond in UTC, lists and nested attributes kept (declaring {@code nested-attributes}
 * only when the log uses them). Hand-written rather than on a StAX writer because it only ever writes this one
 * shape, and writes it about twice as fast.
 */
public final class XesWriter {
    private final Writer out;

    private XesWriter(Writer out) {
        this.out = out;
    }

    /** Writes {@code log} to {@code file}, gzip-compressed when the name ends in {@code .gz}; atomically. */
    public static void write(EventLog log, Path file) {
        boolean gzip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        AtomicFiles.write(file, stream -> {
            if (gzip) {
                GZIPOutputStream compressed = new GZIPOutputStream(stream, 1 << 16);
                write(log, compressed, file.toString());
                compressed.finish();
            } else {
                write(log, stream, file.toString());
            }
        });
    }

    /** Writes {@code log} as XES to {@code stream}, which stays open. */
    public static void write(EventLog log, OutputStream stream) {
        try {
            write(log, stream, "<output>");
        } catch (IOException e) {
            throw new EventLogException(Location.of("<output>"), "cannot write: " + e.getMessage(), e);
        }
    }

    private static void write(EventLog log, OutputStream stream, String target) throws IOException {
        Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        try {
            new XesWriter(w).log(log);
        } catch (IllegalArgumentException e) {
            throw new EventLogException(Location.of(target), e.getMessage(), e);
        }
        w.flush();
    }

    private void log(EventLog log) throws IOException {
        LogHeader h = log.header();
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"");
        out.write(LogHeader.CURRENT_VERSION);
        out.write("\" xes.features=\"");
        if (usesNestedAttributes(log)) out.write("nested-attributes");
        out.write("\">\n");
        for (Extension e : h.extensions()) {
            out.write("\t<extension name=\"");
            text(e.name());
            out.write("\" prefix=\"");
            text(e.prefix());
            out.write("\" uri=\"");
            text(e.uri());
            out.write("\"/>\n");
        }
        globals("trace", h.traceGlobals());
        globals("event", h.eventGlobals());
        for (Classifier c : h.classifiers()) {
            out.write("\t<classifier name=\"");
            text(c.name());
            if (c.scope() == Classifier.Scope.TRACE) out.write("\" scope=\"trace");
            out.write("\" keys=\"");
            text(ClassifierKeys.format(c.keys()));
            out.write("\"/>\n");
        }
        attributes(h.attributes(), 1);
        for (Trace t : log.traces()) {
            out.write("\t<trace>\n");
            attributes(t.attributes(), 2);
            for (Event e : t.events()) event(e, 2);
            out.write("\t</trace>\n");
        }
        for (Event e : log.logEvents()) event(e, 1);
        out.write("</log>\n");
    }

    private void globals(String scope, Attributes globals) throws IOException {
        if (globals.isEmpty()) return;
        out.write("\t<global scope=\"");
        out.write(scope);
        out.write("\">\n");
        attributes(globals, 2);
        out.write("\t</global>\n");
    }

    private void event(Event e, int depth) throws IOException {
        indent(depth);
        out.write("<event>\n");
        attributes(e.attributes(), depth + 1);
        indent(depth);
        out.write("</event>\n");
    }

    private void attributes(Attributes attributes, int depth) throws IOException {
        for (Attribute a : attributes) attribute(a, depth);
    }

    private void attribute(Attribute a, int depth) throws IOException {
        AttributeType type = a.type();
        indent(depth);
        out.write('<');
        out.write(type.xesName());
        out.write(" key=\"");
        text(a.key());
        if (!type.isComposite()) {
            out.write("\" value=\"");
            text(valueText(type, a.value()));
        }
        out.write('"');
        boolean children = !a.meta().isEmpty() || type.isComposite();
        if (!children) {
            out.write("/>\n");
            return;
        }
        out.write(">\n");
        attributes(a.meta(), depth + 1);
        if (type == AttributeType.LIST) {
            indent(depth + 1);
            out.write("<values>\n");
            for (Attribute item : a.items()) attribute(item, depth + 2);
            indent(depth + 1);
            out.write("</values>\n");
        } else if (type == AttributeType.CONTAINER) {
            attributes((Attributes) a.value(), depth + 1);
        }
        indent(depth);
        out.write("</");
        out.write(type.xesName());
        out.write(">\n");
    }

    /** The XES lexical form of a plain value; exact, so that reading it back gives the same value. */
    static String valueText(AttributeType type, Object value) {
        switch (type) {
            case DATE:
                return XesDates.format((Instant) value);
            case FLOAT: {
                double d = (Double) value;
                if (Double.isNaN(d)) return "NaN";
                if (Double.isInfinite(d)) return d > 0 ? "INF" : "-INF";
                return Double.toString(d);
            }
            default:
                return value.toString();
        }
    }

    private void indent(int depth) throws IOException {
        for (int i = 0; i < depth; i++) out.write('\t');
    }

    /** Escapes text for an attribute value; tabs and line breaks as references so that they survive reading. */
    private void text(String s) throws IOException {
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String replacement;
            switch (c) {
                case '&' -> replacement = "&amp;";
                case '<' -> replacement = "&lt;";
                case '>' -> replacement = "&gt;";
                case '"' -> replacement = "&quot;";
                case '\t' -> replacement = "&#9;";
                case '\n' -> replacement = "&#10;";
                case '\r' -> replacement = "&#13;";
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException("the text \"" + s + "\" contains the character U+"
                                + String.format("%04X", (int) c) + ", which XML 1.0 cannot carry");
                    }
                    continue;
                }
            }
            out.write(s, start, i - start);
            out.write(replacement);
            start = i + 1;
        }
        out.write(s, start, n - start);
    }

    private static boolean usesNestedAttributes(EventLog log) {
        LogHeader h = log.header();
        if (nested(h.attributes()) || nested(h.traceGlobals()) || nested(h.eventGlobals())) return true;
        for (Trace t : log.traces()) {
            if (nested(t.attributes())) return true;
            for (Event e : t.events()) {
                if (nested(e.attributes())) return true;
            }
        }
        for (Event e : log.logEvents()) {
            if (nested(e.attributes())) return true;
        }
        return false;
    }

    private static boolean nested(Attributes attributes) {
        for (Attribute a : attributes) {
            if (!a.meta().isEmpty()) return true;
            if (a.type() == AttributeType.LIST && nestedItems(a.items())) return true;
            if (a.type() == AttributeType.CONTAINER && nested((Attributes) a.value())) return true;
        }
        return false;
    }

    private static boolean nestedItems(List<Attribute> items) {
        for (Attribute item : items) {
            if (!item.meta().isEmpty()) return true;
        }
        return false;
    }
}
