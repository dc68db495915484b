package io.coalition.trustedmining.ems;

import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.TrustedMiningException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC source's canonical order on an embedded H2 database whose collation is not byte order: English at
 * primary strength, which ignores case and accents ("a" = "A" = "ä") and so also folds ids in DISTINCT and IN.
 */
class JdbcCaseOrderTest {
    /** Ids whose collation order, UTF-16 order and UTF-8 byte order all differ. */
    static final List<String> IDS = List.of("a", "B", "ä", "Z", "é", "10", "9", "A", "b", "\uD83D\uDE00", "\uFFFD", "e");
    static final int EVENTS_PER_CASE = 3;

    @TempDir
    Path tmp;

    private Connection holder;
    private CountingDataSource db;

    @BeforeEach
    void createDatabase() throws SQLException {
        String url = "jdbc:h2:mem:order-" + UUID.randomUUID();
        holder = DriverManager.getConnection(url); // the in-memory database lives while a connection is open
        try (Statement st = holder.createStatement()) {
            st.execute("SET COLLATION ENGLISH STRENGTH PRIMARY");
            st.execute("CREATE TABLE events (cid varchar(40), act varchar(40), at timestamp, seq int, who varchar(10))");
        }
        fill(holder, "events");
        db = new CountingDataSource(url);
    }

