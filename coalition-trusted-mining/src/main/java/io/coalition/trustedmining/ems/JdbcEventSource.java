package io.coalition.trustedmining.ems;

import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.trustedmining.TrustedMiningException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An {@link EventSource} on a relational database over JDBC (tested against PostgreSQL): a table, or any SQL
 * query, whose rows are events, mapped to case id, activity, timestamp and further attributes by column names.
 *
 * <p>Cases are ordered by case id as the database orders it, events within a case by timestamp and then by an
 * optional order column (so events with equal timestamps keep their recorded order). The source keeps only the
 * ordered list of case ids; each {@link #read} is one streamed query from a case id on ({@code case >= ?}, the
 * same ordering), with a fetch size, so a provider never holds more than the cases it is encoding.
 *
 * <p>Timestamps: {@code timestamptz} as is; {@code timestamp} without time zone is read as UTC; text as ISO-8601.
 * A row without case id, activity or timestamp is an error naming the case and column. Attribute columns become
 * typed attributes (text, integer, floating point, boolean, timestamp); SQL NULL means "no attribute".
 *
 * <p>Not thread-safe: one connection, opened on first use and closed by {@link #close()} (the {@code LogProvider}
 * serializes its calls).
 */
public final class JdbcEventSource implements EventSource, AutoCloseable {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int FETCH_SIZE = 1000;

    private final String url;
    private final Properties properties;
    private final Mapping mapping;
    private final List<String> caseIds;
    private Connection connection;

