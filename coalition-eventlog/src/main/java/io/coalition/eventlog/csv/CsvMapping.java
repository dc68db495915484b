package io.coalition.eventlog.csv;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How the columns of a CSV file map to an event log. Every part may be left {@code null} to be inferred,
 * because most CSV exports follow a few naming habits (pm4py's {@code case:concept:name}, Disco's
 * {@code Case ID}) and users should not have to spell them out.
 *
 * @param caseColumn      the column holding the case id; {@code null} = the first of
 *                        {@code case:concept:name, case_id, case id, caseid, case} (case-insensitive)
 * @param activityColumn  the activity column; {@code null} = {@code concept:name, activity, activity name, event}
 * @param timestampColumn the timestamp column; {@code null} = {@code time:timestamp, timestamp, complete timestamp, time}
 * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern; {@code null} = inferred from the values
 * @param resourceColumn  the resource column; {@code null} = {@code org:resource, resource}
 * @param delimiter       the field separator; {@code null} = the most frequent of {@code , ; TAB |} in the header line
 * @param zone            the zone of timestamps written without an offset; never {@code null} (UTC by default)
 */
public record CsvMapping(String caseColumn, String activityColumn, String timestampColumn, String timestampFormat,
                         String resourceColumn, Character delimiter, ZoneId zone) {

    public CsvMapping {
        Objects.requireNonNull(zone, "zone");
    }

    /** Everything inferred, zone-less timestamps in UTC. */
    public static CsvMapping inferred() {
        return new CsvMapping(null, null, null, null, null, null, ZoneOffset.UTC);
    }

    public CsvMapping withCaseColumn(String column) {
        return new CsvMapping(column, activityColumn, timestampColumn, timestampFormat, resourceColumn, delimiter, zone);
    }

    public CsvMapping withActivityColumn(String column) {
        return new CsvMapping(caseColumn, column, timestampColumn, timestampFormat, resourceColumn, delimiter, zone);
    }

    public CsvMapping withTimestampColumn(String column) {
        return new CsvMapping(caseColumn, activityColumn, column, timestampFormat, resourceColumn, delimiter, zone);
    }

    public CsvMapping withTimestampFormat(String pattern) {
        return new CsvMapping(caseColumn, activityColumn, timestampColumn, pattern, resourceColumn, delimiter, zone);
    }

    public CsvMapping withResourceColumn(String column) {
        return new CsvMapping(caseColumn, activityColumn, timestampColumn, timestampFormat, column, delimiter, zone);
    }

    public CsvMapping withDelimiter(Character newDelimiter) {
        return new CsvMapping(caseColumn, activityColumn, timestampColumn, timestampFormat, resourceColumn, newDelimiter, zone);
    }

    public CsvMapping withZone(ZoneId newZone) {
        return new CsvMapping(caseColumn, activityColumn, timestampColumn, timestampFormat, resourceColumn, delimiter, newZone);
    }
}
