package io.coalition.eventlog.csv;

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
import io.coalition.eventlog.XesKeys;
import io.coalition.eventlog.io.CountingInputStream;
import io.coalition.eventlog.io.ReadOptions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

/**
 * Reads a CSV file with one event per row into an {@link EventLog}.
 *
 * <p>The whole file is held as strings first, because an attribute's type is inferred from all values of
 * its column (a column is {@code int} only if every value is). Cases appear in the order of their first
 * row; events of a case are sorted by timestamp, stably, so rows with equal times keep file order (events
 * without a timestamp go last). Columns named {@code case:<key>} become trace attributes {@code <key>},
 * taken from the case's first row that has a value. Empty cells leave the attribute absent.
 */
public final class CsvReader {
    private static final List<String> CASE_NAMES = List.of("case:concept:name", "case_id", "case id", "caseid", "case");
    private static final List<String> ACTIVITY_NAMES = List.of("concept:name", "activity", "activity name", "event");
    private static final List<String> TIMESTAMP_NAMES = List.of("time:timestamp", "timestamp", "complete timestamp", "time");
    private static final List<String> RESOURCE_NAMES = List.of("org:resource", "resource");
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    private static final Pattern LONG = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DOUBLE = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final String CASE_PREFIX = "case:";

    private CsvReader() {
    }