    /**
     * Which columns of which rows are the events.
     *
     * @param query      a table name, or a SELECT whose rows are events (the provider's own configuration: trusted)
     * @param caseId     column holding the case id (the merge key)
     * @param activity   column holding the activity ({@code concept:name})
     * @param timestamp  column holding the time ({@code time:timestamp})
     * @param order      optional column ordering events with equal timestamps within a case; {@code null} for none
     * @param attributes further columns -> attribute keys (e.g. {@code resource -> org:resource})
     */
    public record Mapping(String query, String caseId, String activity, String timestamp, String order,
                          Map<String, String> attributes) {
        public Mapping {
            Objects.requireNonNull(query, "query");
            column("case id", caseId);
            column("activity", activity);
            column("timestamp", timestamp);
            if (order != null) column("order", order);
            attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            for (String c : attributes.keySet()) column("attribute", c);
        }

        /** A table with Coalition's default columns: {@code case_id, activity, ts, event_index}, no attributes. */
        public static Mapping table(String table) {
            return new Mapping(table, "case_id", "activity", "ts", "event_index", Map.of());
        }

        public Mapping withAttributes(Map<String, String> columnsToKeys) {
            return new Mapping(query, caseId, activity, timestamp, order, columnsToKeys);
        }

        /** The rows as a derived table: a bare table name (optionally schema-qualified) or a parenthesised query. */
        String from() {
            String q = query.strip();
            if (q.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) return q;
            if (!q.regionMatches(true, 0, "select", 0, 6) && !q.regionMatches(true, 0, "with", 0, 4)) {
                throw new TrustedMiningException("JDBC mapping: query must be a table name or a SELECT, got '"
                        + (q.length() > 40 ? q.substring(0, 40) + "..." : q) + "'");
            }
            return "(" + q + ")";
        }

        private static void column(String role, String name) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new TrustedMiningException("JDBC mapping: " + role + " column '" + name
                        + "' is not a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
            }
        }
    }

    private JdbcEventSource(String url, Properties properties, Mapping mapping) {
        this.url = Objects.requireNonNull(url, "url");
        this.properties = (Properties) properties.clone();
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        List<String> ids = new ArrayList<>();
        String sql = "SELECT DISTINCT " + mapping.caseId() + " FROM " + mapping.from() + " q ORDER BY " + mapping.caseId();
        try (PreparedStatement st = connection().prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (id == null) throw new TrustedMiningException(describe() + ": a row has no case id (column " + mapping.caseId() + ")");
                ids.add(id);
            }
        } catch (SQLException e) {
            close();
            throw new TrustedMiningException(describe() + ": cannot list the cases: " + e.getMessage(), e);
        }
        this.caseIds = List.copyOf(ids);
    }

    /** Connects with {@code properties} (e.g. user, password) and lists the cases. */
    public static JdbcEventSource open(String url, Properties properties, Mapping mapping) {
        return new JdbcEventSource(url, properties, mapping);
    }

    @Override
    public String describe() {
        // the URL without its query string, which may carry a password
        int q = url.indexOf('?');
        return "JDBC " + (q < 0 ? url : url.substring(0, q)) + " " + mapping.from().replaceAll("\\s+", " ");
    }

    @Override
    public int caseCount() {
        return caseIds.size();
    }

    @Override
    public void read(int from, Predicate<Trace> visitor) {
        if (from >= caseIds.size()) return;
        StringBuilder sql = new StringBuilder("SELECT ").append(mapping.caseId()).append(", ").append(mapping.activity())
                .append(", ").append(mapping.timestamp());
        for (String c : mapping.attributes().keySet()) sql.append(", ").append(c);
        sql.append(" FROM ").append(mapping.from()).append(" q WHERE ").append(mapping.caseId()).append(" >= ? ORDER BY ")
                .append(mapping.caseId()).append(", ").append(mapping.timestamp());
        if (mapping.order() != null) sql.append(", ").append(mapping.order());
        Connection c = connection();
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement st = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(FETCH_SIZE);
                st.setString(1, caseIds.get(from));
                try (ResultSet rs = st.executeQuery()) {
                    stream(rs, visitor);
                }
            } finally {
                c.rollback(); // read only: nothing to keep
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot read cases from " + caseIds.get(from) + ": " + e.getMessage(), e);
        }
    }

    private void stream(ResultSet rs, Predicate<Trace> visitor) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        String current = null;
        List<Event> events = new ArrayList<>();
        while (rs.next()) {
            String caseId = rs.getString(1);
            if (caseId == null) throw new TrustedMiningException(describe() + ": a row has no case id (column " + mapping.caseId() + ")");
            if (current != null && !current.equals(caseId)) {
                if (!visitor.test(Trace.of(current, List.copyOf(events)))) return;
                events.clear();
            }
            current = caseId;
            events.add(event(rs, meta, caseId));
        }
        if (current != null) visitor.test(Trace.of(current, List.copyOf(events)));
    }

    private Event event(ResultSet rs, ResultSetMetaData meta, String caseId) throws SQLException {
        String activity = rs.getString(2);
        if (activity == null) {
            throw new TrustedMiningException(describe() + ": case " + caseId + ": a row has no activity (column " + mapping.activity() + ")");
        }
        Instant time = instant(rs, meta, 3, caseId, mapping.timestamp());
        if (time == null) {
            throw new TrustedMiningException(describe() + ": case " + caseId + ": a row has no timestamp (column " + mapping.timestamp() + ")");
        }
        Attributes.Builder a = Attributes.builder().put(XesKeys.CONCEPT_NAME, activity).put(XesKeys.TIME_TIMESTAMP, time);
        int i = 4;
        for (Map.Entry<String, String> e : mapping.attributes().entrySet()) {
            Object value = switch (meta.getColumnType(i)) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                    long v = rs.getLong(i);
                    yield rs.wasNull() ? null : v;
                }
                case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL -> {
                    double v = rs.getDouble(i);
                    yield rs.wasNull() ? null : v;
                }
                case Types.BOOLEAN, Types.BIT -> {
                    boolean v = rs.getBoolean(i);
                    yield rs.wasNull() ? null : v;
                }
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> instant(rs, meta, i, caseId, e.getKey());
                default -> rs.getString(i);
            };
            if (value != null) a.put(e.getValue(), value);
            i++;
        }
        return new Event(a.build());
    }

    private Instant instant(ResultSet rs, ResultSetMetaData meta, int column, String caseId, String name) throws SQLException {
        String type = meta.getColumnTypeName(column).toLowerCase(java.util.Locale.ROOT);
        if (type.equals("timestamptz") || meta.getColumnType(column) == Types.TIMESTAMP_WITH_TIMEZONE) {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        if (meta.getColumnType(column) == Types.TIMESTAMP) {
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC);
        }
        String text = rs.getString(column);
        if (text == null) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException ex) {
            throw new TrustedMiningException(describe() + ": case " + caseId + ": column " + name + " holds '" + text
                    + "', expected an ISO-8601 time with offset", ex);
        }
    }

    private Connection connection() {
        try {
            if (connection == null || connection.isClosed()) connection = DriverManager.getConnection(url, properties);
            return connection;
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot connect: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot close: " + e.getMessage(), e);
        } finally {
            connection = null;
        }
    }
}
