package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.mining.Discovery;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A usage policy of several grants (what is released, to whom, for which analysis) through the whole protocol on
 * CONFINE's 256-case split: each requester's session is served under the first grant that allows it, with that
 * grant's cases and event attributes; each grant has its own release record, notarized with its first release.
 */
class UsagePolicyGrantsTest {
    @TempDir
    Path tmp;

    static final CaseSelection FEBRUARY_TO_APRIL = CaseSelection.ALL.withStart(Instant.parse("2022-02-01T00:00:00Z"),
            Instant.parse("2022-05-01T00:00:00Z"));

    /** The hospital network mines everything; the insurer gets the DFG of the cases started February to April. */
    static List<UsagePolicy> grants() {
        return List.of(ConfineConvergenceTest.everything(),
                new UsagePolicy(EnumSet.of(Analysis.DFG), Set.of(), Set.of("insurer"), FEBRUARY_TO_APRIL));
    }

    @Test
    void eachRequesterIsServedTheCasesOfItsOwnGrant() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(256);
        IndexedLog all = Discovery.index(CaseMerger.merge(new ArrayList<>(logs.values())));
        IndexedLog window = Discovery.index(CaseMerger.merge(new ArrayList<>(
                CasePolicyTest.released(logs, FEBRUARY_TO_APRIL::test).values())));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, grants(), 16 * 1024, tmp)) {
            MiningResult hospital = d.run(Set.of(Analysis.DFG, Analysis.HEURISTICS), "hospital");
            MiningResult insurer = d.run(Set.of(Analysis.DFG), "insurer");
            assertThat(hospital.cases()).isEqualTo(all.traceCount()).isEqualTo(256);
            assertThat(hospital.dfg()).contains(Discovery.dfg(all));
            assertThat(insurer.cases()).isEqualTo(window.traceCount()).isLessThan(256).isGreaterThan(100);
            assertThat(insurer.events()).isEqualTo(window.eventCount());
            assertThat(insurer.dfg()).contains(Discovery.dfg(window)).isNotEqualTo(hospital.dfg());
            // and the hospital again, after the insurer: sessions do not share a grant's plan
            assertThat(d.run(Set.of(Analysis.DFG), "hospital").dfg()).isEqualTo(hospital.dfg());
        }
    }

    /**
     * A source in canonical order (as a database table read by its key) is read once at start for all grants: ids,
     * sizes and every grant's segment plan in one pass; the results are those of the grants.
     */
    @Test
    void aCanonicalSourceIsReadOnceAtStartWhateverTheNumberOfGrants() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(256);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Map<String, io.coalition.trustedmining.ems.EventSource> sources = new java.util.LinkedHashMap<>();
        logs.forEach((org, log) -> {
            List<io.coalition.eventlog.Trace> sorted = new ArrayList<>(log.traces());
            sorted.sort((a, b) -> SegmentCodec.compareKeys(a.caseId(), b.caseId()));
            io.coalition.trustedmining.ems.EventSource inMemory = io.coalition.trustedmining.ems.EventSource.of(new EventLog(log.header(), sorted));
            sources.put(org, new io.coalition.trustedmining.ems.EventSource() {
                @Override
                public String describe() {
                    return "sorted " + org;
                }

                @Override
                public int caseCount() {
                    return inMemory.caseCount();
                }

                @Override
                public void read(int from, java.util.function.Predicate<io.coalition.eventlog.Trace> visitor) {
                    if (org.equals("hospital")) reads.incrementAndGet();
                    inMemory.read(from, visitor);
                }

                @Override
                public boolean canonical() {
                    return true;
                }
            });
        });
        IndexedLog window = Discovery.index(CaseMerger.merge(new ArrayList<>(
                CasePolicyTest.released(logs, FEBRUARY_TO_APRIL::test).values())));
        List<UsagePolicy> threeGrants = new ArrayList<>(grants());
        threeGrants.add(new UsagePolicy(EnumSet.of(Analysis.DECLARE), Set.of(), Set.of("auditor")));
        try (SimulatedDeployment d = SimulatedDeployment.startWithSources(sources, threeGrants, 16 * 1024, tmp)) {
            assertThat(reads.get()).isEqualTo(1);
            assertThat(d.providers().get(0).releaseRecords()).hasSize(3);
            MiningResult insurer = d.run(Set.of(Analysis.DFG), "insurer");
            assertThat(insurer.cases()).isEqualTo(window.traceCount());
            assertThat(insurer.dfg()).contains(Discovery.dfg(window));
        }
    }

    @Test
    void aSessionNoGrantAllowsIsRefusedNamingWhatIsAllowed() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(128);
        List<UsagePolicy> grants = List.of(ConfineConvergenceTest.everything().withAnalyses(EnumSet.of(Analysis.HEURISTICS)),
                ConfineConvergenceTest.everything().withAnalyses(EnumSet.of(Analysis.DFG, Analysis.DECLARE)),
                new UsagePolicy(EnumSet.of(Analysis.DFG), Set.of(), Set.of("insurer")));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, grants, 16 * 1024, tmp)) {
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DFG), "auditor"))
                    .hasMessage("provider hospital: requester 'auditor' may not receive results (usage policy allows [hospital, insurer])");
            assertThatThrownBy(() -> d.run(Set.of(Analysis.HEURISTICS), "insurer"))
                    .hasMessage("provider hospital: analysis 'heuristics' is not allowed by its usage policy for requester 'insurer'"
                            + " (allowed: [dfg])");
            // each analysis alone has a grant, both together none: grants are not merged
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DFG, Analysis.HEURISTICS), "hospital"))
                    .hasMessage("provider hospital: no grant of its usage policy allows requester 'hospital' the analyses"
                            + " [dfg, heuristics] together (grant 1: [heuristics]; grant 2: [declare, dfg])");
            assertThat(d.notary(0).log().size()).isZero();
            assertThat(d.run(Set.of(Analysis.HEURISTICS), "hospital").heuristics()).isPresent();
            assertThat(d.run(Set.of(Analysis.DFG, Analysis.DECLARE), "hospital").declare()).isPresent();
        }
    }

    @Test
    void eachGrantHasItsOwnReleaseRecordNotarizedWithItsFirstRelease() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(256);
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, grants(), 16 * 1024, tmp)) {
            LogProvider hospital = d.providers().get(0);
            List<ReleaseRecord> records = hospital.releaseRecords();
            assertThat(records).hasSize(2);
            assertThat(records.get(0).summary()).isEqualTo("released 256 of 256 cases (2396 of 2396 events)");
            int window = (int) logs.get("hospital").traces().stream().filter(FEBRUARY_TO_APRIL::test).count();
            assertThat(records.get(1).releasedCases()).isEqualTo(window);
            assertThat(records.get(0).text()).contains("grant: 1 of 2\n", "recipients: hospital\n", "case selection: all cases\n");
            assertThat(records.get(1).text()).contains("grant: 2 of 2\n", "recipients: insurer\n", "analyses: dfg\n",
                    "event attributes: concept:name,time:timestamp\n",
                    "case selection: started in [2022-02-01T00:00:00Z, 2022-05-01T00:00:00Z)\n");
            assertThat(hospital.releaseRecordReceipts()).allMatch(java.util.Optional::isEmpty);

            d.run(Set.of(Analysis.DFG), "insurer");
            var receipts = hospital.releaseRecordReceipts();
            assertThat(receipts.get(0)).isEmpty();
            assertThat(receipts.get(1).orElseThrow().hash())
                    .isEqualTo(LogProvider.sha256(records.get(1).text().getBytes(StandardCharsets.UTF_8)));
            d.run(Set.of(Analysis.DFG), "hospital");
            assertThat(hospital.releaseRecordReceipts()).allMatch(java.util.Optional::isPresent);
        }
    }

    @Test
    void aGrantReleasesOnlyItsOwnEventAttributes() {
        Map<String, EventLog> logs = ConfineConvergenceTest.hospitalScenario(128);
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, grants(), 16 * 1024, tmp)) {
            LogProvider hospital = d.providers().get(0);
            assertThat(keysReleased(d, hospital, "hospital")).contains("org:resource", "concept:name", "time:timestamp");
            assertThat(keysReleased(d, hospital, "insurer")).containsExactly("concept:name", "time:timestamp");
        }
    }

    /** Every event attribute key in the segments {@code provider} releases to {@code requester}, decrypted. */
    private static Set<String> keysReleased(SimulatedDeployment d, LogProvider provider, String requester) {
        byte[] nonce = provider.challenge();
        var grant = provider.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), requester));
        SealedMessage index = provider.caseIndex(grant.session()).message();
        SessionCipher key = new SessionCipher(d.enclave().exportSecret(index.encapsulatedKey(),
                SealedMessage.info(index.provider(), index.session()), SessionCipher.EXPORTER_CONTEXT, SessionCipher.KEY_BYTES));
        Set<String> keys = new TreeSet<>();
        for (int seq = 1; seq <= grant.segments(); seq++) {
            SealedMessage m = provider.segment(grant.session(), seq).message();
            for (SegmentCodec.Chunk c : SegmentCodec.decodeSegment(key.open(seq, m.header(), m.ciphertext()), "test")) {
                c.events().forEach(e -> keys.addAll(e.attributes().keys()));
            }
        }
        provider.close(grant.session());
        return keys;
    }
}
