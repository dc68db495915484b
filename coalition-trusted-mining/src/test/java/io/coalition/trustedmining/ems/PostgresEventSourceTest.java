package io.coalition.trustedmining.ems;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UsagePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC EMS adapter against a real PostgreSQL ({@code COALITION_PG_URL}, started by {@code .ci/run}): a CONFINE
 * organization's log is loaded into a table and served by a PostgreSQL-backed provider through the whole
 * protocol. Skipped without the URL, except when {@code COALITION_REQUIRE_BACKENDS=1} (then it fails).
 */
class PostgresEventSourceTest {
    @TempDir
    Path tmp;

    private Connection db;
    private final List<String> tables = new ArrayList<>();
    private final List<String> collations = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();

    @BeforeEach
    void connect() throws SQLException {
        String url = System.getenv("COALITION_PG_URL");
        if (url == null) {
            String reason = "COALITION_PG_URL is not set (.ci/run starts PostgreSQL and sets it)";
            if ("1".equals(System.getenv("COALITION_REQUIRE_BACKENDS"))) Assertions.fail("COALITION_REQUIRE_BACKENDS=1 but " + reason);
            Assumptions.abort(reason);
        }
        db = DriverManager.getConnection(url);
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (db == null) return;
        try (Statement st = db.createStatement()) {
            for (String t : tables) st.execute("DROP TABLE IF EXISTS " + t);
            for (String c : collations) st.execute("DROP COLLATION IF EXISTS " + c);
            for (String d : databases) st.execute("DROP DATABASE IF EXISTS " + d);
        }
        db.close();
    }

    private String table(String prefix) {
        String t = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        tables.add(t);
        return t;
    }

    static EventLog read(String relative) {
        return XesReader.read(TestData.require("interorg/confine/" + relative), ReadOptions.DEFAULT);
    }

