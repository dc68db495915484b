package io.coalition.app;

import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.VerifiedRecordCache;
import io.coalition.decisions.http.DecisionsHttpClient;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code decisions serve} keeps its sealed CCU seed and its record index across restarts. */
class DecisionsServeDurableTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SERVING = "serving the decisions API on (http://127\\.0\\.0\\.1:\\d+/)";

    @TempDir
    Path tmp;

    @Test
    void recordsStoredBeforeARestart_areDecidedAfterIt_andATamperedSealedSeedIsRefused() throws Exception {
        Path work = tmp.resolve("work");
        RunningCommand first = RunningCommand.start("serve-1", "decisions", "serve", "--port", "0", "--work", work.toString());
        DecisionsHttpClient client = new DecisionsHttpClient(URI.create(first.await(SERVING).group(1)));
        Matcher m = first.await("measurement ([0-9a-f]{64}); seed created and sealed to (.+)\\R");
        String measurement = m.group(1);
        assertThat(m.group(2)).isEqualTo(work.resolve("state").resolve("seed.sealed").toString());
        DecisionsHttpClient.CcuIdentity ccu = client.ccu();
        CertificateAuthority ca = CertificateAuthority.open(work.resolve("ca"), Clock.systemUTC());
        RunningCommand.Party patient = RunningCommand.Party.enroll(ca, "patient", "Patient", ParticipantType.DATA_PROVIDER);
        RunningCommand.Party hub = RunningCommand.Party.enroll(ca, "hub", "MedicalHub", ParticipantType.DECIDER);
        for (int i = 0; i < 3; i++) {
            CcuReply r = client.response(client.submit(patient.patientRecord(ccu.certificate(), ccu.hpkePublicKey(),
                    "p" + i, 60 + 5 * i), patient.cert()), patient.cert(), WAIT).orElseThrow();
            assertThat(r.isRefusal()).as(String.valueOf(r.refusal())).isFalse();
        }
        first.stop();
        assertThat(Files.readAllLines(work.resolve("index.jsonl"))).hasSize(3);

        RunningCommand second = RunningCommand.start("serve-2", "decisions", "serve", "--port", "0", "--work", work.toString());
        client = new DecisionsHttpClient(URI.create(second.await(SERVING).group(1)));
        second.await("measurement " + measurement + "; seed restored from " + java.util.regex.Pattern.quote(
                work.resolve("state").resolve("seed.sealed").toString()));
        // no --record-cache-mb: a quarter of the maximum heap, named as the default
        second.await(java.util.regex.Pattern.quote("; record cache " + (VerifiedRecordCache.defaultBytes() >> 20)
                + " MiB (default: a quarter of the " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB maximum heap)"));
        DecisionsHttpClient.CcuIdentity again = client.ccu();
        assertThat(again.certificate()).isEqualTo(ccu.certificate());
        assertThat(again.hpkePublicKey()).isEqualTo(ccu.hpkePublicKey());
        CcuReply reply = client.response(client.decide(hub.prioritization(ccu.certificate(), ccu.hpkePublicKey()), hub.cert()),
                hub.cert(), WAIT).orElseThrow();
        assertThat(reply.isRefusal()).as(String.valueOf(reply.refusal())).isFalse();
        DecisionOutcome outcome = Ccu.openResponse(reply.decision(), ccu.certificate(), hub.cert(), hub.hpke(),
                new Envelopes(Clock.systemUTC(), Duration.ofMinutes(10)));
        assertThat(outcome.decisions()).extracting(DecisionOutcome.RecordDecision::recordId).containsExactly("p0", "p1", "p2");
        assertThat(String.valueOf(outcome.aggregates().get("meanAge"))).isEqualTo("65");
        assertThat(String.valueOf(outcome.aggregates().get("sumAge"))).isEqualTo("195");
        second.stop();

        Path sealed = work.resolve("state").resolve("seed.sealed");
        byte[] b = Files.readAllBytes(sealed);
        b[b.length / 2] ^= 1;
        Files.write(sealed, b);
        MainTest.Result r = MainTest.run("decisions", "serve", "--port", "0", "--work", work.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("coalition: enclave: the application io.coalition.decisions.replica.CcuReplica$1"
                + " failed to start on sim: CCU replica serve: the sealed seed " + sealed + " does not open: sealed blob:"
                + " does not open under the sealing key of measurement " + measurement + " on sim (sealed by another"
                + " enclave or platform, altered, or other associated data)" + System.lineSeparator());
        assertThat(r.out()).doesNotContain("serving");
    }
    @Test
    void serveWithSeedFrom_joinsARunningServe_andDecidesWhatTheOtherStored() throws Exception {
        Path work = tmp.resolve("work");
        RunningCommand a = RunningCommand.start("serve-a", "decisions", "serve", "--port", "0", "--work", work.toString());
        DecisionsHttpClient clientA = new DecisionsHttpClient(URI.create(a.await(SERVING).group(1)));
        String exchange = "127.0.0.1:" + a.await("seed exchange on 127\\.0\\.0\\.1:(\\d+)").group(1);
        Path stateB = work.resolve("state-b");
        RunningCommand b = RunningCommand.start("serve-b", "decisions", "serve", "--port", "0", "--work", work.toString(),
                "--state-dir", stateB.toString(), "--seed-from", exchange);
        try {
            DecisionsHttpClient clientB = new DecisionsHttpClient(URI.create(b.await(SERVING).group(1)));
            b.await("seed received from " + java.util.regex.Pattern.quote(exchange) + " after mutual attestation, sealed to "
                    + java.util.regex.Pattern.quote(stateB.resolve("seed.sealed").toString()));
            assertThat(stateB.resolve("seed.sealed")).exists();
            // one CCU: the same service certificate and HPKE key on both
            DecisionsHttpClient.CcuIdentity ccu = clientA.ccu();
            assertThat(clientB.ccu().certificate()).isEqualTo(ccu.certificate());
            assertThat(clientB.ccu().hpkePublicKey()).isEqualTo(ccu.hpkePublicKey());

            CertificateAuthority ca = CertificateAuthority.open(work.resolve("ca"), Clock.systemUTC());
            RunningCommand.Party patient = RunningCommand.Party.enroll(ca, "patient", "Patient", ParticipantType.DATA_PROVIDER);
            RunningCommand.Party hub = RunningCommand.Party.enroll(ca, "hub", "MedicalHub", ParticipantType.DECIDER);
            for (int i = 0; i < 2; i++) {
                CcuReply r = clientA.response(clientA.submit(patient.patientRecord(ccu.certificate(), ccu.hpkePublicKey(),
                        "p" + i, 70 + 10 * i), patient.cert()), patient.cert(), WAIT).orElseThrow();
                assertThat(r.isRefusal()).as(String.valueOf(r.refusal())).isFalse();
            }
            CcuReply reply = clientB.response(clientB.decide(hub.prioritization(ccu.certificate(), ccu.hpkePublicKey()),
                    hub.cert()), hub.cert(), WAIT).orElseThrow();
            assertThat(reply.isRefusal()).as(String.valueOf(reply.refusal())).isFalse();
            DecisionOutcome outcome = Ccu.openResponse(reply.decision(), ccu.certificate(), hub.cert(), hub.hpke(),
                    new Envelopes(Clock.systemUTC(), Duration.ofMinutes(10)));
            assertThat(outcome.decisions()).extracting(DecisionOutcome.RecordDecision::recordId).containsExactly("p0", "p1");
            assertThat(String.valueOf(outcome.aggregates().get("sumAge"))).isEqualTo("150");
        } finally {
            b.stop();
            a.stop();
        }
        MainTest.Result bad = MainTest.run("decisions", "serve", "--port", "0", "--work", work.toString(), "--state-dir",
                work.resolve("state-c").toString(), "--seed-from", "nope");
        assertThat(bad.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(bad.err()).isEqualTo("coalition: --seed-from: expected HOST:PORT, found 'nope'" + System.lineSeparator());
    }
}
