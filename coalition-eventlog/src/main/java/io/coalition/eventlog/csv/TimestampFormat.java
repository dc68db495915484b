package io.coalition.eventlog.csv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;

/**
 * A timestamp format for CSV values: a formatter plus the text shown to users when a value does not match.
 *
 * <p>Inference tries the {@link #CANDIDATES} in order and keeps the first that parses every value of a
 * column. Day-first comes before month-first, so a column whose dates are all ambiguous (every day and
 * month at most 12) is read day-first, as most CSV exports outside the US are; such files need an explicit
 * {@code MM/dd/yyyy} format to be read month-first. A column with a day above 12 in the second position
 * can only be month-first and is read so.
 */
final class TimestampFormat {
    private final String description;
    private final DateTimeFormatter formatter;

    private TimestampFormat(String description, DateTimeFormatter formatter) {
        this.description = description;
        this.formatter = formatter;
    }

    /** The formats tried, in order, when none is given. */
    static final List<TimestampFormat> CANDIDATES = List.of(
            candidate("ISO-8601", "uuuu-MM-dd'T'HH:mm[:ss]", true),
            candidate("yyyy-MM-dd HH:mm[:ss][.SSS][XXX]", "uuuu-MM-dd HH:mm[:ss]", true),
            candidate("yyyy-MM-dd", "uuuu-MM-dd", false),
            candidate("yyyy/MM/dd HH:mm[:ss]", "uuuu/MM/dd[ HH:mm[:ss]]", true),
            candidate("dd-MM-yyyy HH:mm[:ss]", "dd-MM-uuuu[ HH:mm[:ss]]", true),
            candidate("dd/MM/yyyy HH:mm[:ss]", "dd/MM/uuuu[ HH:mm[:ss]]", true),
            candidate("MM/dd/yyyy HH:mm[:ss]", "MM/dd/uuuu[ HH:mm[:ss]]", true),
            candidate("dd.MM.yyyy HH:mm[:ss]", "dd.MM.uuuu[ HH:mm[:ss]]", true));

    private static TimestampFormat candidate(String description, String pattern, boolean fractionAndOffset) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern);
        if (fractionAndOffset) {
            b.optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd();
            b.optionalStart().appendPattern("[XXX][XX]").optionalEnd();
        }
        return new TimestampFormat(description, b.toFormatter().withResolverStyle(ResolverStyle.STRICT));
    }

    /** A user-given {@link DateTimeFormatter} pattern. */
    static TimestampFormat ofPattern(String pattern) {
        return new TimestampFormat(pattern, DateTimeFormatter.ofPattern(pattern));
    }

    /** The first candidate that parses all {@code values} (empty ones skipped), or {@code null}. */
    static TimestampFormat infer(Iterable<String> values, ZoneId zone) {
        for (TimestampFormat f : CANDIDATES) {
            if (f.parsesAll(values, zone)) return f;
        }
        return null;
    }

    /** The candidate that parses the longest run of values from the start: the likely intended one. */
    static TimestampFormat closest(List<String> values, ZoneId zone) {
        TimestampFormat best = CANDIDATES.get(0);
        int bestRun = -1;
        for (TimestampFormat f : CANDIDATES) {
            int run = 0;
            for (String v : values) {
                if (v == null || v.isEmpty()) continue;
                if (f.parse(v, zone) == null) break;
                run++;
            }
            if (run > bestRun) {
                best = f;
                bestRun = run;
            }
        }
        return best;
    }

    boolean parsesAll(Iterable<String> values, ZoneId zone) {
        boolean any = false;
        for (String v : values) {
            if (v == null || v.isEmpty()) continue;
            if (parse(v, zone) == null) return false;
            any = true;
        }
        return any;
    }

    /** The instant {@code text} denotes (zone-less values in {@code zone}), or {@code null} if it does not parse. */
    Instant parse(String text, ZoneId zone) {
        try {
            TemporalAccessor t = formatter.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
            if (t instanceof OffsetDateTime) return ((OffsetDateTime) t).toInstant();
            if (t instanceof LocalDateTime) return ((LocalDateTime) t).atZone(zone).toInstant();
            return ((LocalDate) t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
