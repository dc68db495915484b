package io.coalition.eventlog;

/**
 * Where in an input something was found: a source (file name or description) and a position in it.
 * Unknown parts are -1 (line, column, row) or {@code null} (field).
 *
 * @param source the file or stream name
 * @param line   1-based line, or -1
 * @param column 1-based column, or -1
 * @param row    1-based CSV record number (header excluded), or -1
 * @param field  a field path or column name, or {@code null}
 */
public record Location(String source, long line, long column, long row, String field) {

    public static Location of(String source) {
        return new Location(source, -1, -1, -1, null);
    }

    public static Location at(String source, long line, long column) {
        return new Location(source, line, column, -1, null);
    }

    public static Location row(String source, long row, String field) {
        return new Location(source, -1, -1, row, field);
    }

    public static Location field(String source, String field) {
        return new Location(source, -1, -1, -1, field);
    }

    /** e.g. {@code log.xes:12:5}, {@code log.csv row 7, column 'time'}, {@code log.jsonocel at events[3].time}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source == null ? "<input>" : source);
        if (line >= 0) {
            sb.append(':').append(line);
            if (column >= 0) sb.append(':').append(column);
        }
        if (row >= 0) sb.append(" row ").append(row);
        if (field != null) sb.append(row >= 0 ? ", column '" : " at ").append(field).append(row >= 0 ? "'" : "");
        return sb.toString();
    }
}
