package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWire;
import io.coalition.decisions.ccu.RedisRecordIndex;
import io.coalition.decisions.ccu.StoredRecord;
import io.coalition.decisions.queue.RedisRequestQueue;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two CCU replicas started by hand through {@code coalition decisions replica} serve one Redis queue: the second
 * gets the seed from the first (attested seed exchange, sim), the first is stopped mid-stream, and every request
 * is answered exactly once, to its own client. Needs {@code COALITION_REDIS_URL} (skipped without it, failing with
 * {@code COALITION_REQUIRE_BACKENDS=1}).
 */
class DecisionsReplicaCommandTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    final String namespace = "coalition-cli-e2e-" + UUID.randomUUID();
    final List<RunningCommand> running = new ArrayList<>();

    static String redisUrl() {
        String url = System.getenv("COALITION_REDIS_URL");
        if (url == null || url.isBlank()) {
            String reason = "COALITION_REDIS_URL is not set (.ci/run starts redis-server and sets it)";
            if ("1".equals(System.getenv("COALITION_REQUIRE_BACKENDS"))) {
                Assertions.fail("COALITION_REQUIRE_BACKENDS=1 but " + reason);
            }
            Assumptions.abort(reason);
        }
        return url;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (RunningCommand r : running) {
            if (r.thread.isAlive()) {
                r.thread.interrupt();
                r.thread.join(30_000);
            }
        }
        String url = System.getenv("COALITION_REDIS_URL");
        if (url != null && !url.isBlank()) {
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                var keys = c.sync().keys("{" + namespace + "}*");
                if (!keys.isEmpty()) {
                    c.sync().del(keys.toArray(String[]::new));
                }
            } finally {
                client.shutdown();
            }
        }
    }

    RunningCommand replica(String name, Path work, String... seeding) {
        List<String> args = new ArrayList<>(List.of("decisions", "replica", "--name", name, "--queue", redisUrl(),
                "--namespace", namespace, "--work", work.toString(), "--lease-timeout", "PT5S"));
        args.addAll(List.of(seeding));
        RunningCommand r = RunningCommand.start("replica-" + name, args.toArray(String[]::new));
        running.add(r);
        return r;
    }

    @Test
    void twoReplicasServeOneQueue_oneStopsMidStream_everyRequestAnsweredExactlyOnce() throws Exception {
        String url = redisUrl();
        Path work = tmp.resolve("work");
        RunningCommand a = replica("a", work, "--init-seed");
        a.await("serving queue ");
        String seedPort = a.await("seed exchange on 127\\.0\\.0\\.1:(\\d+)").group(1);
        assertThat(a.out.toString()).contains("CCU replica a on the SIMULATED platform (sim: no hardware protection)",
                "seed: created and sealed to " + work.resolve("replicas").resolve("a").resolve("seed.sealed"));
        RunningCommand b = replica("b", work, "--seed-from", "127.0.0.1:" + seedPort);
        b.await("serving queue ");
        assertThat(b.out.toString()).contains("seed: received from 127.0.0.1:" + seedPort
                + " after mutual attestation, sealed to " + work.resolve("replicas").resolve("b").resolve("seed.sealed"));

        X509Certificate ccu = Pem.readCertificate(work.resolve("ccu.crt"));
        JsonNode published = DecisionsCommand.JSON.readTree(work.resolve("ccu.json").toFile());
        byte[] ccuKey = Base64.getDecoder().decode(published.get("hpkePublicKey").asText());
        CertificateAuthority ca = CertificateAuthority.open(work.resolve("ca"), Clock.systemUTC());
        RunningCommand.Party patient = RunningCommand.Party.enroll(ca, "patient", "Patient", ParticipantType.DATA_PROVIDER);
        RunningCommand.Party hub = RunningCommand.Party.enroll(ca, "hub", "MedicalHub", ParticipantType.DECIDER);

        Map<String, String> clientOf = new LinkedHashMap<>();
        Map<String, CcuReply> answers = new LinkedHashMap<>();
        try (RedisRequestQueue<CcuCall, CcuReply> clients = RedisRequestQueue.connect(url, namespace, CcuWire.CALLS,
                CcuWire.REPLIES)) {
            for (int i = 0; i < 12; i++) {
                clientOf.put(clients.send("patient", new CcuCall.Submit(
                        patient.patientRecord(ccu, ccuKey, "p" + i, 60 + i), patient.cert())), "patient");
            }
            // the first answers are in: stop A while the rest of the stream is being served and still coming
            for (String cid : new ArrayList<>(clientOf.keySet()).subList(0, 3)) {
                answers.put(cid, clients.response("patient", cid, WAIT).orElseThrow());
            }
            Thread stopA = new Thread(() -> a.thread.interrupt(), "stop-a");
            stopA.start();
            for (int i = 12; i < 24; i++) {
                clientOf.put(clients.send("patient", new CcuCall.Submit(
                        patient.patientRecord(ccu, ccuKey, "p" + i, 60 + i), patient.cert())), "patient");
            }
            stopA.join();
            a.thread.join(30_000);
            assertThat(a.thread.isAlive()).isFalse();
            assertThat(a.exit.get()).as(a.err.toString()).isZero();
            assertThat(a.out.toString()).containsPattern("stopped \\(\\d+ unanswered requests handed back\\)");
            for (String cid : clientOf.keySet()) {
                if (!answers.containsKey(cid)) {
                    answers.put(cid, clients.response("patient", cid, WAIT).orElseThrow(
                            () -> new AssertionError("no answer to " + cid)));
                }
            }
            String decision = clients.send("hub", new CcuCall.Decide(hub.prioritization(ccu, ccuKey), hub.cert()));
            CcuReply decided = clients.response("hub", decision, WAIT).orElseThrow();

            // exactly once: nothing more on any channel, and no answer for another client
            for (String cid : clientOf.keySet()) {
                assertThat(clients.response("patient", cid, Duration.ZERO)).as(cid).isEqualTo(Optional.empty());
            }
            assertThat(clients.response("hub", decision, Duration.ZERO)).isEmpty();
            assertThat(clients.pending()).isZero();
            assertThat(answers).hasSize(24);
            assertThat(answers.values()).allSatisfy(r -> assertThat(r.isRefusal()).as(String.valueOf(r.refusal())).isFalse());
            assertThat(answers.values()).extracting(r -> r.stored().recordId()).doesNotHaveDuplicates().hasSize(24);

            assertThat(decided.isRefusal()).as(String.valueOf(decided.refusal())).isFalse();
            DecisionOutcome outcome = Ccu.openResponse(decided.decision(), ccu, hub.cert(), hub.hpke(),
                    new Envelopes(Clock.systemUTC(), Duration.ofMinutes(10)));
            assertThat(outcome.decisions()).hasSize(24);
            assertThat(outcome.decisions()).extracting(DecisionOutcome.RecordDecision::recordId).doesNotHaveDuplicates();
        }
        try (RedisRecordIndex index = RedisRecordIndex.connect(url, namespace)) {
            assertThat(index.records("Patients")).extracting(StoredRecord::recordId).doesNotHaveDuplicates().hasSize(24);
        }
        b.stop();
        assertThat(b.out.toString()).endsWith("stopped (0 unanswered requests handed back)" + System.lineSeparator());

        // A restarts on its own from its sealed seed, without a seed exchange
        RunningCommand again = replica("a", work);
        again.await("serving queue ");
        assertThat(again.out.toString()).contains("seed: restored from "
                + work.resolve("replicas").resolve("a").resolve("seed.sealed"));
        again.stop();
    }

    @Test
    void replicaWithoutSeedOrSource_isRejectedWithWhatToGive() {
        String url = redisUrl();
        Path work = tmp.resolve("work");
        MainTest.Result r = MainTest.run("decisions", "replica", "--name", "c", "--queue", url, "--namespace", namespace,
                "--work", work.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("coalition: CCU replica c: no sealed seed in " + work.resolve("replicas").resolve("c")
                + "; give --init-seed (first replica) or --seed-from HOST:PORT (a running replica)" + System.lineSeparator());
    }

    @Test
    void replicaWithANegativeRecordCache_isRejectedBeforeConnecting() {
        MainTest.Result r = MainTest.run("decisions", "replica", "--name", "c", "--queue", "redis://127.0.0.1:1",
                "--work", tmp.toString(), "--init-seed", "--record-cache-mb", "-5");
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("coalition: --record-cache-mb: expected 0 (off) or more, got -5"
                + System.lineSeparator());
    }

    @Test
    void replicaOnAnEmbeddedQueue_isRejected() {
        MainTest.Result r = MainTest.run("decisions", "replica", "--name", "c", "--queue", "embedded", "--work",
                tmp.toString(), "--init-seed");
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("coalition: --queue: expected redis://HOST:PORT (replicas share a Redis queue),"
                + " found 'embedded'" + System.lineSeparator());
    }
}
