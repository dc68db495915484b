package io.coalition.trustedmining.ems;

import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.trustedmining.TrustedMiningException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An {@link EventSource} on a relational database over JDBC (tested against PostgreSQL and H2): a table, or any
 * SQL query, whose rows are events, mapped to case id, activity, timestamp and further attributes by column names.
 *
 * <p><b>Order.</b> Cases come in {@link CanonicalOrder} (UTF-8 bytes of the case id), the order a Log Provider
 * serves them in, whatever the database's collation, so the provider reads its source in one pass. Events within a
 * case come by timestamp and then by an optional order column (events with equal timestamps keep their recorded
 * order). Two ways to get there ({@link CaseOrder}):
 * <ul>
 *   <li>{@code DATABASE}: the database sorts by a byte-order form of the case id: PostgreSQL on a UTF8 database
 *   {@code case COLLATE "C"}, H2 {@code CAST(case AS VARBINARY)} (UTF-8, compared unsigned). The source lists the
 *   distinct ids once ({@code GROUP BY} that form, so a case-insensitive or otherwise nondeterministic collation
 *   cannot merge two ids) and each {@link #read} is one streamed query from a case id on ({@code form >= ?}); on
 *   PostgreSQL a {@code DECLARE}d cursor, so that an index on {@code (case COLLATE "C", timestamp, order)} is walked
 *   rather than the rows sorted (see {@link JdbcEventTables#canonicalIndex}); the first read logs a hint when the
 *   plan still sorts.</li>
 *   <li>{@code CLIENT}, for any database: the source reads the case id of every row once (no {@code DISTINCT}, which
 *   a collation could fold) and sorts the distinct ids in Java, in memory up to {@link Options#sortBudget()} ids and
 *   by an external merge of sorted runs on disk beyond it; a {@link #read} then fetches cases in that order in
 *   chunks, {@code WHERE case IN (...)} of 16, 32, ... up to {@link Options#chunkCases()} cases per query, keeping
 *   only rows whose id is exactly one of the chunk's (a collation may match more), and hands them out in order.</li>
 * </ul>
 * {@code AUTO} (the default) takes {@code DATABASE} where the dialect has a byte-order form and the listed ids come
 * back in canonical order, {@code CLIENT} otherwise. Either way a {@link #read} that gets a case out of canonical
 * order fails rather than serve it.
 *
 * <p>Memory: the sorted case ids (in memory up to the sort budget, else on disk with one offset per 256 ids) and,
 * in {@code CLIENT} mode, the rows of one chunk of cases.
 *
 * <p>Timestamps: {@code timestamptz} as is; {@code timestamp} without time zone is read as UTC; text as ISO-8601.
 * A row without case id, activity or timestamp is an error naming the case and column. Attribute columns become
 * typed attributes (text, integer, floating point, boolean, timestamp); SQL NULL means "no attribute". A case id
 * column that is not text is read as its text form ({@code CAST(... AS VARCHAR)}).
 *
 * <p>Not thread-safe: one connection, opened on first use and closed by {@link #close()} (the {@code LogProvider}
 * serializes its calls).
 */
public final class JdbcEventSource implements EventSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcEventSource.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int FETCH_SIZE = 1000;
    /** The PostgreSQL cursor of a DATABASE-mode read (one at a time per connection). */
    private static final String CURSOR = "coalition_read";
    /** Cases in a CLIENT read's first chunk; later chunks double up to the configured size. */
    private static final int FIRST_CHUNK = 16;
    /** Bind parameters per query stay well below PostgreSQL's 32767 (and other drivers' limits). */
    static final int MAX_CHUNK_CASES = 10_000;

    /** How the source puts its cases in canonical order (see the class comment). */
    public enum CaseOrder {
        /** {@code DATABASE} where the dialect allows it, else {@code CLIENT}. */
        AUTO,
        /** The database sorts by the case id's bytes; an error where the dialect has no such form. */
        DATABASE,
        /** Sorted in Java, then read in chunks of cases; works on any database. */
        CLIENT
    }

    /**
     * How to read.
     *
     * @param caseOrder      see {@link CaseOrder}
     * @param sortBudget     at most this many distinct case ids are held in memory; beyond, they are sorted in runs
     *                       on disk and merged, and the sorted list stays on disk
     * @param chunkCases     most cases per {@code IN (...)} query in {@code CLIENT} mode (1..10000)
     * @param spillDirectory where the runs go; {@code null} for the JVM's temporary directory
     */
    public record Options(CaseOrder caseOrder, int sortBudget, int chunkCases, Path spillDirectory) {
        public static final Options DEFAULT = new Options(CaseOrder.AUTO, 1_000_000, 1000, null);

        public Options {
            Objects.requireNonNull(caseOrder, "caseOrder");
            if (sortBudget < 1) {
                throw new TrustedMiningException("JDBC options: sort budget " + sortBudget + " case ids, expected at least 1");
            }
            if (chunkCases < 1 || chunkCases > MAX_CHUNK_CASES) {
                throw new TrustedMiningException("JDBC options: chunk of " + chunkCases + " cases, expected 1.." + MAX_CHUNK_CASES);
            }
        }

        public Options withCaseOrder(CaseOrder order) {
            return new Options(order, sortBudget, chunkCases, spillDirectory);
        }

        public Options withSortBudget(int ids) {
            return new Options(caseOrder, ids, chunkCases, spillDirectory);
        }

        public Options withChunkCases(int cases) {
            return new Options(caseOrder, sortBudget, cases, spillDirectory);
        }

        public Options withSpillDirectory(Path directory) {
            return new Options(caseOrder, sortBudget, chunkCases, directory);
        }
    }

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

    /** Opens connections: a URL with properties, or a DataSource. */
    private interface Connector {
        Connection connect() throws SQLException;
    }

    /**
     * A byte-order form of the case id in some dialect, how a case id binds to compare with it ({@code binary}:
     * as UTF-8 bytes), and whether reads go through a {@code DECLARE}d cursor (PostgreSQL).
     */
    private record ByteOrder(String expression, boolean binary, boolean cursor) {
    }

    private final String where;
    private final Mapping mapping;
    private final Options options;
    private final Connector connector;
    private final String idExpression;
    private final SortedCaseIds caseIds;
    private Connection connection;
    /** The byte-order form the database sorts by; null in CLIENT mode. */
    private ByteOrder byteOrder;
    /** Whether PostgreSQL's plan for a read was checked for a Sort (once, at the first read). */
    private boolean planChecked;

    private JdbcEventSource(String where, Connector connector, Mapping mapping, Options options) {
        this.where = where;
        this.connector = connector;
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.options = Objects.requireNonNull(options, "options");
        try {
            this.idExpression = idExpression();
            ByteOrder form = null;
            if (options.caseOrder() != CaseOrder.CLIENT) {
                String why = dialectWithoutByteOrder();
                if (why == null) {
                    form = byteOrder;
                } else if (options.caseOrder() == CaseOrder.DATABASE) {
                    throw new TrustedMiningException(describe() + ": case order DATABASE needs a byte-order form of the case id, but " + why);
                } else {
                    log.info("{}: {}; sorting the case ids in Java", describe(), why);
                }
            }
            SortedCaseIds ids = form == null ? null : listInDatabaseOrder(form);
            if (ids == null) {
                byteOrder = null;
                ids = listAndSort();
            }
            this.caseIds = ids;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("{}: {} cases, ordered by {}{}", describe(), caseIds.size(),
                byteOrder == null ? "Java (chunks of up to " + options.chunkCases() + " cases)" : byteOrder.expression(),
                caseIds.spilled() ? ", ids sorted on disk" : "");
    }

    /** Connects with {@code properties} (e.g. user, password) and lists the cases, with {@link Options#DEFAULT}. */
    public static JdbcEventSource open(String url, Properties properties, Mapping mapping) {
        return open(url, properties, mapping, Options.DEFAULT);
    }

    /** Connects with {@code properties} (e.g. user, password) and lists the cases. */
    public static JdbcEventSource open(String url, Properties properties, Mapping mapping, Options options) {
        Objects.requireNonNull(url, "url");
        Properties p = (Properties) properties.clone();
        return new JdbcEventSource(withoutParameters(url), () -> DriverManager.getConnection(url, p), mapping, options);
    }

    /** Takes connections from {@code dataSource} (one at a time) and lists the cases. */
    public static JdbcEventSource open(DataSource dataSource, Mapping mapping, Options options) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcEventSource(null, dataSource::getConnection, mapping, options);
    }

    /** True: cases come in canonical order in both modes (see the class comment). */
    @Override
    public boolean canonical() {
        return true;
    }

    /** How this source orders its cases: {@code DATABASE} or {@code CLIENT} (never {@code AUTO}). */
    public CaseOrder caseOrder() {
        return byteOrder == null ? CaseOrder.CLIENT : CaseOrder.DATABASE;
    }

    @Override
    public String describe() {
        String at = where;
        if (at == null) {
            try {
                at = connection == null ? "data source" : withoutParameters(connection.getMetaData().getURL());
            } catch (SQLException e) {
                at = "data source";
            }
        }
        return "JDBC " + at + " " + mapping.from().replaceAll("\\s+", " ");
    }

    /** The URL without its parameters ({@code ?...} or {@code ;...}), which may carry a password. */
    private static String withoutParameters(String url) {
        if (url == null) return "data source";
        int q = url.indexOf('?');
        int s = url.indexOf(';');
        int cut = q < 0 ? s : s < 0 ? q : Math.min(q, s);
        return cut < 0 ? url : url.substring(0, cut);
    }

    @Override
    public int caseCount() {
        return caseIds.size();
    }

    @Override
    public void read(int from, Predicate<Trace> visitor) {
        if (from >= caseIds.size()) return;
        if (byteOrder != null) readInDatabaseOrder(from, visitor);
        else readInChunks(from, visitor);
    }

    /** The case id as text: the column itself when it is text, else its text form (so ids compare as strings). */
    private String idExpression() {
        String sql = "SELECT " + mapping.caseId() + " FROM " + mapping.from() + " q WHERE 1 = 0";
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return switch (rs.getMetaData().getColumnType(1)) {
                case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.NCHAR, Types.LONGNVARCHAR,
                     Types.CLOB, Types.NCLOB -> mapping.caseId();
                default -> "CAST(" + mapping.caseId() + " AS VARCHAR)";
            };
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot read the case id column " + mapping.caseId() + ": " + e.getMessage(), e);
        }
    }

    /** Sets {@link #byteOrder} for this dialect and returns null, or says why there is none. */
    private String dialectWithoutByteOrder() {
        try {
            Connection c = connection();
            String product = c.getMetaData().getDatabaseProductName();
            switch (product) {
                case "PostgreSQL" -> {
                    // "C" compares bytes; the bytes are UTF-8 only in a UTF8 database
                    String encoding;
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_encoding")) {
                        rs.next();
                        encoding = rs.getString(1);
                    }
                    if (!"UTF8".equalsIgnoreCase(encoding)) {
                        return "the PostgreSQL server encoding is " + encoding + ", not UTF8";
                    }
                    byteOrder = new ByteOrder(idExpression + " COLLATE \"C\"", false, true);
                    return null;
                }
                case "H2" -> {
                    // H2 casts text to VARBINARY as UTF-8 and compares binary values unsigned
                    byteOrder = new ByteOrder("CAST(" + idExpression + " AS VARBINARY)", true, false);
                    return null;
                }
                default -> {
                    return "no byte-order form of a text column is known for " + product;
                }
            }
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot identify the database: " + e.getMessage(), e);
        }
    }

    /**
     * The distinct ids as the database orders them by {@code form}, checked to be in canonical order; null (AUTO)
     * when they are not, so the caller sorts them in Java.
     */
    private SortedCaseIds listInDatabaseOrder(ByteOrder form) {
        // MIN over a group of byte-identical ids is that id; GROUP BY the byte form keeps ids a collation would fold
        String sql = "SELECT MIN(" + idExpression + ") FROM " + mapping.from() + " q GROUP BY " + form.expression()
                + " ORDER BY " + form.expression();
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(options.sortBudget(), options.spillDirectory())) {
            String[] previous = {null};
            boolean inOrder = query(sql, null, rs -> {
                while (rs.next()) {
                    String id = caseId(rs);
                    if (previous[0] != null && CanonicalOrder.compare(previous[0], id) >= 0) {
                        String msg = "ordered by " + form.expression() + ", case " + id + " came after case " + previous[0]
                                + ": not ascending by UTF-8 bytes";
                        if (options.caseOrder() == CaseOrder.DATABASE) throw new TrustedMiningException(describe() + ": " + msg);
                        log.warn("{}: {}; sorting the case ids in Java instead", describe(), msg);
                        return false;
                    }
                    previous[0] = id;
                    sorter.add(id);
                }
                return true;
            });
            return inOrder ? sorter.finish() : null;
        }
    }

    /** Every row's case id, once; sorted and made distinct in Java. */
    private SortedCaseIds listAndSort() {
        String sql = "SELECT " + idExpression + " FROM " + mapping.from() + " q";
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(options.sortBudget(), options.spillDirectory())) {
            query(sql, null, rs -> {
                while (rs.next()) sorter.add(caseId(rs));
                return true;
            });
            SortedCaseIds ids = sorter.finish();
            if (sorter.runs() > 0) log.info("{}: {} case ids sorted in {} runs on disk", describe(), ids.size(), sorter.runs());
            return ids;
        }
    }

    private String caseId(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        if (id == null) throw new TrustedMiningException(describe() + ": a row has no case id (column " + mapping.caseId() + ")");
        return id;
    }

    private StringBuilder selectEvents() {
        StringBuilder sql = new StringBuilder("SELECT ").append(idExpression).append(", ").append(mapping.activity())
                .append(", ").append(mapping.timestamp());
        for (String c : mapping.attributes().keySet()) sql.append(", ").append(c);
        return sql.append(" FROM ").append(mapping.from()).append(" q WHERE ");
    }

    private String eventOrder() {
        return mapping.timestamp() + (mapping.order() == null ? "" : ", " + mapping.order());
    }

    /**
     * One streamed query from the case at {@code from} on, in the database's byte order. On PostgreSQL it runs as a
     * {@code DECLARE}d cursor fetched {@value #FETCH_SIZE} rows at a time: the planner then plans for a read that
     * stops early (a segment), so an index matching the ORDER BY is walked instead of all rows from the first case
     * being sorted (a plain query is planned for every row: Seq Scan + Sort even with the index). The first read
     * also asks for the plan and logs a hint when it still sorts.
     */
    private void readInDatabaseOrder(int from, Predicate<Trace> visitor) {
        String sql = databaseOrderQuery();
        String first = caseIds.get(from);
        Binder binder = st -> {
            if (byteOrder.binary()) st.setBytes(1, first.getBytes(StandardCharsets.UTF_8));
            else st.setString(1, first);
        };
        Streamer streamer = new Streamer(visitor);
        if (!byteOrder.cursor()) {
            query(sql, binder, rs -> streamer.rows(rs));
            streamer.finish();
            return;
        }
        if (!planChecked) {
            planChecked = true;
            String hint = sortHint(plan(sql, binder));
            if (hint != null) log.warn("{}: {}", describe(), hint);
        }
        Connection c = connection();
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement declare = c.prepareStatement("DECLARE " + CURSOR + " NO SCROLL CURSOR FOR " + sql)) {
                    binder.bind(declare);
                    declare.execute();
                }
                try (PreparedStatement fetch = c.prepareStatement("FETCH FORWARD " + FETCH_SIZE + " FROM " + CURSOR)) {
                    while (true) {
                        long before = streamer.seen;
                        boolean more;
                        try (ResultSet rs = fetch.executeQuery()) {
                            more = streamer.rows(rs);
                        }
                        if (!more || streamer.seen - before < FETCH_SIZE) break; // a short batch is the last
                    }
                }
            } finally {
                c.rollback(); // read only; also closes the cursor
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": query failed (" + e.getMessage() + "): " + sql, e);
        }
        streamer.finish();
    }

    /** The DATABASE-mode read: every event from a case id on ({@code ?}), ordered by byte form, time, order column. */
    private String databaseOrderQuery() {
        return selectEvents().append(byteOrder.expression()).append(" >= ? ORDER BY ").append(byteOrder.expression())
                .append(", ").append(eventOrder()).toString();
    }

    /**
     * PostgreSQL's plan (EXPLAIN, text) for a DATABASE-mode read from the case at {@code from}, as the source runs
     * it (a cursor); for tests and the hint. An error on other databases and in CLIENT mode.
     */
    String plan(int from) {
        if (byteOrder == null || !byteOrder.cursor()) throw new IllegalStateException(describe() + ": no PostgreSQL DATABASE-mode read to explain");
        String first = caseIds.get(from);
        return plan(databaseOrderQuery(), st -> st.setString(1, first));
    }

    private String plan(String sql, Binder binder) {
        StringBuilder plan = new StringBuilder();
        query("EXPLAIN DECLARE " + CURSOR + " NO SCROLL CURSOR FOR " + sql, binder, rs -> {
            while (rs.next()) plan.append(rs.getString(1)).append('\n');
            return true;
        });
        return plan.toString();
    }

    /** A plan node "Sort" (not "Incremental Sort", which sorts only within groups of an index's leading columns). */
    private static final Pattern SORT_NODE = Pattern.compile("(?m)^\\s*(->\\s+)?Sort\\s+\\(");

    /** The one-line hint for a plan that sorts, or null when it does not. */
    String sortHint(String plan) {
        if (!SORT_NODE.matcher(plan).find()) return null;
        String on = mapping.from().startsWith("(") ? "the table behind the query" : mapping.from();
        return "PostgreSQL sorts every row from the first case on for each read (no index matches the ORDER BY);"
                + " create one: CREATE INDEX ON " + on + " (" + (idExpression.equals(mapping.caseId()) ? idExpression : "(" + idExpression + ")")
                + " COLLATE \"C\", " + eventOrder() + ")";
    }

    /** Groups consecutive rows into traces for the visitor, across the result sets of one read. */
    private final class Streamer {
        private final Predicate<Trace> visitor;
        private final List<Event> events = new ArrayList<>();
        private String current;
        private boolean stopped;
        /** Rows taken so far. */
        long seen;

        Streamer(Predicate<Trace> visitor) {
            this.visitor = visitor;
        }

        /** Takes the rows of {@code rs}; false once the visitor stopped. */
        boolean rows(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                seen++;
                String caseId = caseId(rs);
                if (current != null && !current.equals(caseId)) {
                    if (CanonicalOrder.compare(current, caseId) > 0) {
                        throw new TrustedMiningException(describe() + ": ordered by " + byteOrder.expression() + ", case " + caseId
                                + " came after case " + current + ": not ascending by UTF-8 bytes");
                    }
                    if (!visitor.test(Trace.of(current, List.copyOf(events)))) {
                        stopped = true;
                        return false;
                    }
                    events.clear();
                }
                current = caseId;
                events.add(event(rs, meta, caseId));
            }
            return true;
        }

        /** Hands out the last case, unless the visitor stopped. */
        void finish() {
            if (!stopped && current != null) visitor.test(Trace.of(current, List.copyOf(events)));
        }
    }

    /**
     * Cases from {@code from} on in chunks of the sorted ids: one {@code IN (...)} query per chunk, its rows grouped
     * by exact case id (rows of ids outside the chunk, which a collation may let match, are dropped) and handed
     * out in the chunk's order. Chunks start small so a read that stops early (one segment) fetches little.
     */
    private void readInChunks(int from, Predicate<Trace> visitor) {
        int chunk = Math.min(FIRST_CHUNK, options.chunkCases());
        try (SortedCaseIds.Cursor ids = caseIds.cursor(from)) {
            while (ids.hasNext()) {
                List<String> batch = new ArrayList<>(chunk);
                while (batch.size() < chunk && ids.hasNext()) batch.add(ids.next());
                if (!readChunk(batch, chunk, visitor)) return;
                chunk = Math.min(chunk * 2, options.chunkCases());
            }
        }
    }

    /** Reads the cases of {@code batch} (at most {@code width}); false when the visitor stopped. */
    private boolean readChunk(List<String> batch, int width, Predicate<Trace> visitor) {
        // one statement shape per width: the unused places repeat the last id
        StringBuilder sql = selectEvents().append(idExpression).append(" IN (");
        for (int i = 0; i < width; i++) sql.append(i == 0 ? "?" : ", ?");
        sql.append(") ORDER BY ").append(eventOrder());
        Map<String, List<Event>> byCase = new HashMap<>(batch.size() * 2);
        for (String id : batch) byCase.put(id, new ArrayList<>());
        query(sql.toString(), st -> {
            for (int i = 0; i < width; i++) st.setString(i + 1, batch.get(Math.min(i, batch.size() - 1)));
        }, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                String caseId = caseId(rs);
                List<Event> events = byCase.get(caseId);
                if (events != null) events.add(event(rs, meta, caseId));
            }
            return true;
        });
        for (String id : batch) {
            List<Event> events = byCase.get(id);
            if (events.isEmpty()) {
                throw new TrustedMiningException(describe() + ": case " + id + " has no rows any more (the source changed since it was listed)");
            }
            if (!visitor.test(Trace.of(id, List.copyOf(events)))) return false;
            byCase.put(id, List.of()); // let the chunk's events go as they are handed out
        }
        return true;
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private interface Rows {
        boolean consume(ResultSet rs) throws SQLException;
    }

    /** Runs one read-only query, streamed with a cursor (PostgreSQL needs a transaction for that). */
    private boolean query(String sql, Binder binder, Rows rows) {
        Connection c = connection();
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(FETCH_SIZE);
                if (binder != null) binder.bind(st);
                try (ResultSet rs = st.executeQuery()) {
                    return rows.consume(rs);
                }
            } finally {
                c.rollback(); // read only: nothing to keep
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": query failed (" + e.getMessage() + "): " + sql, e);
        }
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
            if (connection == null || connection.isClosed()) connection = connector.connect();
            return connection;
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot connect: " + e.getMessage(), e);
        }
    }

    /** Closes the connection and removes the sorted case ids' files, if any. */
    @Override
    public void close() {
        try {
            if (caseIds != null) caseIds.close();
            if (connection != null) connection.close();
        } catch (SQLException e) {
            throw new TrustedMiningException(describe() + ": cannot close: " + e.getMessage(), e);
        } finally {
            connection = null;
        }
    }
}