    /** Reads {@code file} (UTF-8); errors name the file by its file name. */
    public static EventLog read(Path file, CsvMapping mapping, ReadOptions options) {
        String source = file.toString();
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        }
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file))) {
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            return read(reader, source, mapping, options, in, total);
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV text from {@code reader}; {@code source} names it in error messages. */
    public static EventLog read(Reader reader, String source, CsvMapping mapping, ReadOptions options) {
        return read(reader, source, mapping, options, null, -1);
    }

    private static EventLog read(Reader reader, String source, CsvMapping mapping, ReadOptions options,
                                 CountingInputStream counter, long total) {
        try {
            BufferedReader in = new BufferedReader(reader, 1 << 16);
            in.mark(1 << 20);
            String firstLine = in.readLine();
            in.reset();
            if (firstLine != null && firstLine.startsWith("\uFEFF")) {
                in.skip(1);
                firstLine = firstLine.substring(1);
            }
            if (firstLine == null || firstLine.isBlank()) {
                throw new EventLogException(Location.of(source), "empty file; expected a header line with column names");
            }
            char delimiter = mapping.delimiter() != null ? mapping.delimiter() : inferDelimiter(firstLine);
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
            return new Parse(source, mapping, options.progress(), counter, total).run(CSVParser.parse(in, format));
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new EventLogException(Location.of(source), "malformed CSV: " + e.getCause().getMessage(), e);
        }
    }

    /** The candidate delimiter that occurs most often outside quotes in the header line; ',' when none does. */
    static char inferDelimiter(String header) {
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            for (int d = 0; d < DELIMITERS.length; d++) {
                if (c == DELIMITERS[d]) counts[d]++;
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) best = d;
        }
        return DELIMITERS[best];
    }

    /** One parse: the header, the rows as strings, then typing and assembly. */
    private static final class Parse {
        private final String source;
        private final CsvMapping mapping;
        private final ProgressListener progress;
        private final CountingInputStream counter;
        private final long total;
        private final StringPool pool = new StringPool();

        Parse(String source, CsvMapping mapping, ProgressListener progress, CountingInputStream counter, long total) {
            this.source = source;
            this.mapping = mapping;
            this.progress = progress;
            this.counter = counter;
            this.total = total;
        }

        EventLog run(CSVParser parser) throws IOException {
            var it = parser.iterator();
            if (!it.hasNext()) {
                throw new EventLogException(Location.of(source), "empty file; expected a header line with column names");
            }
            List<String> header = new ArrayList<>();
            for (String h : it.next()) header.add(h.trim());
            int caseCol = column(header, mapping.caseColumn(), CASE_NAMES, "case id", "--case", true);
            int activityCol = column(header, mapping.activityColumn(), ACTIVITY_NAMES, "activity", "--activity", true);
            int timeCol = column(header, mapping.timestampColumn(), TIMESTAMP_NAMES, "timestamp", "--timestamp", false);
            int resourceCol = column(header, mapping.resourceColumn(), RESOURCE_NAMES, "resource", "--resource", false);

            int n = header.size();
            List<String[]> rows = new ArrayList<>();
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                long row = rows.size() + 1;
                if (rec.size() != n) {
                    throw new EventLogException(Location.row(source, row, null),
                            "expected " + n + " fields as in the header, found " + rec.size());
                }
                String[] values = new String[n];
                for (int c = 0; c < n; c++) {
                    String v = rec.get(c);
                    values[c] = v.isEmpty() ? null : pool.value(v);
                }
                if (values[caseCol] == null) {
                    throw new EventLogException(Location.row(source, row, header.get(caseCol)), "missing case id");
                }
                rows.add(values);
                if ((rows.size() & 0x3FF) == 0) report();
            }

            TimestampFormat[] formats = new TimestampFormat[n];
            TimestampFormat timeFormat = timestampFormat(header, rows, timeCol, formats);
            ColumnKind[] kinds = new ColumnKind[n];
            String[] keys = new String[n];
            for (int c = 0; c < n; c++) {
                String name = header.get(c);
                if (c == caseCol) {
                    kinds[c] = ColumnKind.CASE_ID;
                    keys[c] = XesKeys.CONCEPT_NAME;
                } else if (c == activityCol) {
                    kinds[c] = ColumnKind.EVENT;
                    keys[c] = XesKeys.CONCEPT_NAME;
                } else if (c == timeCol) {
                    kinds[c] = ColumnKind.EVENT;
                    keys[c] = XesKeys.TIME_TIMESTAMP;
                } else if (c == resourceCol) {
                    kinds[c] = ColumnKind.EVENT;
                    keys[c] = XesKeys.ORG_RESOURCE;
                } else if (name.startsWith(CASE_PREFIX) && name.length() > CASE_PREFIX.length()) {
                    keys[c] = pool.key(name.substring(CASE_PREFIX.length()));
                    kinds[c] = keys[c].equals(XesKeys.CONCEPT_NAME) ? ColumnKind.SKIPPED : ColumnKind.TRACE;
                } else if (name.isEmpty()) {
                    kinds[c] = ColumnKind.SKIPPED;
                } else {
                    kinds[c] = ColumnKind.EVENT;
                    keys[c] = pool.key(name);
                }
            }
            // a later column with a key already taken by a mapped column would silently overwrite it
            Set<String> eventKeys = new LinkedHashSet<>();
            Set<String> traceKeys = new LinkedHashSet<>();
            for (int c : new int[] {activityCol, timeCol, resourceCol}) {
                if (c >= 0) eventKeys.add(keys[c]);
            }
            for (int c = 0; c < n; c++) {
                if (kinds[c] == ColumnKind.EVENT && c != activityCol && c != timeCol && c != resourceCol
                        && !eventKeys.add(keys[c])) {
                    kinds[c] = ColumnKind.SKIPPED;
                } else if (kinds[c] == ColumnKind.TRACE && !traceKeys.add(keys[c])) {
                    kinds[c] = ColumnKind.SKIPPED;
                }
            }
            AttributeType[] types = new AttributeType[n];
            for (int c = 0; c < n; c++) {
                if (c == timeCol) types[c] = AttributeType.DATE;
                else if (c == caseCol || c == activityCol || c == resourceCol) types[c] = AttributeType.STRING;
                else if (kinds[c] != ColumnKind.SKIPPED) {
                    List<String> values = column(rows, c);
                    types[c] = inferType(values);
                    if (types[c] == AttributeType.STRING) {
                        TimestampFormat f = timeFormat != null ? timeFormat : TimestampFormat.infer(values, mapping.zone());
                        if (f != null && f.parsesAll(values, mapping.zone())) {
                            types[c] = AttributeType.DATE;
                            formats[c] = f;
                        }
                    }
                }
            }

            Map<String, List<Event>> events = new LinkedHashMap<>();
            Map<String, Attributes.Builder> traces = new LinkedHashMap<>();
            Attributes.Builder eb = Attributes.builder(pool);
            for (int r = 0; r < rows.size(); r++) {
                String[] values = rows.get(r);
                String caseId = values[caseCol];
                Attributes.Builder tb = traces.get(caseId);
                if (tb == null) {
                    tb = Attributes.builder(pool).put(XesKeys.CONCEPT_NAME, caseId);
                    traces.put(caseId, tb);
                    events.put(caseId, new ArrayList<>());
                }
                for (int c = 0; c < n; c++) {
                    String v = values[c];
                    if (v == null || kinds[c] == ColumnKind.SKIPPED || kinds[c] == ColumnKind.CASE_ID) continue;
                    if (kinds[c] == ColumnKind.TRACE) {
                        if (!tb.containsKey(keys[c])) tb.put(keys[c], convert(v, types[c], formats[c], r + 1, header.get(c)));
                    } else {
                        eb.put(keys[c], convert(v, types[c], formats[c], r + 1, header.get(c)));
                    }
                }
                events.get(caseId).add(new Event(eb.build()));
            }

            List<Trace> result = new ArrayList<>(traces.size());
            Comparator<Event> byTime = Comparator.comparing(Event::timestamp, Comparator.nullsLast(Comparator.naturalOrder()));
            Set<String> prefixes = new LinkedHashSet<>();
            for (Map.Entry<String, Attributes.Builder> e : traces.entrySet()) {
                List<Event> list = events.get(e.getKey());
                if (timeCol >= 0) list.sort(byTime);
                Attributes ta = e.getValue().build();
                addPrefixes(ta, prefixes);
                for (Event ev : list) addPrefixes(ev.attributes(), prefixes);
                result.add(new Trace(ta, list));
            }
            report();
            List<Extension> extensions = new ArrayList<>();
            for (Extension x : Extension.STANDARD) {
                if (prefixes.contains(x.prefix())) extensions.add(x);
            }
            LogHeader header0 = LogHeader.of(extensions, Attributes.EMPTY).withClassifiers(List.of(Classifier.ACTIVITY));
            return new EventLog(header0, result);
        }

        private void report() {
            if (progress.isCancelled()) throw new CancellationException("reading " + source + " cancelled");
            if (counter != null) progress.progress(counter.count(), total);
        }

        private static void addPrefixes(Attributes a, Set<String> prefixes) {
            for (String k : a.keys()) {
                int colon = k.indexOf(':');
                if (colon > 0) prefixes.add(k.substring(0, colon));
            }
        }

        private int column(List<String> header, String given, List<String> names, String what, String option,
                           boolean required) {
            if (given != null) {
                int i = header.indexOf(given);
                if (i < 0) {
                    throw new EventLogException(Location.field(source, what),
                            "no column '" + given + "' among " + header);
                }
                return i;
            }
            for (String name : names) {
                for (int i = 0; i < header.size(); i++) {
                    if (header.get(i).toLowerCase(Locale.ROOT).equals(name)) return i;
                }
            }
            if (required) {
                throw new EventLogException(Location.field(source, what),
                        "no " + what + " column among " + header + "; name it with " + option);
            }
            return -1;
        }

        private TimestampFormat timestampFormat(List<String> header, List<String[]> rows, int timeCol,
                                                TimestampFormat[] formats) {
            ZoneId zone = mapping.zone();
            TimestampFormat format;
            if (mapping.timestampFormat() != null) {
                try {
                    format = TimestampFormat.ofPattern(mapping.timestampFormat());
                } catch (IllegalArgumentException e) {
                    throw new EventLogException(Location.field(source, "timestamp format"),
                            "'" + mapping.timestampFormat() + "' is not a date-time pattern: " + e.getMessage());
                }
            } else if (timeCol < 0) {
                return null;
            } else {
                List<String> values = column(rows, timeCol);
                format = TimestampFormat.infer(values, zone);
                if (format == null) format = TimestampFormat.closest(values, zone);
            }
            if (timeCol >= 0) {
                formats[timeCol] = format;
                for (int r = 0; r < rows.size(); r++) {
                    String v = rows.get(r)[timeCol];
                    if (v != null && format.parse(v, zone) == null) {
                        throw new EventLogException(Location.row(source, r + 1, header.get(timeCol)),
                                "'" + v + "' is not a timestamp in the format " + format.description());
                    }
                }
            }
            return format;
        }

        /** INT, FLOAT or BOOLEAN if every value is one; STRING otherwise (dates are checked by the caller). */
        private static AttributeType inferType(List<String> values) {
            boolean allLong = true;
            boolean allDouble = true;
            boolean allBoolean = true;
            boolean any = false;
            for (String v : values) {
                if (v == null) continue;
                any = true;
                if (allLong && !LONG.matcher(v).matches()) allLong = false;
                if (allDouble && !DOUBLE.matcher(v).matches()) allDouble = false;
                if (allBoolean && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) allBoolean = false;
                if (!allLong && !allDouble && !allBoolean) break;
            }
            if (!any) return AttributeType.STRING;
            if (allLong) return AttributeType.INT;
            if (allDouble) return AttributeType.FLOAT;
            if (allBoolean) return AttributeType.BOOLEAN;
            return AttributeType.STRING;
        }

        private Object convert(String v, AttributeType type, TimestampFormat format, long row, String column) {
            switch (type) {
                case INT:
                    return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
                case FLOAT:
                    return Double.parseDouble(v);
                case BOOLEAN:
                    return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
                case DATE: {
                    Instant t = format.parse(v, mapping.zone());
                    if (t == null) {
                        throw new EventLogException(Location.row(source, row, column), "'" + v + "' is not a timestamp");
                    }
                    return t;
                }
                default:
                    return v;
            }
        }

        private static List<String> column(List<String[]> rows, int c) {
            return new AbstractList<>() {
                @Override
                public String get(int index) {
                    return rows.get(index)[c];
                }

                @Override
                public int size() {
                    return rows.size();
                }
            };
        }
    }

    private enum ColumnKind { CASE_ID, EVENT, TRACE, SKIPPED }

}
