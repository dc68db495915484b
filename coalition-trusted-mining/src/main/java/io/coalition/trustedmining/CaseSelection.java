package io.coalition.trustedmining;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which cases a Log Provider releases (the "which cases" of seed 000's usage policy). Every condition given must
 * hold (AND); a provider applies the selection before anything leaves, so a case it excludes is absent from the
 * case index and from every segment.
 *
 * <ul>
 *   <li>{@code release}: only these case ids (null: no such list);</li>
 *   <li>{@code withhold}: never these case ids;</li>
 *   <li>{@code from}/{@code until}: the case <b>started</b> in [from, until): its earliest event timestamp at this
 *   provider lies in the window (a case without events has no start and is excluded). Consecutive windows
 *   therefore split the cases without overlap, as a "started in timeframe" filter does;</li>
 *   <li>{@code attributes}: per key, the case's value must be one of the given values. The case's value is its
 *   trace attribute; a trace without it takes the value of its first event that has the key (a case-level column
 *   repeated on each row, as in CSV files and database tables). Values compare as text (dates in ISO-8601).</li>
 *   <li>{@code ranges}: per key, the case's value (found as for {@code attributes}) read as a decimal number, or as a
 *   date or time for a range of those ({@link ValueRange}), must lie in the range, both ends included, either open;
 *   a value that is absent or not of the range's kind is outside.</li>
 * </ul>
 *
 * <p>Case ids are the ids the provider serves (after {@code --merge-key} re-keying).
 */
public record CaseSelection(Set<String> release, Set<String> withhold, Instant from, Instant until,
                            Map<String, Set<String>> attributes, Map<String, ValueRange> ranges) {
    /** Every case. */
    public static final CaseSelection ALL = new CaseSelection(null, Set.of(), null, null, Map.of(), Map.of());

    /**
     * A closed range of a case attribute's values, {@code MIN..MAX} with both ends included and either left out for an
     * open end: decimal numbers ({@link Range}) or dates and times ({@link TimeRange}). A value that is absent or not
     * of the range's kind is outside.
     */
    public sealed interface ValueRange permits Range, TimeRange {
        /** Whether the value (an attribute's text) lies in the range. */
        boolean contains(String value);

        /**
         * Parses {@code MIN..MAX}: numbers ({@code 18..65}, {@code ..1000}) or dates and times
         * ({@code 2022-01-01..2022-06-30}, {@code 2022-03-01T08:00:00Z..}). Errors say what is wrong with the text;
         * callers prefix where it came from.
         */
        static ValueRange parse(String text) {
            int dots = text.indexOf("..");
            if (dots < 0) throw new TrustedMiningException("expected MIN..MAX (either end may be left out, e.g. ..1000)");
            String min = text.substring(0, dots).strip();
            String max = text.substring(dots + 2).strip();
            BigDecimal minNumber = number(min);
            BigDecimal maxNumber = number(max);
            if ((min.isEmpty() || minNumber != null) && (max.isEmpty() || maxNumber != null)) {
                return new Range(minNumber, maxNumber);
            }
            Instant minTime = TimeRange.time(min);
            Instant maxTime = TimeRange.time(max);
            if ((min.isEmpty() || minTime != null) && (max.isEmpty() || maxTime != null)) {
                return TimeRange.of(min.isEmpty() ? null : min, max.isEmpty() ? null : max);
            }
            for (String end : List.of(min, max)) {
                if (!end.isEmpty() && number(end) == null && TimeRange.time(end) == null) {
                    throw new TrustedMiningException("'" + end + "' is not a number, date or time");
                }
            }
            throw new TrustedMiningException("range " + text.strip() + " mixes a number and a date or time");
        }
    }

    /** A closed range of decimal numbers; a null end is open. */
    public record Range(BigDecimal min, BigDecimal max) implements ValueRange {
        public Range {
            if (min == null && max == null) throw new TrustedMiningException("case selection: a range needs an end");
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw new TrustedMiningException("case selection: range [" + min.toPlainString() + ", "
                        + max.toPlainString() + "] is empty");
            }
        }

        @Override
        public boolean contains(String value) {
            BigDecimal v = number(value);
            return v != null && (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0);
        }

        @Override
        public String toString() {
            return "[" + (min == null ? "-inf" : min.toPlainString()) + ", " + (max == null ? "+inf" : max.toPlainString()) + "]";
        }
    }

    /**
     * A closed range of times: {@code [from, until)} on the time line, with its ends as given ({@code min},
     * {@code max}; null is open). An end may be a date ({@code 2022-06-30}: the whole day, UTC, so a {@code max}
     * date includes its last instant) or an ISO-8601 time with offset. A value is read as such a time, or as a local
     * date-time ({@code 2022-06-30T12:00:00}), taken as UTC as database timestamps without zone are.
     */
    public record TimeRange(String min, String max, Instant from, Instant until) implements ValueRange {
        public TimeRange {
            if (min == null && max == null) throw new TrustedMiningException("case selection: a range needs an end");
            if (from != null && until != null && !from.isBefore(until)) {
                throw new TrustedMiningException("case selection: range [" + min + ", " + max + "] is empty");
            }
        }

        /** The range from {@code min} to {@code max} (dates or times; null for an open end). */
        public static TimeRange of(String min, String max) {
            Instant from = min == null ? null : required(min);
            Instant until = null;
            if (max != null) {
                Instant end = required(max);
                // a date ends with its day; a time is itself the last instant in
                until = max.length() == 10 ? end.plus(java.time.Duration.ofDays(1)) : end.plusNanos(1);
            }
            return new TimeRange(min, max, from, until);
        }

        private static Instant required(String text) {
            Instant t = time(text);
            if (t == null) throw new TrustedMiningException("'" + text + "' is not a date or time");
            return t;
        }

        /** A date (midnight UTC), a time with offset or a local date-time (UTC); null if the text is none. */
        static Instant time(String text) {
            if (text == null || text.isBlank()) return null;
            String t = text.strip();
            try {
                if (t.length() == 10) return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notLocal) {
                    return null;
                }
            }
        }

        @Override
        public boolean contains(String value) {
            Instant v = time(value);
            return v != null && (from == null || !v.isBefore(from)) && (until == null || v.isBefore(until));
        }

        @Override
        public String toString() {
            return "[" + (min == null ? "-inf" : min) + ", " + (max == null ? "+inf" : max) + "]";
        }
    }

    public CaseSelection {
        release = release == null ? null : Set.copyOf(release);
        withhold = Set.copyOf(withhold);
        if (from != null && until != null && !from.isBefore(until)) {
            throw new TrustedMiningException("case selection: window [" + from + ", " + until + ") is empty");
        }
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        attributes.forEach((key, values) -> {
            if (values.isEmpty()) throw new TrustedMiningException("case selection: attribute " + key + " has no values");
            copy.put(key, Set.copyOf(values));
        });
        attributes = java.util.Collections.unmodifiableMap(copy);
        ranges = java.util.Collections.unmodifiableMap(new TreeMap<>(ranges));
    }

    public CaseSelection withRelease(Set<String> ids) {
        return new CaseSelection(ids, withhold, from, until, attributes, ranges);
    }

    public CaseSelection withWithhold(Set<String> ids) {
        return new CaseSelection(release, ids, from, until, attributes, ranges);
    }

    /** Cases whose first event lies in [from, until); either end may be null (open). */
    public CaseSelection withStart(Instant from, Instant until) {
        return new CaseSelection(release, withhold, from, until, attributes, ranges);
    }

    /** Adds (ANDs) a condition: the case's value of {@code key} is one of {@code values}. */
    public CaseSelection withAttribute(String key, Set<String> values) {
        Map<String, Set<String>> more = new TreeMap<>(attributes);
        if (more.containsKey(key)) throw new TrustedMiningException("case selection: attribute " + key + " is given twice");
        more.put(key, values);
        return new CaseSelection(release, withhold, from, until, more, ranges);
    }

    /** Adds (ANDs) a condition: the case's value of {@code key}, read as a number or a time, lies in {@code range}. */
    public CaseSelection withRange(String key, ValueRange range) {
        Map<String, ValueRange> more = new TreeMap<>(ranges);
        if (more.containsKey(key)) throw new TrustedMiningException("case selection: range of " + key + " is given twice");
        more.put(key, range);
        return new CaseSelection(release, withhold, from, until, attributes, more);
    }

    /**
     * A start-window end: a date ({@code 2022-02-01}, midnight UTC) or an ISO-8601 instant with offset
     * ({@code 2022-02-01T08:00:00Z}).
     */
    public static Instant parseTime(String text) {
        Instant t = TimeRange.time(text);
        if (t == null) {
            throw new TrustedMiningException("'" + text + "' is not a date or time (expected e.g. 2022-02-01 or 2022-02-01T08:00:00Z)");
        }
        return t;
    }

    /** Whether this selection releases every case. */
    public boolean all() {
        return equals(ALL);
    }

    /** Whether the case is released. */
    public boolean test(Trace trace) {
        String id = trace.caseId();
        if (release != null && !release.contains(id)) return false;
        if (withhold.contains(id)) return false;
        if (from != null || until != null) {
            Instant start = start(trace);
            if (start == null) return false;
            if (from != null && start.isBefore(from)) return false;
            if (until != null && !start.isBefore(until)) return false;
        }
        for (Map.Entry<String, Set<String>> condition : attributes.entrySet()) {
            String value = value(trace, condition.getKey());
            if (value == null || !condition.getValue().contains(value)) return false;
        }
        for (Map.Entry<String, ValueRange> condition : ranges.entrySet()) {
            if (!condition.getValue().contains(value(trace, condition.getKey()))) return false;
        }
        return true;
    }

    /** The text as a decimal number (surrounding blanks ignored), or null if it is none. */
    private static BigDecimal number(String text) {
        if (text == null) return null;
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Tests cases like {@link #test} and counts the listed ids it meets, so a provider can say which listed ids are
     * not among its cases: a withheld id that matches nothing is most likely a typo, and the case it meant is released.
     * Each case id must be seen once (a provider's case ids are unique).
     */
    public Tally tally() {
        return new Tally();
    }

    /** See {@link #tally()}. */
    public final class Tally {
        private int releaseListed;
        private int withholdListed;

        private Tally() {
        }

        public boolean test(Trace trace) {
            if (release != null && release.contains(trace.caseId())) releaseListed++;
            if (withhold.contains(trace.caseId())) withholdListed++;
            return CaseSelection.this.test(trace);
        }

        /** How many listed ids matched a case: "release list: 3 of 3 ids found; withhold list: 19 of 20 ids found", or "". */
        public String listsFound() {
            List<String> parts = new ArrayList<>();
            if (release != null) parts.add("release list: " + releaseListed + " of " + ids(release.size()) + " found");
            if (!withhold.isEmpty()) parts.add("withhold list: " + withholdListed + " of " + ids(withhold.size()) + " found");
            return String.join("; ", parts);
        }

        /** Withheld ids that matched no case. */
        public int withheldNotFound() {
            return withhold.size() - withholdListed;
        }
    }

    private static Instant start(Trace trace) {
        Instant first = null;
        for (Event e : trace.events()) {
            Instant t = e.timestamp();
            if (t != null && (first == null || t.isBefore(first))) first = t;
        }
        return first;
    }

    private static String value(Trace trace, String key) {
        String own = trace.attributes().getText(key);
        if (own != null) return own;
        for (Event e : trace.events()) {
            String v = e.attributes().getText(key);
            if (v != null) return v;
        }
        return null;
    }

    /** One line for release records and logs: the conditions, lists by their size only (ids never leave). */
    public String describe() {
        if (all()) return "all cases";
        List<String> parts = new ArrayList<>();
        if (release != null) parts.add("release list of " + ids(release.size()));
        if (!withhold.isEmpty()) parts.add("withhold list of " + ids(withhold.size()));
        if (from != null || until != null) {
            parts.add("started in [" + (from == null ? "-inf" : from) + ", " + (until == null ? "+inf" : until) + ")");
        }
        attributes.forEach((key, values) -> parts.add(key + " in " + new TreeSet<>(values)));
        ranges.forEach((key, range) -> parts.add(key + " in " + range));
        return String.join(" and ", parts);
    }

    private static String ids(int n) {
        return n + (n == 1 ? " id" : " ids");
    }

    /**
     * Case ids from a file, one per line (surrounding blanks stripped; blank lines and lines starting with '#'
     * skipped). Errors name {@code option} and the file; an empty list is refused (an empty release list would
     * release nothing, an empty withhold list is most likely the wrong file).
     */
    public static Set<String> readIds(String option, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TrustedMiningException(option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new TrustedMiningException(option + " " + file + ": cannot read (" + e.getMessage() + ")");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines) {
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) ids.add(id);
        }
        if (ids.isEmpty()) throw new TrustedMiningException(option + " " + file + ": no case ids in it");
        return ids;
    }
}