    @Test
    void postgresBackedProviderGivesTheModelsOfLocalMining() {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "pharma", "specialised")) logs.put(org, read("log_test_cases/256/" + org + "_256.xes"));
        String hospitalTable = table("hospital");
        assertThat(JdbcEventTables.store(db, hospitalTable, logs.get("hospital"), Map.of("resource", "org:resource"))).isEqualTo(2396);

        Set<Analysis> analyses = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE);
        try (JdbcEventSource hospital = JdbcEventSource.open(System.getenv("COALITION_PG_URL"), new Properties(),
                JdbcEventSource.Mapping.table(hospitalTable).withAttributes(Map.of("resource", "org:resource")))) {
            assertThat(hospital.caseCount()).isEqualTo(256);
            Map<String, EventSource> sources = new LinkedHashMap<>();
            sources.put("hospital", hospital);
            sources.put("pharma", EventSource.of(logs.get("pharma")));
            sources.put("specialised", EventSource.of(logs.get("specialised")));
            MiningResult r;
            try (SimulatedDeployment d = SimulatedDeployment.startWithSources(sources,
                    UsagePolicy.minimal(Set.of("hospital")).withAnalyses(analyses), 16 * 1024, tmp)) {
                assertThat(d.providers().get(0).eventCount()).isEqualTo(2396);
                r = d.run(analyses, "hospital");
            }
            IndexedLog local = Discovery.index(CaseMerger.merge(new ArrayList<>(logs.values())));
            assertThat(r.partial()).isFalse();
            assertThat(r.cases()).isEqualTo(256);
            assertThat(r.events()).isEqualTo(3624);
            assertThat(r.eventsPerProvider()).containsExactly(Map.entry("hospital", 2396L), Map.entry("pharma", 768L),
                    Map.entry("specialised", 460L));
            assertThat(r.heuristics()).contains(Discovery.heuristicsNet(local, HeuristicsParameters.CONFINE));
            assertThat(r.heuristicsPetriNet()).contains(Discovery.heuristics(local, HeuristicsParameters.CONFINE));
            assertThat(r.dfg()).contains(Discovery.dfg(local));
            assertThat(r.inductiveTree()).contains(Discovery.inductiveTree(local, 0.0));
            assertThat(r.declare()).contains(Discovery.declare(local, 0.8, 0.8));
        }
    }

    @Test
    void queryMappingReadsRenamedColumnsAttributesAndEventOrder() throws SQLException {
        String t = table("events");
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE " + t + " (cid text, act text, at timestamp, seq int, cost numeric, urgent boolean, who text)");
            st.execute("INSERT INTO " + t + " VALUES ('c2', 'b', '2024-01-01 10:00', 1, 2.5, true, 'ann'),"
                    + " ('c1', 'x', '2024-01-01 09:00', 0, NULL, NULL, NULL),"
                    + " ('c2', 'a', '2024-01-01 10:00', 0, 1, false, 'bob'),"
                    + " ('c2', 'z', '2024-01-01 08:00', 5, 0, false, 'eve'),"
                    + " ('c3', 'hidden', '2024-01-01 08:00', 0, 0, false, 'eve')");
        }
        String query = "SELECT cid, act, at, seq, cost, urgent, who FROM " + t + " WHERE act <> 'hidden'";
        var mapping = new JdbcEventSource.Mapping(query, "cid", "act", "at", "seq",
                Map.of("cost", "cost:total", "urgent", "urgent", "who", "org:resource"));
        try (JdbcEventSource s = JdbcEventSource.open(System.getenv("COALITION_PG_URL"), new Properties(), mapping)) {
            assertThat(s.caseCount()).isEqualTo(2);
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            assertThat(traces).extracting(Trace::caseId).containsExactly("c1", "c2");
            Trace c2 = traces.get(1);
            // by timestamp, then by the order column for the tie at 10:00; timestamp without zone read as UTC
            assertThat(c2.events()).extracting(e -> e.attributes().getText("concept:name")).containsExactly("z", "a", "b");
            assertThat(c2.events().get(2).timestamp()).isEqualTo(java.time.Instant.parse("2024-01-01T10:00:00Z"));
            assertThat(c2.events().get(2).attributes().get("cost:total")).isEqualTo(2.5);
            assertThat(c2.events().get(2).attributes().get("urgent")).isEqualTo(true);
            assertThat(c2.events().get(2).attributes().getText("org:resource")).isEqualTo("ann");
            assertThat(traces.get(0).events().get(0).attributes().keys()).containsExactlyInAnyOrder("concept:name", "time:timestamp");
            List<Trace> fromSecond = new ArrayList<>();
            s.read(1, tr -> fromSecond.add(tr) && false);
            assertThat(fromSecond).extracting(Trace::caseId).containsExactly("c2");
        }
    }

    @Test
    void rowWithoutTimestampIsRefusedNamingCaseAndColumn() throws SQLException {
        String t = table("broken");
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE " + t + " (case_id text, event_index int, activity text, ts timestamptz)");
            st.execute("INSERT INTO " + t + " VALUES ('k1', 0, 'a', '2024-01-01T00:00:00Z'), ('k2', 0, 'b', NULL)");
        }
        try (JdbcEventSource s = JdbcEventSource.open(System.getenv("COALITION_PG_URL"), new Properties(),
                JdbcEventSource.Mapping.table(t))) {
            String where = s.describe();
            assertThat(where).doesNotContain("user=");
            assertThatThrownBy(() -> s.read(0, tr -> true))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage(where + ": case k2: a row has no timestamp (column ts)");
        }
    }

    /**
     * A collation that does not sort by bytes: ICU, case- and accent-insensitive and nondeterministic ("a" = "A" =
     * "ä", also in DISTINCT, GROUP BY and IN) when {@code deterministic} is false; ICU's root collation otherwise (a
     * primary key needs distinct ids). Aborts the test, with the reason, on a server built without ICU.
     */
    private String nonByteOrderCollation(boolean deterministic) throws SQLException {
        String name = "coalition_" + (deterministic ? "root_" : "ci_") + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Statement st = db.createStatement()) {
            st.execute("CREATE COLLATION " + name + " (provider = icu, locale = '" + (deterministic ? "und" : "und-u-ks-level1")
                    + "', deterministic = " + deterministic + ")");
        } catch (SQLException e) {
            Assumptions.abort("this PostgreSQL cannot create an ICU collation: " + e.getMessage());
        }
        collations.add(name);
        return name;
    }

    @Test
    void nondeterministicCollationIsServedInUtf8ByteOrderEveryEventOnce() throws SQLException {
        String t = table("ci");
        String collation = nonByteOrderCollation(false);
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE " + t + " (cid text COLLATE " + collation + ", act text, at timestamp, seq int, who text)");
        }
        JdbcCaseOrderTest.fill(db, t);
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT cid) FROM " + t)) {
            rs.next();
            assertThat(rs.getInt(1)).as("the collation folds ids").isLessThan(JdbcCaseOrderTest.IDS.size());
        }
        CountingDataSource counting = new CountingDataSource(System.getenv("COALITION_PG_URL"));
        var mapping = new JdbcEventSource.Mapping(t, "cid", "act", "at", "seq", Map.of("who", "org:resource"));
        try (JdbcEventSource s = JdbcEventSource.open(counting, mapping, JdbcEventSource.Options.DEFAULT)) {
            assertThat(s.caseOrder()).isEqualTo(JdbcEventSource.CaseOrder.DATABASE);
            assertThat(s.caseCount()).isEqualTo(JdbcCaseOrderTest.IDS.size());
            counting.reset();
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            // the first read: its plan checked for a Sort (once per source), then the cursor and one short fetch
            assertThat(counting.statements()).hasSize(3);
            assertThat(counting.statements().get(0)).startsWith("EXPLAIN DECLARE coalition_read NO SCROLL CURSOR FOR SELECT ");
            assertThat(counting.statements().get(1)).startsWith("DECLARE coalition_read NO SCROLL CURSOR FOR SELECT ")
                    .contains("ORDER BY cid COLLATE \"C\", at, seq");
            assertThat(counting.statements().get(2)).isEqualTo("FETCH FORWARD 1000 FROM coalition_read");
            JdbcCaseOrderTest.assertEveryEventOnceInCanonicalOrder(traces, 0);
            counting.reset();
            List<Trace> again = new ArrayList<>();
            s.read(0, again::add);
            assertThat(counting.statements()).hasSize(2);
            assertThat(again).isEqualTo(traces);
        }
        var client = JdbcEventSource.Options.DEFAULT.withCaseOrder(JdbcEventSource.CaseOrder.CLIENT).withSortBudget(3)
                .withChunkCases(5).withSpillDirectory(tmp);
        try (JdbcEventSource s = JdbcEventSource.open(counting, mapping, client)) {
            assertThat(s.caseOrder()).isEqualTo(JdbcEventSource.CaseOrder.CLIENT);
            counting.reset();
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            assertThat(counting.statements()).hasSize(3); // chunks of 5, 5 and 2 cases
            JdbcCaseOrderTest.assertEveryEventOnceInCanonicalOrder(traces, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JdbcEventSource.CaseOrder.class, names = {"DATABASE", "CLIENT"})
    void providerOnAnIcuCollatedTableGivesTheModelsOfLocalMiningInFewQueries(JdbcEventSource.CaseOrder order) throws Exception {
        Map<String, EventLog> logs = H2ProviderTest.rekeyedLogs();
        String t = table("hospital");
        assertThat(JdbcEventTables.store(db, t, logs.get("hospital"), Map.of("resource", "org:resource"))).isEqualTo(2396);
        String collation = nonByteOrderCollation(true);
        try (Statement st = db.createStatement()) {
            st.execute("ALTER TABLE " + t + " ALTER COLUMN case_id TYPE varchar COLLATE " + collation);
        }
        H2ProviderTest.assertNotInByteOrder(db, t);
        CountingDataSource counting = new CountingDataSource(System.getenv("COALITION_PG_URL"));
        int segments = H2ProviderTest.mineThroughProvider(counting, t, order, logs, tmp);
        // as on H2 (H2ProviderTest), plus PostgreSQL's encoding check in DATABASE mode
        assertThat(segments).isEqualTo(8);
        // DATABASE: type probe, encoding, listing; the one start-up pass (ids, sizes and segment plan together): its
        // plan (EXPLAIN), the cursor and 3 fetches of 1,000 rows (2,396 rows); each segment: cursor + 1 fetch.
        // CLIENT: as on H2 (one start-up pass of 6 chunk queries)
        if (order == JdbcEventSource.CaseOrder.DATABASE) assertThat(counting.count()).isEqualTo(1 + 1 + 1 + (1 + 1 + 3) + 2 * segments);
        else assertThat(counting.count()).isEqualTo(24);
    }

    @Test
    void databaseNotInUtf8IsSortedInJavaAndRefusedForDatabaseOrder() throws SQLException {
        String name = "coalition_latin1_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Statement st = db.createStatement()) {
            st.execute("CREATE DATABASE " + name + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        }
        databases.add(name);
        String base = System.getenv("COALITION_PG_URL");
        int q = base.indexOf('?');
        String path = q < 0 ? base : base.substring(0, q);
        String url = path.substring(0, path.lastIndexOf('/') + 1) + name + (q < 0 ? "" : base.substring(q));
        try (Connection latin1 = DriverManager.getConnection(url); Statement st = latin1.createStatement()) {
            st.execute("CREATE TABLE events (cid text, act text, at timestamp, seq int, who text)");
            st.execute("INSERT INTO events VALUES ('é', 'x', '2024-01-01 10:00', 0, NULL), ('Z', 'y', '2024-01-01 10:00', 0, NULL),"
                    + " ('a', 'z', '2024-01-01 10:00', 0, NULL)");
        }
        var mapping = new JdbcEventSource.Mapping("events", "cid", "act", "at", "seq", Map.of());
        try (JdbcEventSource s = JdbcEventSource.open(url, new Properties(), mapping)) {
            assertThat(s.caseOrder()).isEqualTo(JdbcEventSource.CaseOrder.CLIENT);
            List<Trace> traces = new ArrayList<>();
            s.read(0, traces::add);
            assertThat(traces).extracting(Trace::caseId).containsExactly("Z", "a", "é");
        }
        String where = "JDBC " + path.substring(0, path.lastIndexOf('/') + 1) + name + " events";
        assertThatThrownBy(() -> JdbcEventSource.open(url, new Properties(), mapping,
                JdbcEventSource.Options.DEFAULT.withCaseOrder(JdbcEventSource.CaseOrder.DATABASE)))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage(where + ": case order DATABASE needs a byte-order form of the case id, but the PostgreSQL"
                        + " server encoding is LATIN1, not UTF8");
    }

    /**
     * Issue 6 follow-up: {@link JdbcEventTables} creates the index matching the DATABASE-mode ORDER BY, and
     * PostgreSQL's plan for a read (as the source runs it: a cursor) walks it: Index Scan, no Sort node, from the
     * first case and from the middle. Without the index the plan sorts and the source's hint names the index.
     */
    @Test
    void storedTableIsReadThroughTheCanonicalIndexWithoutSorting() throws SQLException {
        EventLog hospital = read("log_test_cases/256/hospital_256.xes");
        String t = table("hospital");
        assertThat(JdbcEventTables.store(db, t, hospital, Map.of("resource", "org:resource"))).isEqualTo(2396);
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = '" + t + "_canonical'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("CREATE INDEX " + t + "_canonical ON public." + t
                    + " USING btree (case_id COLLATE \"C\", ts, event_index)");
        }
        List<Trace> traces = new ArrayList<>();
        try (JdbcEventSource s = JdbcEventSource.open(System.getenv("COALITION_PG_URL"), new Properties(), JdbcEventSource.Mapping.table(t))) {
            assertThat(s.caseOrder()).isEqualTo(JdbcEventSource.CaseOrder.DATABASE);
            for (int from : new int[]{0, 128}) {
                String plan = s.plan(from);
                assertThat(plan).as("plan from case %d", from).startsWith("Index Scan using " + t + "_canonical on " + t + " ");
                assertThat(plan).as("plan from case %d", from).doesNotContain("Sort");
                assertThat(s.sortHint(plan)).isNull();
            }
            s.read(0, traces::add);
            assertThat(traces).hasSize(256);
            assertThat(traces.stream().mapToInt(tr -> tr.events().size()).sum()).isEqualTo(2396);
            for (int i = 1; i < traces.size(); i++) {
                assertThat(CanonicalOrder.compare(traces.get(i - 1).caseId(), traces.get(i).caseId())).isNegative();
            }
            // a read that stops early: the first two cases only
            List<Trace> two = new ArrayList<>();
            s.read(0, tr -> two.add(tr) && two.size() < 2);
            assertThat(two).isEqualTo(traces.subList(0, 2));
        }
        try (Statement st = db.createStatement()) {
            st.execute("DROP INDEX " + t + "_canonical");
        }
        try (JdbcEventSource s = JdbcEventSource.open(System.getenv("COALITION_PG_URL"), new Properties(), JdbcEventSource.Mapping.table(t))) {
            String plan = s.plan(0);
            assertThat(plan).as("without the index").containsPattern("(?m)^Sort  \\(");
            assertThat(s.sortHint(plan)).isEqualTo("PostgreSQL sorts every row from the first case on for each read (no index"
                    + " matches the ORDER BY); create one: CREATE INDEX ON " + t + " (case_id COLLATE \"C\", ts, event_index)");
            List<Trace> unindexed = new ArrayList<>();
            s.read(0, unindexed::add); // logs the hint once; reads the same
            assertThat(unindexed).isEqualTo(traces);
        }
    }
}