    /** Inserts {@link #IDS} with three events each into {@code table} (cid, act, at, seq, who), rows shuffled. */
    static void fill(Connection c, String table) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String id : IDS) {
            for (int k = 0; k < EVENTS_PER_CASE; k++) rows.add(new Object[]{id, id + "#" + k, k});
        }
        Collections.shuffle(rows, new Random(6));
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] r : rows) {
                int k = (Integer) r[2];
                ins.setString(1, (String) r[0]);
                ins.setString(2, (String) r[1]);
                // events 0 and 1 share a timestamp: the order column decides
                ins.setTimestamp(3, Timestamp.from(Instant.parse("2024-01-01T10:00:00Z").plusSeconds(k == 2 ? 60 : 0)));
                ins.setInt(4, k);
                ins.setString(5, k == 1 ? null : "who" + k);
                ins.execute();
            }
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        holder.close();
    }

    static List<String> canonical() {
        List<String> ids = new ArrayList<>(IDS);
        ids.sort(CanonicalOrder.CASE_IDS);
        return ids;
    }

    static JdbcEventSource.Mapping mapping() {
        return new JdbcEventSource.Mapping("events", "cid", "act", "at", "seq", Map.of("who", "org:resource"));
    }

    @Test
    void theFixtureCollationIsNotByteOrderAndFoldsIds() throws SQLException {
        List<String> ordered = new ArrayList<>();
        try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT cid FROM events ORDER BY cid")) {
            while (rs.next()) ordered.add(rs.getString(1));
        }
        assertThat(ordered).hasSizeLessThan(IDS.size()).isNotEqualTo(canonical().subList(0, ordered.size()));
        assertThat(canonical()).containsExactly("10", "9", "A", "B", "Z", "a", "b", "e", "ä", "é", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void autoOrdersByUtf8BytesInTheDatabaseWithOneQueryPerRead() {
        try (JdbcEventSource s = JdbcEventSource.open(db, mapping(), JdbcEventSource.Options.DEFAULT)) {
            assertThat(s.caseOrder()).isEqualTo(JdbcEventSource.CaseOrder.DATABASE);
            assertThat(s.caseCount()).isEqualTo(IDS.size());
            db.reset();
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            assertThat(db.statements()).hasSize(1);
            assertThat(db.statements().get(0)).contains("ORDER BY CAST(cid AS VARBINARY), at, seq");
            assertEveryEventOnceInCanonicalOrder(traces, 0);

            db.reset();
            List<Trace> fromFifth = new ArrayList<>();
            s.read(5, t -> fromFifth.add(t) && fromFifth.size() < 3);
            assertThat(db.count()).isEqualTo(1);
            assertThat(fromFifth).extracting(Trace::caseId).containsExactlyElementsOf(canonical().subList(5, 8));
        }
    }

    @Test
    void clientOrderSortsOnDiskPastItsBudgetAndReadsInChunks() throws Exception {
        Path spill = Files.createDirectory(tmp.resolve("spill"));
        var options = JdbcEventSource.Options.DEFAULT.withCaseOrder(JdbcEventSource.CaseOrder.CLIENT)
                .withSortBudget(3).withChunkCases(5).withSpillDirectory(spill);
        try (JdbcEventSource s = JdbcEventSource.open(db, mapping(), options)) {
            assertThat(s.caseOrder()).isEqualTo(JdbcEventSource.CaseOrder.CLIENT);
            assertThat(s.caseCount()).isEqualTo(IDS.size());
            try (var files = Files.list(spill)) {
                assertThat(files).hasSize(1); // the sorted ids' directory, kept while the source is open
            }
            db.reset();
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            // 12 cases in chunks of 5, 5, 2: three queries, not twelve
            assertThat(db.statements()).hasSize(3).allMatch(sql -> sql.contains("cid IN (?, ?, ?, ?, ?) ORDER BY at, seq"));
            assertEveryEventOnceInCanonicalOrder(traces, 0);

            db.reset();
            List<Trace> fromSeventh = new ArrayList<>();
            s.read(7, fromSeventh::add);
            assertThat(db.count()).isEqualTo(1);
            assertEveryEventOnceInCanonicalOrder(fromSeventh, 7);
        }
        try (var files = Files.list(spill)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void clientOrderInMemoryGivesTheSameCases() {
        var options = JdbcEventSource.Options.DEFAULT.withCaseOrder(JdbcEventSource.CaseOrder.CLIENT);
        try (JdbcEventSource s = JdbcEventSource.open(db, mapping(), options)) {
            db.reset();
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            assertThat(db.count()).isEqualTo(1); // 12 cases fit the first chunk of 16
            assertEveryEventOnceInCanonicalOrder(traces, 0);
        }
    }

    @Test
    void mappedQueryReadsItsRowsInBothOrders() {
        String query = "SELECT cid, act, at, seq, who FROM events WHERE act NOT LIKE '%#2'";
        var mapping = new JdbcEventSource.Mapping(query, "cid", "act", "at", "seq", Map.of("who", "org:resource"));
        for (var order : List.of(JdbcEventSource.CaseOrder.DATABASE, JdbcEventSource.CaseOrder.CLIENT)) {
            try (JdbcEventSource s = JdbcEventSource.open(db, mapping, JdbcEventSource.Options.DEFAULT.withCaseOrder(order))) {
                List<Trace> traces = new ArrayList<>();
                s.read(0, traces::add);
                assertThat(traces).extracting(Trace::caseId).as(order.name()).containsExactlyElementsOf(canonical());
                for (Trace t : traces) {
                    assertThat(t.events()).extracting(e -> e.attributes().getText("concept:name"))
                            .containsExactly(t.caseId() + "#0", t.caseId() + "#1");
                    assertThat(t.events().get(0).attributes().getText("org:resource")).isEqualTo("who0");
                    assertThat(t.events().get(1).attributes().keys()).containsExactlyInAnyOrder("concept:name", "time:timestamp");
                }
            }
        }
    }

    @Test
    void numericCaseIdsAreOrderedByTheirText() throws SQLException {
        try (Statement st = holder.createStatement()) {
            st.execute("CREATE TABLE numbered (cid int, act varchar(5), at timestamp)");
            st.execute("INSERT INTO numbered VALUES (9, 'x', TIMESTAMP '2024-01-01 00:00:00'), (10, 'y', TIMESTAMP '2024-01-01 00:00:00'),"
                    + " (100, 'z', TIMESTAMP '2024-01-01 00:00:00'), (2, 'w', TIMESTAMP '2024-01-01 00:00:00')");
        }
        var mapping = new JdbcEventSource.Mapping("numbered", "cid", "act", "at", null, Map.of());
        for (var order : List.of(JdbcEventSource.CaseOrder.DATABASE, JdbcEventSource.CaseOrder.CLIENT)) {
            try (JdbcEventSource s = JdbcEventSource.open(db, mapping, JdbcEventSource.Options.DEFAULT.withCaseOrder(order))) {
                List<Trace> traces = new ArrayList<>();
                s.read(0, traces::add);
                assertThat(traces).extracting(Trace::caseId).as(order.name()).containsExactly("10", "100", "2", "9");
            }
        }
    }

    @Test
    void caseDeletedAfterListingFailsTheReadNotSkipped() throws SQLException {
        var options = JdbcEventSource.Options.DEFAULT.withCaseOrder(JdbcEventSource.CaseOrder.CLIENT);
        try (JdbcEventSource s = JdbcEventSource.open(db, mapping(), options)) {
            try (Statement st = holder.createStatement()) {
                // binary comparison: the collation would delete "A" and "ä" with it
                st.execute("DELETE FROM events WHERE CAST(cid AS VARBINARY) = CAST('a' AS VARBINARY)");
            }
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> s.read(0, t -> seen.add(t.caseId())))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage(s.describe() + ": case a has no rows any more (the source changed since it was listed)");
            assertThat(s.describe()).startsWith("JDBC jdbc:h2:mem:order-").endsWith(" events");
            assertThat(seen).containsExactly("10", "9", "A", "B", "Z"); // the cases before it, then the error
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> JdbcEventSource.Options.DEFAULT.withSortBudget(0))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("JDBC options: sort budget 0 case ids, expected at least 1");
        assertThatThrownBy(() -> JdbcEventSource.Options.DEFAULT.withChunkCases(10_001))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("JDBC options: chunk of 10001 cases, expected 1..10000");
    }

    @Test
    void rowWithoutCaseIdIsRefusedInBothOrders() throws SQLException {
        try (Statement st = holder.createStatement()) {
            st.execute("INSERT INTO events VALUES (NULL, 'x', TIMESTAMP '2024-01-01 00:00:00', 0, NULL)");
        }
        for (var order : List.of(JdbcEventSource.CaseOrder.DATABASE, JdbcEventSource.CaseOrder.CLIENT)) {
            assertThatThrownBy(() -> JdbcEventSource.open(db, mapping(), JdbcEventSource.Options.DEFAULT.withCaseOrder(order)))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessageEndingWith(" events: a row has no case id (column cid)");
        }
    }

    static void assertEveryEventOnceInCanonicalOrder(List<Trace> traces, int from) {
        List<String> expected = canonical().subList(from, IDS.size());
        assertThat(traces).extracting(Trace::caseId).containsExactlyElementsOf(expected);
        for (Trace t : traces) {
            // each case's own three events, in timestamp-then-seq order; none from a case its collation equals
            assertThat(t.events()).extracting(e -> e.attributes().getText("concept:name"))
                    .containsExactly(t.caseId() + "#0", t.caseId() + "#1", t.caseId() + "#2");
        }
        assertThat(traces.stream().mapToInt(Trace::size).sum()).isEqualTo(expected.size() * EVENTS_PER_CASE);
    }
}
