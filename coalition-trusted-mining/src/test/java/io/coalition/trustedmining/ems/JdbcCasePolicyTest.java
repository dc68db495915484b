package io.coalition.trustedmining.ems;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseSelection;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.UsagePolicy;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage policy's case selection on a database source: the provider reading CONFINE's 256-case hospital log
 * from an H2 table, or PostgreSQL's, releases exactly what it releases from the XES file (same models, same release
 * record), with as many reads as without a selection (it filters while streaming; nothing per case).
 */
class JdbcCasePolicyTest {
    static final Set<Analysis> ANALYSES = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE);
    @TempDir
    Path tmp;

    /**
     * A release list (cases 1..200), a start window (Feb..Apr 2022) and a resource condition: the case's
     * {@code org:resource} (no trace attribute in a table: the first event that has one) is one of those of the cases
     * whose id is a multiple of 3. Every condition removes cases.
     */
    static CaseSelection selection(EventLog hospital) {
        Set<String> resources = new HashSet<>();
        for (Trace t : hospital.traces()) {
            if (Integer.parseInt(t.caseId()) % 3 != 0) continue;
            t.events().stream().map(Event::resource).filter(r -> r != null).findFirst().ifPresent(resources::add);
        }
        Set<String> first200 = new HashSet<>();
        IntStream.rangeClosed(1, 200).forEach(i -> first200.add(Integer.toString(i)));
        return CaseSelection.ALL.withRelease(first200)
                .withStart(Instant.parse("2022-02-01T00:00:00Z"), Instant.parse("2022-05-01T00:00:00Z"))
                .withAttribute("org:resource", resources);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JdbcEventSource.CaseOrder.class, names = {"DATABASE", "CLIENT"})
    void h2SourceReleasesWhatTheFileSourceReleases(JdbcEventSource.CaseOrder order) throws Exception {
        String url = "jdbc:h2:mem:policy-" + UUID.randomUUID();
        try (Connection holder = DriverManager.getConnection(url)) {
            assertReleasesWhatTheFileReleases(holder, url, "hospital", order);
        }
    }

    /** The same on the PostgreSQL of {@code .ci/run} ({@code COALITION_PG_URL}); skipped with the reason without it. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JdbcEventSource.CaseOrder.class, names = {"DATABASE", "CLIENT"})
    void postgresSourceReleasesWhatTheFileSourceReleases(JdbcEventSource.CaseOrder order) throws Exception {
        String url = System.getenv("COALITION_PG_URL");
        if (url == null) {
            String reason = "COALITION_PG_URL is not set (.ci/run starts PostgreSQL and sets it)";
            if ("1".equals(System.getenv("COALITION_REQUIRE_BACKENDS"))) Assertions.fail("COALITION_REQUIRE_BACKENDS=1 but " + reason);
            Assumptions.abort(reason);
        }
        String table = "policy_" + Long.toHexString(System.nanoTime());
        try (Connection db = DriverManager.getConnection(url)) {
            try {
                assertReleasesWhatTheFileReleases(db, url, table, order);
            } finally {
                try (Statement st = db.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    /** Stores the hospital's log in {@code table} and mines it with the selection, from the file and from the table. */
    private void assertReleasesWhatTheFileReleases(Connection holder, String url, String table, JdbcEventSource.CaseOrder order)
            throws Exception {
        EventLog hospital = PostgresEventSourceTest.read("log_test_cases/256/hospital_256.xes");
        CaseSelection selection = selection(hospital);
        long released = hospital.traces().stream().filter(selection::test).count();
        assertThat(released).isEqualTo(96);
        UsagePolicy policy = UsagePolicy.minimal(Set.of("hospital")).withAnalyses(ANALYSES).withCases(selection);

        MiningResult fromFile;
        String fileRecord;
        try (SimulatedDeployment d = SimulatedDeployment.start(Map.of("hospital", hospital), policy, 4 * 1024,
                tmp.resolve("file-" + order))) {
            fromFile = d.run(ANALYSES, "hospital");
            fileRecord = d.providers().get(0).releaseRecord().summary();
        }

        JdbcEventTables.store(holder, table, hospital, Map.of("resource", "org:resource"));
        CountingDataSource db = new CountingDataSource(url);
        Path spill = Files.createDirectories(tmp.resolve("spill-" + order));
        var options = JdbcEventSource.Options.DEFAULT.withCaseOrder(order).withSpillDirectory(spill);
        try (JdbcEventSource source = JdbcEventSource.open(db, JdbcEventSource.Mapping.table(table)
                .withAttributes(Map.of("resource", "org:resource")), options)) {
            db.reset();
            try (SimulatedDeployment d = SimulatedDeployment.startWithSources(Map.of("hospital", source), policy, 4 * 1024,
                    tmp.resolve("jdbc-" + order))) {
                int startUp = db.count();
                MiningResult fromTable = d.run(ANALYSES, "hospital");
                int segments = d.providers().get(0).segmentCount();
                assertThat(d.providers().get(0).releaseRecord().summary()).isEqualTo(fileRecord)
                        .isEqualTo("released 96 of 256 cases (899 of 2396 events)");
                assertThat(fromTable.cases()).isEqualTo(fromFile.cases()).isEqualTo(96);
                assertThat(fromTable.events()).isEqualTo(fromFile.events()).isEqualTo(899);
                assertThat(fromTable.heuristics()).isEqualTo(fromFile.heuristics()).isPresent();
                assertThat(fromTable.dfg()).isEqualTo(fromFile.dfg()).isPresent();
                assertThat(fromTable.inductiveTree()).isEqualTo(fromFile.inductiveTree()).isPresent();
                assertThat(fromTable.declare()).isEqualTo(fromFile.declare()).isPresent();
                // streaming kept: in DATABASE order one read per segment, as without a selection (a query on H2, a
                // cursor on PostgreSQL); withheld rows are read by the provider and skipped, never asked for one by one
                if (order == JdbcEventSource.CaseOrder.DATABASE) {
                    long reads = db.statements().subList(startUp, db.count()).stream().map(q -> q.strip().toUpperCase(java.util.Locale.ROOT))
                            .filter(q -> q.startsWith("SELECT") || q.startsWith("DECLARE")).count();
                    assertThat(reads).isEqualTo(segments);
                }
            }
        }
    }
}
