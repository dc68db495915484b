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

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
}
