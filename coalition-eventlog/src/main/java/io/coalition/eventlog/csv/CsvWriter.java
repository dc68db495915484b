package io.coalition.eventlog.csv;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.eventlog.io.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes an {@link EventLog} as CSV, one row per event, in the pm4py layout that {@link CsvReader} infers
 * without a mapping: {@code case:concept:name,concept:name,time:timestamp,org:resource}, then the other
 * event attribute keys in order of first appearance, then the trace attributes as {@code case:<key>}.
 *
 * <p>CSV is flat and untyped, so some information is lost: list and container attributes and nested
 * (meta) attributes are not written; log attributes, extensions, globals and classifiers are not written;
 * dates are written as ISO-8601 instants (UTC), so the original offsets are lost; ids are written as text
 * and read back as strings; a key whose values have different types in different events is read back as
 * a string; loose log-level events are not written; traces without events produce no row. A log made of
 * string, int, float, boolean and date attributes with one type per key reads back equal.
 */
public final class CsvWriter {
    private static final List<String> FIXED = List.of(XesKeys.CONCEPT_NAME, XesKeys.TIME_TIMESTAMP, XesKeys.ORG_RESOURCE);
    private static final String CASE_ID_COLUMN = "case:" + XesKeys.CONCEPT_NAME;

    private CsvWriter() {
    }

    /** Writes {@code log} to {@code file} atomically (UTF-8, comma-separated, RFC 4180 quoting). */
    public static void write(EventLog log, Path file) {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writeTo(log, w, file.toString());
            w.flush();
        });
    }

    /** Writes {@code log} to {@code writer}, which is flushed, not closed. */
    public static void write(EventLog log, Writer writer) {
        try {
            writeTo(log, writer, "<writer>");
        } catch (IOException e) {
            throw new EventLogException(Location.of("<writer>"), "cannot write: " + e.getMessage(), e);
        }
    }

    private static void writeTo(EventLog log, Writer writer, String target) throws IOException {
        Set<String> eventKeys = new LinkedHashSet<>(FIXED);
        Set<String> traceKeys = new LinkedHashSet<>();
        for (Trace t : log.traces()) {
            for (Attribute a : t.attributes()) {
                if (!a.type().isComposite() && !a.key().equals(XesKeys.CONCEPT_NAME)) traceKeys.add(a.key());
            }
            for (Event e : t.events()) {
                for (Attribute a : e.attributes()) {
                    if (!a.type().isComposite()) eventKeys.add(a.key());
                }
            }
        }
        List<String> header = new ArrayList<>();
        header.add(CASE_ID_COLUMN);
        header.addAll(eventKeys);
        for (String k : traceKeys) header.add("case:" + k);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
        printer.printRecord(header);
        List<String> row = new ArrayList<>(header.size());
        for (Trace t : log.traces()) {
            Attributes ta = t.attributes();
            for (Event e : t.events()) {
                row.clear();
                row.add(text(ta, XesKeys.CONCEPT_NAME));
                for (String k : eventKeys) row.add(text(e.attributes(), k));
                for (String k : traceKeys) row.add(text(ta, k));
                printer.printRecord(row);
            }
        }
        printer.flush();
    }

    private static String text(Attributes a, String key) {
        Attribute attr = a.attribute(key);
        if (attr == null || attr.type().isComposite()) return "";
        return attr.value().toString();
    }
}
