package io.coalition.trustedmining.ems;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.mining.Discovery;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.UsagePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
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
import java.util.Set;
import java.util.UUID;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Log Provider reading a CONFINE organization's log from an embedded H2 table whose collation (English) is not
 * byte order, with case ids that differ in case and accents: the protocol gives the models of local mining, and the
 * provider reads its table in a few queries per segment, not one per case.
 */
class H2ProviderTest {
    @TempDir
    Path tmp;

    private Connection holder;
    private CountingDataSource db;

    @BeforeEach
    void createDatabase() throws SQLException {
        String url = "jdbc:h2:mem:provider-" + UUID.randomUUID();
        holder = DriverManager.getConnection(url);
        try (Statement st = holder.createStatement()) {
            // tertiary: ids differing in case or accents stay distinct (the table's primary key needs that), but
            // the order is the language's ("a6" < "A6" < "ä6" < "b6"), not the bytes'
            st.execute("SET COLLATION ENGLISH STRENGTH TERTIARY");
        }
        db = new CountingDataSource(url);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        holder.close();
    }

    /** Case n becomes e.g. "ä61" or "A71": ids a case- and accent-insensitive collation orders (and equates) unlike bytes. */
    static EventLog rekeyed(EventLog log) {
        String[] prefixes = {"a", "A", "ä", "B", "b", "é", "E", "Z", "\uD83D\uDE00", "\uFFFD"};
        List<Trace> traces = new ArrayList<>();
        for (Trace t : log.traces()) {
            int n = Integer.parseInt(t.caseId());
            traces.add(Trace.of(prefixes[n % prefixes.length] + (n / prefixes.length), t.events()));
        }
        return new EventLog(log.header(), traces);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JdbcEventSource.CaseOrder.class, names = {"DATABASE", "CLIENT"})
    void providerOnANonByteOrderCollationGivesTheModelsOfLocalMining(JdbcEventSource.CaseOrder order) throws Exception {
        Map<String, EventLog> logs = rekeyedLogs();
        assertThat(JdbcEventTables.store(holder, "hospital", logs.get("hospital"), Map.of("resource", "org:resource"))).isEqualTo(2396);
        assertNotInByteOrder(holder, "hospital");
        db.reset();
        int segments = mineThroughProvider(db, "hospital", order, logs, tmp);

        // start-up: the case id column's type, the listing, then one pass over the cases (ids, sizes and the segment
        // plan together: the source is in canonical order; it was two passes before); then one read per segment.
        // DATABASE: one query per read. CLIENT: chunks of 16, 32, 64, 64, ... cases, so a pass over 256 cases takes 6
        // queries and a segment's read 1-3. (Before: one query per run of cases already in canonical order, here
        // about one per case.)
        assertThat(segments).isEqualTo(8);
        if (order == JdbcEventSource.CaseOrder.DATABASE) assertThat(db.count()).isEqualTo(1 + 1 + 1 + segments);
        else assertThat(db.count()).isEqualTo(24).isLessThanOrEqualTo(1 + 1 + 6 + 3 * segments);
    }

    /** CONFINE's 256-case split, re-keyed by {@link #rekeyed}. */
    static Map<String, EventLog> rekeyedLogs() {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "pharma", "specialised")) {
            logs.put(org, rekeyed(PostgresEventSourceTest.read("log_test_cases/256/" + org + "_256.xes")));
        }
        return logs;
    }

    /** The table's 256 case ids as the database orders them are not in canonical order. */
    static void assertNotInByteOrder(Connection c, String table) throws SQLException {
        List<String> databaseOrder = new ArrayList<>();
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT DISTINCT case_id FROM " + table + " ORDER BY case_id")) {
            while (rs.next()) databaseOrder.add(rs.getString(1));
        }
        List<String> canonical = new ArrayList<>(databaseOrder);
        canonical.sort(CanonicalOrder.CASE_IDS);
        assertThat(databaseOrder).hasSize(256).isNotEqualTo(canonical);
    }

    /**
     * Serves the hospital from {@code table} (CLIENT mode with a sort budget of 100 ids, so the ids are sorted on
     * disk, and chunks of at most 64 cases) next to in-memory pharma and specialised providers, 4 KiB segments, and
     * checks the models against local mining of the merged logs. Returns the hospital's segment count.
     */
    static int mineThroughProvider(CountingDataSource db, String table, JdbcEventSource.CaseOrder order,
                                   Map<String, EventLog> logs, Path tmp) throws Exception {
        Path spill = Files.createDirectories(tmp.resolve("spill-" + order));
        var options = JdbcEventSource.Options.DEFAULT.withCaseOrder(order).withSortBudget(100).withChunkCases(64)
                .withSpillDirectory(spill);
        Set<Analysis> analyses = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE);
        MiningResult r;
        int segments;
        try (JdbcEventSource hospital = JdbcEventSource.open(db, JdbcEventSource.Mapping.table(table)
                .withAttributes(Map.of("resource", "org:resource")), options)) {
            assertThat(hospital.caseOrder()).isEqualTo(order);
            assertThat(hospital.caseCount()).isEqualTo(256);
            Map<String, EventSource> sources = new LinkedHashMap<>();
            sources.put("hospital", hospital);
            sources.put("pharma", EventSource.of(logs.get("pharma")));
            sources.put("specialised", EventSource.of(logs.get("specialised")));
            try (SimulatedDeployment d = SimulatedDeployment.startWithSources(sources,
                    UsagePolicy.minimal(Set.of("hospital")).withAnalyses(analyses), 4 * 1024, tmp.resolve("notary-" + order))) {
                assertThat(d.providers().get(0).eventCount()).isEqualTo(2396);
                segments = d.providers().get(0).segmentCount();
                r = d.run(analyses, "hospital");
            }
        }
        IndexedLog local = Discovery.index(CaseMerger.merge(new ArrayList<>(logs.values())));
        assertThat(r.partial()).isFalse();
        assertThat(r.cases()).isEqualTo(256);
        assertThat(r.events()).isEqualTo(3624);
        assertThat(r.eventsPerProvider()).containsExactly(Map.entry("hospital", 2396L), Map.entry("pharma", 768L),
                Map.entry("specialised", 460L));
        assertThat(r.heuristics()).contains(Discovery.heuristicsNet(local, HeuristicsParameters.CONFINE));
        assertThat(r.dfg()).contains(Discovery.dfg(local));
        assertThat(r.inductiveTree()).contains(Discovery.inductiveTree(local, 0.0));
        assertThat(r.declare()).contains(Discovery.declare(local, 0.8, 0.8));
        try (var left = Files.list(spill)) {
            assertThat(left).as("sorted ids removed on close").isEmpty();
        }
        return segments;
    }
}
