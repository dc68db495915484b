package io.coalition.trustedmining.ems;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.TrustedMiningException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes an event log into a table with the columns {@link JdbcEventSource.Mapping#table} reads ({@code case_id,
 * event_index, activity, ts}; standard SQL types, so PostgreSQL and H2 both take them) plus one text column per extra attribute: how an organization loads a
 * log into its database, and how tests fill PostgreSQL. One transaction: the table is complete or absent. On
 * PostgreSQL it also creates {@link #canonicalIndex} (so reads in canonical order walk an index, never sort the table)
 * and analyzes the table.
 */
public final class JdbcEventTables {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JdbcEventTables() {
    }

    /**
     * Creates {@code table} and inserts every event of {@code log} (traces need {@code concept:name}, events
     * {@code concept:name} and {@code time:timestamp}); {@code attributes} maps column -> attribute key, stored as
     * text. Returns the number of rows.
     */
    public static long store(Connection c, String table, EventLog log, Map<String, String> attributes) {
        check(table);
        attributes.keySet().forEach(JdbcEventTables::check);
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table)
                .append(" (case_id varchar NOT NULL, event_index integer NOT NULL, activity varchar NOT NULL, ts timestamp with time zone NOT NULL");
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table).append(" (case_id, event_index, activity, ts");
        for (String col : attributes.keySet()) {
            ddl.append(", ").append(col).append(" varchar");
            insert.append(", ").append(col);
        }
        ddl.append(", PRIMARY KEY (case_id, event_index))");
        insert.append(") VALUES (?, ?, ?, ?").append(", ?".repeat(attributes.size())).append(")");
        long rows = 0;
        try {
            boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(ddl.toString());
                    // PostgreSQL: the index JdbcEventSource's DATABASE-mode reads walk instead of sorting (H2 sorts
                    // by CAST(case_id AS VARBINARY), which no H2 index can hold)
                    if (postgres) st.execute(canonicalIndex(table));
                }
                // prepared after the CREATE: some drivers (H2) check the table when preparing
                PreparedStatement ins = c.prepareStatement(insert.toString());
                int t = 0;
                for (Trace trace : log.traces()) {
                    t++;
                    if (trace.caseId() == null) throw new TrustedMiningException("trace " + t + " has no concept:name (the case id)");
                    int i = 0;
                    for (Event e : trace.events()) {
                        String activity = e.attributes().getText("concept:name");
                        if (activity == null || e.timestamp() == null) {
                            throw new TrustedMiningException("case " + trace.caseId() + " event " + (i + 1)
                                    + ": needs concept:name and time:timestamp");
                        }
                        ins.setString(1, trace.caseId());
                        ins.setInt(2, i++);
                        ins.setString(3, activity);
                        ins.setObject(4, OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
                        int k = 5;
                        for (String key : attributes.values()) {
                            Object v = e.attributes().get(key);
                            ins.setString(k++, v == null ? null : v.toString());
                        }
                        ins.addBatch();
                        rows++;
                    }
                    if (t % 200 == 0) ins.executeBatch();
                }
                ins.executeBatch();
                ins.close();
                if (postgres) {
                    try (Statement st = c.createStatement()) {
                        st.execute("ANALYZE " + table); // statistics for the planner now, not at autovacuum's next visit
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new TrustedMiningException("table " + table + ": cannot store the log: " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * The PostgreSQL index matching the ORDER BY of {@link JdbcEventSource}'s DATABASE-mode reads on a table with the
     * default columns ({@link JdbcEventSource.Mapping#table}): {@code (case_id COLLATE "C", ts, event_index)}.
     */
    public static String canonicalIndex(String table) {
        check(table);
        return "CREATE INDEX " + table + "_canonical ON " + table + " (case_id COLLATE \"C\", ts, event_index)";
    }

    private static void check(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new TrustedMiningException("'" + name + "' is not a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
    }
}
