package io.coalition.app;

import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.http.DecisionsHttpServer;
import io.coalition.decisions.queue.RequestQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code coalition decisions serve}: the decision flow over HTTP until interrupted, durable across restarts. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the decision flow over HTTP (JSON): GET /v1/openapi.yaml, GET /v1/ccu, POST /v1/records,"
                + " POST /v1/decisions, GET /v1/responses/ID?client=FINGERPRINT. Participants hold certificates from"
                + " the CA in --ca (made with 'coalition pki'; created when the folder is empty) and send HPKE"
                + " envelopes sealed to the CCU.",
                "The CCU is an enclave application on the sim backend (SIMULATED: no hardware protection): its seed is"
                + " created once, sealed to WORK/state/seed.sealed and unsealed on every restart; the record index"
                + " (default file:WORK/index.jsonl) and replay store (default file:WORK/replays.log) persist, so records"
                + " stored before a restart are decided after it. A tampered sealed seed stops the start.",
                "It serves the attested seed exchange on a free loopback port (printed); another serve or replica on"
                + " the same WORK joins with --seed-from 127.0.0.1:PORT instead of creating its own seed.",
                "Without --dmn/--alfa it serves seed 004's vaccine campaign. Stops on Ctrl-C.",
                "",
                "Examples:",
                "  coalition decisions serve --work /srv/ccu --port 8080",
                "  coalition decisions serve --work /srv/ccu --port 8081 --state-dir /srv/ccu/state-2 --seed-from 127.0.0.1:41234",
                "  coalition decisions serve --work /srv/ccu --queue redis://127.0.0.1:6379 --index redis://127.0.0.1:6379"
                        + " --replay-store redis://127.0.0.1:6379"})
final class DecisionsServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "TCP port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;
    @Option(names = "--work", required = true, paramLabel = "DIR",
            description = "where the encrypted store, notary log, record index, replay store, CCU state and certificate go")
    Path work;
    @Option(names = "--ca", paramLabel = "DIR", description = "the CA folder (default: WORK/ca, created if missing)")
    Path caDir;
    @Option(names = {"--dmn", "--model"}, split = ",", paramLabel = "FILE", description = "DMN files (default: the vaccine campaign)")
    List<Path> dmn;
    @Option(names = {"--alfa", "--policy"}, split = ",", paramLabel = "FILE", description = "ALFA descriptor (default: the vaccine campaign)")
    List<Path> alfa;
    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "CCU worker threads (default ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "the CCU's sealed seed and service certificate (default: WORK/state)")
    Path stateDir;
    @Option(names = "--sim-platform", paramLabel = "DIR",
            description = "this machine's simulated TEE (attestation key, sealing secret; default: WORK/sim-platform)")
    Path simPlatform;
    @Option(names = "--queue", defaultValue = "embedded", paramLabel = "embedded|redis://HOST:PORT",
            description = "the request queue (default ${DEFAULT-VALUE})")
    String queue;
    @Option(names = "--index", paramLabel = "memory|file:PATH|redis://HOST:PORT",
            description = "the record index (default: file:WORK/index.jsonl)")
    String index;
    @Option(names = "--replay-store", paramLabel = "memory|file:PATH|redis://HOST:PORT",
            description = "the replay store (default: file:WORK/replays.log)")
    String replays;
    @Option(names = "--namespace", defaultValue = DecisionsBackends.DEFAULT_NAMESPACE, paramLabel = "NS",
            description = "the Redis key namespace of queue, index and replay store (default ${DEFAULT-VALUE})")
    String namespace;
    @Option(names = "--seed-from", paramLabel = "HOST:PORT",
            description = "join a running CCU (serve or replica): get the seed from its seed exchange after mutual"
                    + " attestation instead of creating one (ignored when the state folder holds a sealed seed)")
    String seedFrom;
    @Option(names = "--queue-retention", defaultValue = "P7D", paramLabel = "DURATION",
            description = "a Redis queue forgets answered requests after this long, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration retention;
    @Option(names = "--record-cache-mb", paramLabel = "N", description = CcuNode.RECORD_CACHE_HELP)
    Integer recordCacheMb;

    @Override
    public Integer call() throws Exception {
        if ((dmn == null) != (alfa == null)) {
            throw new IllegalArgumentException("--dmn and --alfa go together (or neither, for the vaccine campaign)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: expected 0..65535, got " + port);
        }
        long recordCacheBytes = CcuNode.recordCacheBytes(recordCacheMb);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        Path state = stateDir != null ? stateDir : work.resolve("state");
        List<AutoCloseable> open = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        try (CcuNode node = CcuNode.launch(new CcuNode.Options("serve", work, state, caDir, simPlatform, List.of(), null,
                dmn, alfa, index, replays, namespace, recordCacheBytes), clock)) {
            String seed;
            if (node.replica.isReady()) {
                seed = "restored from " + state.resolve("seed.sealed");
            } else if (seedFrom != null) {
                DecisionsReplicaCommand.join(node, seedFrom);
                seed = "received from " + seedFrom + " after mutual attestation, sealed to " + state.resolve("seed.sealed");
            } else {
                node.genesis();
                seed = "created and sealed to " + state.resolve("seed.sealed");
            }
            node.publish(work);
            int exchange = node.replica.serveSeedExchange();
            RequestQueue<CcuCall, CcuReply> q = DecisionsBackends.queue(queue, namespace, open);
            try (DecisionsHttpServer server = DecisionsHttpServer.start(new InetSocketAddress(bind, port),
                    node.replica.ccu(), q, workers);
                 QueueTrimmer ignored = QueueTrimmer.start(q, retention)) {
                Thread hook = new Thread(stop::countDown, "coalition-decisions-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                out.println("serving the decisions API on " + server.uri() + " (functions "
                        + node.spec.functions().keySet().stream().sorted().toList() + "); "
                        + CcuNode.recordCacheText(recordCacheMb, recordCacheBytes));
                out.println("CCU on the SIMULATED platform (sim: no hardware protection), measurement " + node.measurement
                        + "; seed " + seed);
                out.println("seed exchange on 127.0.0.1:" + exchange);
                out.println("CA: " + node.caDir + "; CCU certificate: " + work.resolve("ccu.crt") + "; store: "
                        + work.resolve("blobs") + "; notary: " + work.resolve("notary.log") + "; index: " + node.indexSpec
                        + "; replay store: " + node.replaySpec + "; queue: " + queue);
                out.flush();
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // already shutting down
                    }
                }
            }
        } finally {
            DecisionsBackends.closeAll(open);
        }
        out.println("stopped");
        return 0;
    }
}
