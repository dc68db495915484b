package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.mining.Discovery;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.eventlog.TestData;
import io.coalition.trustedmining.ems.EventSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The usage policy's case selection through the whole protocol on CONFINE's 256-case split: the miner's models
 * are those of the merged log of the released cases, a withheld case never reaches the miner, and each provider's
 * release record counts what it released.
 */
class CasePolicyTest {
    static final String REQUESTER = "hospital";
    static final Set<Analysis> ANALYSES = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE);
    @TempDir
    Path tmp;

    /** Withhold cases 1..20 (from a file, as {@code --withhold-cases-file} reads it); release those started Feb..Apr 2022. */
    CaseSelection selection() throws Exception {
        StringBuilder ids = new StringBuilder("# withheld at the patients' request\n");
        for (int i = 1; i <= 20; i++) ids.append(i).append('\n');
        Path file = Files.writeString(tmp.resolve("withhold.txt"), ids);
        return CaseSelection.ALL.withWithhold(CaseSelection.readIds("--withhold-cases-file", file))
                .withStart(Instant.parse("2022-02-01T00:00:00Z"), Instant.parse("2022-05-01T00:00:00Z"))
                // a trace attribute every CONFINE trace has: the condition holds, and is checked
                .withAttribute("LogType", Set.of("MXML.EnactmentLog"));
    }

    /** Each organization's log restricted to the cases its policy releases. */
    static Map<String, EventLog> released(Map<String, EventLog> logs, Predicate<Trace> selection) {
        Map<String, EventLog> out = new LinkedHashMap<>();
        logs.forEach((org, log) -> out.put(org, new EventLog(log.header(), log.traces().stream().filter(selection).toList())));
        return out;
    }

    @Test
    void protocolResultEqualsLocalMiningOfTheReleasedCases() throws Exception {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(256);
        CaseSelection selection = selection();
        Map<String, EventLog> released = released(logs, selection::test);
        IndexedLog local = Discovery.index(CaseMerger.merge(new ArrayList<>(released.values())));
        UsagePolicy policy = ConfineConvergenceTest.everything().withCases(selection);
        MiningResult r;
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, policy, 16 * 1024, tmp.resolve("notary"))) {
            r = d.run(ANALYSES, REQUESTER);
        }
        // about half the cases started in the window at each organization (the specialised centre has 164 cases
        // without events, which have no start); a case can be released by one organization and not another
        assertThat(released.get("hospital").traces()).hasSize(142);
        assertThat(released.get("pharma").traces()).hasSize(142);
        assertThat(released.get("specialised").traces()).hasSize(49);
        assertThat(r.cases()).isEqualTo(local.traceCount()).isEqualTo(146);
        assertThat(r.events()).isEqualTo(local.eventCount());
        assertThat(r.providers()).extracting(MiningResult.ProviderReport::cases).containsExactly(142, 142, 49);
        assertThat(r.heuristics()).contains(Discovery.heuristicsNet(local, HeuristicsParameters.CONFINE));
        assertThat(r.dfg()).contains(Discovery.dfg(local));
        assertThat(r.inductiveTree()).contains(Discovery.inductiveTree(local, 0.0));
        assertThat(r.declare()).contains(Discovery.declare(local, 0.8, 0.8));
        // and it is not the unrestricted result
        assertThat(r.dfg()).isNotEqualTo(Optional.of(Discovery.dfg(Discovery.index(CaseMerger.merge(new ArrayList<>(logs.values()))))));
    }

    @Test
    void withheldCasesNeverReachTheMiner() throws Exception {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(256);
        CaseSelection selection = selection();
        UsagePolicy policy = UsagePolicy.minimal(Set.of(REQUESTER)).withCases(selection);
        Set<String> expected = new TreeSet<>();
        for (EventLog log : logs.values()) {
            for (Trace t : log.traces()) if (selection.test(t)) expected.add(t.caseId());
        }
        DeclareModel model = Declare.read(TestData.require("interorg/confine/declare-models/declareModelMotivating.json"));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, policy, 4 * 1024, tmp.resolve("notary"))) {
            // the cases the miner fed to its analyses: Declare conformance reports every one by id
            DeclareConformance.LogResult fed = d.run(Set.of(Analysis.DECLARE_CONFORMANCE), REQUESTER, Optional.of(model))
                    .declareConformance().orElseThrow();
            Set<String> fedIds = fed.traces().stream().map(DeclareConformance.TraceResult::caseId).collect(Collectors.toCollection(TreeSet::new));
            assertThat(fedIds).isEqualTo(expected).doesNotContain("1", "7", "20");

            // what the hospital's provider hands out, decrypted: its index summary counts only released cases, and
            // no segment names a withheld case
            LogProvider hospital = d.providers().get(0);
            Set<String> hospitalReleased = logs.get("hospital").traces().stream().filter(selection::test).map(Trace::caseId)
                    .collect(Collectors.toCollection(TreeSet::new));
            byte[] nonce = hospital.challenge();
            var grant = hospital.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                    d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), REQUESTER));
            SealedMessage index = hospital.caseIndex(grant.session()).message();
            SessionCipher key = new SessionCipher(d.enclave().exportSecret(index.encapsulatedKey(),
                    SealedMessage.info(index.provider(), index.session()), SessionCipher.EXPORTER_CONTEXT, SessionCipher.KEY_BYTES));
            assertThat(SegmentCodec.decodeIndex(key.open(0, index.header(), index.ciphertext()), "test").cases()).isEqualTo(142);
            Set<String> segmentIds = new TreeSet<>();
            long events = 0;
            for (int seq = 1; seq <= hospital.segmentCount(); seq++) {
                SealedMessage m = hospital.segment(grant.session(), seq).message();
                for (SegmentCodec.Chunk c : SegmentCodec.decodeSegment(key.open(seq, m.header(), m.ciphertext()), "test")) {
                    segmentIds.add(c.caseId());
                    events += c.events().size();
                }
            }
            assertThat(segmentIds).isEqualTo(hospitalReleased).hasSize(142);
            assertThat(events).isEqualTo(hospital.eventCount()).isEqualTo(1325);
        }
    }

    @Test
    void releaseRecordCountsTheReleasedCasesAndIsNotarizedWithTheFirstRelease() throws Exception {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(256);
        UsagePolicy policy = UsagePolicy.minimal(Set.of(REQUESTER)).withCases(selection());
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, policy, 16 * 1024, tmp.resolve("notary"))) {
            LogProvider hospital = d.providers().get(0);
            ReleaseRecord record = hospital.releaseRecord();
            assertThat(record.summary()).isEqualTo("released 142 of 256 cases (1325 of 2396 events)");
            assertThat(record.text()).contains("provider: hospital\n", "cases: released 142 of 256\n",
                    "case selection: withhold list of 20 ids and started in [2022-02-01T00:00:00Z, 2022-05-01T00:00:00Z)"
                            + " and LogType in [MXML.EnactmentLog]\n", "id lists: withhold list: 20 of 20 ids found\n")
                    .doesNotContain("\n1\n");
            // nothing released yet, nothing notarized
            assertThat(hospital.releaseRecordReceipt()).isEmpty();
            assertThat(d.notary(0).log().size()).isZero();

            MiningResult first = d.run(Set.of(Analysis.DFG), REQUESTER);
            var receipt = hospital.releaseRecordReceipt().orElseThrow();
            assertThat(receipt.hash()).isEqualTo(LogProvider.sha256(record.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(receipt.position()).isZero();
            assertThat(d.notary(0).lookup(record.sha256())).contains(receipt);
            int releases = first.providers().get(0).receipts().size();
            assertThat(d.notary(0).log().size()).isEqualTo(1 + releases);
            // a second run releases again but notarizes the (unchanged) record only once
            d.run(Set.of(Analysis.DFG), REQUESTER);
            assertThat(d.notary(0).log().size()).isEqualTo(1 + 2L * releases);
            assertThat(hospital.releaseRecordReceipt()).contains(receipt);
            assertThat(d.providers().get(2).releaseRecord().summary()).isEqualTo("released 49 of 256 cases (245 of 460 events)");
        }
    }

    @Test
    void aProviderWhosePolicyReleasesNoCaseTakesPartWithNothing() {
        // the specialised centre's part of cases 1..3 has no events, so none started in any window
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(128);
        UsagePolicy policy = UsagePolicy.minimal(Set.of(REQUESTER)).withCases(CaseSelection.ALL.withRelease(Set.of("1", "2", "3"))
                .withStart(Instant.parse("2022-01-01T00:00:00Z"), null));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, policy, 16 * 1024, tmp.resolve("notary"))) {
            assertThat(d.providers().get(2).releaseRecord().summary()).isEqualTo("released 0 of 128 cases (0 of 245 events)");
            MiningResult r = d.run(Set.of(Analysis.DFG), REQUESTER);
            assertThat(r.partial()).isFalse();
            assertThat(r.cases()).isEqualTo(3);
            assertThat(r.providers()).extracting(MiningResult.ProviderReport::cases).containsExactly(3, 3, 0);
        }
    }

    @Test
    void aSourceThatChangesSoThatAPlannedCaseIsWithheldFailsTheRelease() {
        // the provider plans on the source as it was; then case 30 (released) is replaced by case 3 (withheld),
        // same size: the provider must not serve it
        EventLog hospital = ConfineConvergenceTest.hospitalScenario(128).get("hospital");
        List<Trace> traces = new ArrayList<>(hospital.traces());
        AtomicReference<List<Trace>> current = new AtomicReference<>(traces);
        EventSource changing = new EventSource() {
            @Override
            public String describe() {
                return "changing log";
            }

            @Override
            public int caseCount() {
                return current.get().size();
            }

            @Override
            public void read(int from, Predicate<Trace> visitor) {
                List<Trace> now = current.get();
                for (int i = from; i < now.size(); i++) if (!visitor.test(now.get(i))) return;
            }
        };
        UsagePolicy policy = UsagePolicy.minimal(Set.of(REQUESTER)).withCases(CaseSelection.ALL.withWithhold(Set.of("3")));
        try (SimulatedDeployment d = SimulatedDeployment.startWithSources(Map.of("hospital", changing), policy, 100 * 1024,
                tmp.resolve("notary"))) {
            int at = indexOf(traces, "30");
            List<Trace> changed = new ArrayList<>(traces);
            changed.set(at, Trace.of("3", traces.get(at).events()));
            current.set(changed);
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DFG), REQUESTER))
                    .hasMessageContaining("provider hospital: case 3 at source position " + at
                            + " is not released by its usage policy (the source changed since the provider started)");
            // refused while reading the segment, before sealing: nothing was notarized
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    private static int indexOf(List<Trace> traces, String id) {
        for (int i = 0; i < traces.size(); i++) if (traces.get(i).caseId().equals(id)) return i;
        throw new AssertionError(id);
    }
}
