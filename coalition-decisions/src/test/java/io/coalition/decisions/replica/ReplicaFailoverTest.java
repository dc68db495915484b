package io.coalition.decisions.replica;

import io.coalition.decisions.RedisBackend;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWire;
import io.coalition.decisions.ccu.CcuWorker;
import io.coalition.decisions.ccu.StoredRecord;
import io.coalition.decisions.queue.EmbeddedRequestQueue;
import io.coalition.decisions.queue.RedisRequestQueue;
import io.coalition.decisions.queue.RequestQueue;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.pki.ParticipantType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover of CCU enclave replicas on both request queues: replica A dies mid-stream holding a request, B takes it
 * over (lease timeout) and serves the rest, A restarts from its sealed seed, catches up on the records B stored
 * (file index with the embedded queue, Redis index with the Redis queue), and serves alongside B. Every
 * request is answered exactly once, to the client that sent it; every record is stored once.
 */
class ReplicaFailoverTest {
    static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    ReplicaFixture f;
    final List<AutoCloseable> open = new ArrayList<>();
    String namespace;

    @BeforeEach
    void setUp() throws Exception {
        f = new ReplicaFixture(dir);
        namespace = "coalition-failover-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        f.close();
        if (System.getenv("COALITION_REDIS_URL") != null) {
            RedisClient client = RedisClient.create(System.getenv("COALITION_REDIS_URL"));
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

    /** Each party (clients, each replica) gets its own connection, as separate processes would. */
    Supplier<RequestQueue<CcuCall, CcuReply>> queues(String backend) {
        if (backend.equals("embedded")) {
            EmbeddedRequestQueue<CcuCall, CcuReply> shared = new EmbeddedRequestQueue<>();
            open.add(shared);
            return () -> shared;
        }
        String url = RedisBackend.url();
        // replicas on different machines: the record index is on the Redis server too
        f.indexes = () -> {
            io.coalition.decisions.ccu.RedisRecordIndex index =
                    io.coalition.decisions.ccu.RedisRecordIndex.connect(url, namespace);
            open.add(index);
            return index;
        };
        f.replays = () -> {
            io.coalition.decisions.replay.RedisReplayStore replays =
                    io.coalition.decisions.replay.RedisReplayStore.connect(url, namespace, ReplicaFixture.CLOCK);
            open.add(replays);
            return replays;
        };
        return () -> {
            RequestQueue<CcuCall, CcuReply> q = RedisRequestQueue.connect(url, namespace, CcuWire.CALLS, CcuWire.REPLIES);
            open.add(q);
            return q;
        };
    }

    Thread serve(CcuWorker worker) {
        Thread t = new Thread(worker, "coalition-decisions-test-" + worker.name());
        t.start();
        return t;
    }

    @ParameterizedTest(name = "{0} queue")
    @ValueSource(strings = {"embedded", "redis"})
    void replicaStopsMidStream_theOtherServes_noRequestLostOrAnsweredTwice(String backend) throws Exception {
        Supplier<RequestQueue<CcuCall, CcuReply>> queues = queues(backend);
        RequestQueue<CcuCall, CcuReply> clients = queues.get();
        CcuReplica.Setup setupA = f.setup("ccu-a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest());
        CcuReplica a = f.genesis(setupA);
        CcuReplica b = CcuReplica.launch(f.setup("ccu-b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest()));
        open.add(b);
        b.join("127.0.0.1", a.serveSeedExchange());
        Ccu service = a.ccu(); // what clients address: the same keys on every replica
        ReplicaFixture.Participant patient = f.enroll("patient", "Patient", ParticipantType.DATA_PROVIDER);
        ReplicaFixture.Participant hub = f.enroll("hub", "MedicalHub", ParticipantType.DECIDER);

        Map<String, String> clientOf = new LinkedHashMap<>(); // correlation id -> client
        for (int i = 0; i < 10; i++) {
            clientOf.put(clients.send("patient", new CcuCall.Submit(
                    f.submission(service, patient, "p" + i, ReplicaFixture.patient(60 + i)), patient.certificate())), "patient");
        }

        // A answers three, takes a fourth and dies with it (enclave gone, connection gone)
        RequestQueue<CcuCall, CcuReply> queueA = queues.get();
        CcuWorker workerA = a.worker(queueA);
        for (int i = 0; i < 3; i++) {
            assertThat(workerA.processOne(Duration.ZERO)).isTrue();
        }
        String held = queueA.receive("ccu-a", Duration.ZERO).orElseThrow().correlationId();
        a.close();
        if (backend.equals("redis")) {
            queueA.close();
        }
        // nobody tells B that A died: B takes over every lease older than its lease timeout. Zero here, so B also
        // takes requests A2 is still working on later: both may process one, and the first answer must win.
        CcuWorker workerB = b.worker(queues.get(), Duration.ZERO);
        Thread threadB = serve(workerB);
        Map<String, CcuReply> replies = new LinkedHashMap<>();
        for (var e : clientOf.entrySet()) {
            replies.put(e.getKey(), clients.response(e.getValue(), e.getKey(), LONG).orElseThrow());
        }
        assertThat(replies).containsKey(held);

        // A restarts from its sealed seed and catches up on what B stored while it was down
        CcuReplica a2 = CcuReplica.launch(f.restarted(setupA));
        open.add(a2);
        assertThat(a2.isReady()).isTrue();
        assertThat(a2.ccu().records("Patients")).hasSize(10);
        CcuWorker workerA2 = a2.worker(queues.get());
        Thread threadA2 = serve(workerA2);

        Map<String, String> second = new LinkedHashMap<>();
        for (int i = 10; i < 20; i++) {
            second.put(clients.send("patient", new CcuCall.Submit(
                    f.submission(service, patient, "p" + i, ReplicaFixture.patient(60 + i)), patient.certificate())), "patient");
        }
        for (var e : second.entrySet()) {
            replies.put(e.getKey(), clients.response(e.getValue(), e.getKey(), LONG).orElseThrow());
        }
        clientOf.putAll(second);
        Map<String, String> decisions = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            decisions.put(clients.send("hub", new CcuCall.Decide(f.request(service, hub), hub.certificate())), "hub");
        }
        for (var e : decisions.entrySet()) {
            replies.put(e.getKey(), clients.response(e.getValue(), e.getKey(), LONG).orElseThrow());
        }
        clientOf.putAll(decisions);
        workerB.stop();
        workerA2.stop();
        threadB.join();
        threadA2.join();

        // exactly once, to its own client: nothing left, nothing a second time, nothing for the other client
        assertThat(replies).hasSize(24).allSatisfy((id, r) -> assertThat(r.isRefusal()).as(r.refusal()).isFalse());
        assertThat(clients.pending()).isZero();
        for (var e : clientOf.entrySet()) {
            assertThat(clients.response(e.getValue(), e.getKey(), Duration.ZERO)).isEmpty();
            String other = e.getValue().equals("hub") ? "patient" : "hub";
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> clients.response(other, e.getKey(), Duration.ZERO))
                    .hasMessage("request queue: client " + other + " has no request " + e.getKey());
        }
        // two replicas store concurrently: each record once, in the order they won the index lock
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "p" + i).toList();
        assertThat(b.ccu().records("Patients")).extracting(StoredRecord::recordId).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : decisions.keySet()) {
            DecisionOutcome out = Ccu.openResponse(replies.get(id).decision(), service.certificate(), hub.certificate(),
                    hub.hpke(), new Envelopes(ReplicaFixture.CLOCK, Duration.ofMinutes(10)));
            assertThat(out.decisions()).extracting(DecisionOutcome.RecordDecision::recordId).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    /**
     * Issue 7: one decision request envelope sent to replica A, then re-sent as a new request (new correlation id)
     * that replica B takes: B refuses it (ENVELOPE) because A accepted it, through the shared replay store (file
     * with the embedded queue, Redis with the Redis queue). A third send, taken by A, is refused by A's own memory.
     */
    @ParameterizedTest(name = "{0} queue")
    @ValueSource(strings = {"embedded", "redis"})
    void requestEnvelopeResentToAnotherReplica_isRefusedByIt(String backend) throws Exception {
        Supplier<RequestQueue<CcuCall, CcuReply>> queues = queues(backend);
        RequestQueue<CcuCall, CcuReply> clients = queues.get();
        CcuReplica a = f.genesis(f.setup("ccu-a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest()));
        open.add(a);
        CcuReplica b = CcuReplica.launch(f.setup("ccu-b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest()));
        open.add(b);
        b.join("127.0.0.1", a.serveSeedExchange());
        ReplicaFixture.Participant patient = f.enroll("patient", "Patient", ParticipantType.DATA_PROVIDER);
        ReplicaFixture.Participant hub = f.enroll("hub", "MedicalHub", ParticipantType.DECIDER);
        CcuWorker workerA = a.worker(queues.get());
        CcuWorker workerB = b.worker(queues.get());
        String sub = clients.send("patient", new CcuCall.Submit(
                f.submission(a.ccu(), patient, "p0", ReplicaFixture.patient(70)), patient.certificate()));
        assertThat(workerA.processOne(Duration.ZERO)).isTrue();
        assertThat(clients.response("patient", sub, LONG).orElseThrow().isRefusal()).isFalse();

        io.coalition.trust.envelope.Envelope request = f.request(a.ccu(), hub);
        String first = clients.send("hub", new CcuCall.Decide(request, hub.certificate()));
        assertThat(workerA.processOne(Duration.ZERO)).isTrue();
        CcuReply answered = clients.response("hub", first, LONG).orElseThrow();
        assertThat(answered.isRefusal()).as(answered.refusal()).isFalse();

        String resent = clients.send("hub", new CcuCall.Decide(request, hub.certificate()));
        assertThat(workerB.processOne(Duration.ZERO)).isTrue();
        CcuReply refused = clients.response("hub", resent, LONG).orElseThrow();
        assertThat(refused.isRefusal()).isTrue();
        assertThat(refused.refusedAt()).isEqualTo(io.coalition.decisions.ccu.RefusedException.Step.ENVELOPE);
        assertThat(refused.refusal()).isEqualTo("envelope: envelope " + request.header().messageId()
                + ": already accepted by a CCU replica within the 10 min replay window (replay across replicas)");

        String again = clients.send("hub", new CcuCall.Decide(request, hub.certificate()));
        assertThat(workerA.processOne(Duration.ZERO)).isTrue();
        assertThat(clients.response("hub", again, LONG).orElseThrow().refusal())
                .isEqualTo("envelope: envelope " + request.header().messageId() + ": already opened once (replay)");
        assertThat(clients.pending()).isZero();
    }
}
