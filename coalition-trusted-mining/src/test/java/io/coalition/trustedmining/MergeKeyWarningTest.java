package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.report.MiningReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider whose case ids are not the others' (a wrong {@code --merge-key}) passes every check, so the result says
 * what it can see: none of that provider's cases met another organization's.
 */
class MergeKeyWarningTest {
    @TempDir
    Path tmp;

    @Test
    void sharedCasesAreCountedPerProvider_andAProviderSharingNoneIsNamed() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(128);
        MiningResult right;
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, ConfineConvergenceTest.everything(), 100 * 1024, tmp.resolve("a"))) {
            right = d.run(Set.of(Analysis.DFG), ConfineConvergenceTest.REQUESTER);
        }
        assertThat(right.warnings()).isEmpty();
        // a provider's shared cases: its cases with events that another organization also has events of
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        logs.forEach((org, log) -> ids.put(org, new java.util.HashSet<>(log.traces().stream()
                .filter(t -> !t.events().isEmpty()).map(Trace::caseId).toList())));
        for (MiningResult.ProviderReport p : right.providers()) {
            long expected = ids.get(p.organization()).stream().filter(id -> ids.entrySet().stream()
                    .anyMatch(e -> !e.getKey().equals(p.organization()) && e.getValue().contains(id))).count();
            assertThat(p.sharedCases()).as(p.organization()).isEqualTo((int) expected).isPositive();
        }

        // pharma serves its cases under other ids: they merge with nothing
        Map<String, EventLog> wrong = new LinkedHashMap<>(logs);
        EventLog pharma = logs.get("pharma");
        wrong.put("pharma", new EventLog(pharma.header(), pharma.traces().stream()
                .map(t -> Trace.of("rx-" + t.caseId(), t.events())).toList()));
        MiningResult r;
        try (SimulatedDeployment d = SimulatedDeployment.start(wrong, ConfineConvergenceTest.everything(), 100 * 1024, tmp.resolve("b"))) {
            r = d.run(Set.of(Analysis.DFG), ConfineConvergenceTest.REQUESTER);
        }
        int pharmaCases = pharma.traces().size();
        assertThat(r.providers()).filteredOn(p -> p.organization().equals("pharma"))
                .singleElement().satisfies(p -> assertThat(p.sharedCases()).isZero());
        assertThat(r.cases()).isEqualTo(right.cases() + pharmaCases); // its cases stand alone
        String warning = "provider pharma: none of its " + pharmaCases + " cases shares a case id with another"
                + " organization, so its events were mined as cases of their own; check that its --merge-key names"
                + " the attribute that holds the shared case ids";
        assertThat(r.warnings()).containsExactly(warning);
        assertThat(MiningReport.statistics(r).get("warnings").get(0).asText()).isEqualTo(warning);
        assertThat(MiningReport.statistics(r).get("providers").get(1).get("casesShared").asInt()).isZero();
        assertThat(MiningReport.html(r, List.of(), null, "no dot")).contains("id=\"merge-key\"", "CHECK THE MERGE KEY");
    }
}
