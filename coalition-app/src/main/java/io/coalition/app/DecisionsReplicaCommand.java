package io.coalition.app;

import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWorker;
import io.coalition.decisions.queue.RequestQueue;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code coalition decisions replica}: one CCU replica serving a Redis-backed request queue until interrupted. */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"Run one CCU replica as a worker on a Redis-backed request queue, until Ctrl-C. The replica is an"
                + " enclave application on the sim backend (SIMULATED: no hardware protection). The first replica"
                + " creates the CCU seed (--init-seed); every other one gets it from a running replica (--seed-from)"
                + " over mutually attested TLS, checked against the manifest of accepted measurements, the seed"
                + " HPKE-sealed to the joiner's attested key; each replica seals it in its state folder and restarts"
                + " from it without a seed exchange. Replicas share the queue, the record index and the replay store"
                + " (Redis by default, or files), and the CA, blob store and notary log under --work (one file system).",
                "Clients address envelopes to WORK/ccu.crt and the HPKE key in WORK/ccu.json (the same on every replica)."
                + " A stopped replica hands its unanswered requests back; one that died loses them to the others after"
                + " --lease-timeout.",
                "",
                "Each replica serves its seed exchange on a free loopback port and prints it ('seed exchange on"
                + " 127.0.0.1:PORT').",
                "",
                "Examples (two replicas serving one queue; the first printed 'seed exchange on 127.0.0.1:41234'):",
                "  coalition decisions replica --name a --queue redis://127.0.0.1:6379 --work /srv/ccu --init-seed",
                "  coalition decisions replica --name b --queue redis://127.0.0.1:6379 --work /srv/ccu --seed-from 127.0.0.1:41234",
                "  coalition decisions replica --name b --queue redis://127.0.0.1:6379 --work /srv/ccu   (restart: unseals its seed)"})
final class DecisionsReplicaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "this replica's name (its worker name on the queue; unique)")
    String name;
    @Option(names = {"--queue", "--redis"}, required = true, paramLabel = "redis://HOST:PORT", description = "the Redis-backed request queue")
    String queue;
    @Option(names = "--namespace", defaultValue = DecisionsBackends.DEFAULT_NAMESPACE, paramLabel = "NS",
            description = "the Redis key namespace of queue, index and replay store (default ${DEFAULT-VALUE})")
    String namespace;
    @Option(names = "--work", required = true, paramLabel = "DIR",
            description = "what the replicas share on one file system: CA (WORK/ca), blobs, notary log, ccu.crt/ccu.json")
    Path work;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "this replica's sealed seed (default: WORK/replicas/NAME)")
    Path stateDir;
    @Option(names = "--ca", paramLabel = "DIR", description = "the CA folder (default: WORK/ca, created if missing)")
    Path caDir;
    @Option(names = {"--dmn", "--model"}, split = ",", paramLabel = "FILE", description = "DMN files (default: the vaccine campaign)")
    List<Path> dmn;
    @Option(names = {"--alfa", "--policy"}, split = ",", paramLabel = "FILE", description = "ALFA descriptor (default: the vaccine campaign)")
    List<Path> alfa;
    @Option(names = "--index", paramLabel = "file:PATH|redis://HOST:PORT", description = "the record index (default: the queue's Redis)")
    String index;
    @Option(names = "--replay-store", paramLabel = "file:PATH|redis://HOST:PORT", description = "the replay store (default: the queue's Redis)")
    String replays;
    @Option(names = "--manifest", paramLabel = "FILE",
            description = "accepted peer measurements, JSON {\"measurements\": [hex...], \"simulationAllowed\": true}"
                    + " (default: this replica's own measurement, simulation allowed)")
    Path manifest;
    @Option(names = "--sim-platform", paramLabel = "DIR",
            description = "this machine's simulated TEE (attestation key, sealing secret; default: WORK/sim-platform)")
    Path simPlatform;
    @Option(names = "--trust-sim-platform", paramLabel = "FILE",
            description = "platform.pub of another machine's simulated TEE whose replicas are accepted (repeatable)")
    List<Path> trustedPlatforms = new ArrayList<>();
    @ArgGroup(exclusive = true)
    Seeding seeding;
    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "worker threads (default ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--lease-timeout", defaultValue = "PT30S", paramLabel = "DURATION",
            description = "take over requests another replica leased this long ago and did not answer, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration leaseTimeout;
    @Option(names = "--queue-retention", defaultValue = "P7D", paramLabel = "DURATION",
            description = "forget answered requests after this long, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration retention;
    @Option(names = "--record-cache-mb", paramLabel = "N", description = CcuNode.RECORD_CACHE_HELP)
    Integer recordCacheMb;

    static final class Seeding {
        @Option(names = "--init-seed", required = true, description = "create the CCU seed (the first replica only)")
        boolean init;
        @Option(names = "--seed-from", required = true, paramLabel = "HOST:PORT", description = "get the seed from this running replica")
        String from;
    }

    @Override
    public Integer call() throws Exception {
        if (!DecisionsBackends.isRedis(queue)) {
            throw new IllegalArgumentException("--queue: expected redis://HOST:PORT (replicas share a Redis queue), found '" + queue + "'");
        }
        if ((dmn == null) != (alfa == null)) {
            throw new IllegalArgumentException("--dmn and --alfa go together (or neither, for the vaccine campaign)");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers: expected at least 1, got " + workers);
        }
        long recordCacheBytes = CcuNode.recordCacheBytes(recordCacheMb);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        Path state = stateDir != null ? stateDir : work.resolve("replicas").resolve(name);
        List<AutoCloseable> open = new ArrayList<>();
        List<CcuWorker> running = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        int handedBack = 0;
        boolean interrupted = false;
        try (CcuNode node = CcuNode.launch(new CcuNode.Options(name, work, state, caDir, simPlatform, trustedPlatforms,
                manifest, dmn, alfa, index != null ? index : queue, replays != null ? replays : queue, namespace,
                recordCacheBytes), clock)) {
            out.println("CCU replica " + name + " on the SIMULATED platform (sim: no hardware protection), measurement "
                    + node.measurement + "; " + CcuNode.recordCacheText(recordCacheMb, recordCacheBytes));
            if (node.replica.isReady()) {
                out.println("seed: restored from " + state.resolve("seed.sealed"));
            } else if (seeding != null && seeding.init) {
                node.genesis();
                out.println("seed: created and sealed to " + state.resolve("seed.sealed"));
            } else if (seeding != null) {
                join(node, seeding.from);
                out.println("seed: received from " + seeding.from + " after mutual attestation, sealed to "
                        + state.resolve("seed.sealed"));
            } else {
                throw new IllegalArgumentException("CCU replica " + name + ": no sealed seed in " + state
                        + "; give --init-seed (first replica) or --seed-from HOST:PORT (a running replica)");
            }
            node.publish(work);
            out.println("seed exchange on 127.0.0.1:" + node.replica.serveSeedExchange());
            RequestQueue<CcuCall, CcuReply> q = DecisionsBackends.queue(queue, namespace, open);
            try (QueueTrimmer ignored = QueueTrimmer.start(q, retention)) {
                for (int i = 1; i <= workers; i++) {
                    CcuWorker w = new CcuWorker(workers == 1 ? name : name + "-" + i, node.replica.ccu(), q, leaseTimeout);
                    Thread t = new Thread(w, "coalition-decisions-ccu-" + w.name());
                    t.setDaemon(true);
                    running.add(w);
                    threads.add(t);
                    t.start();
                }
                Thread hook = new Thread(stop::countDown, "coalition-decisions-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                out.println("serving queue " + queue + " (namespace " + namespace + ") with " + workers + " worker(s);"
                        + " index: " + node.indexSpec + "; replay store: " + node.replaySpec + "; CCU: " + work.resolve("ccu.json"));
                out.flush();
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    interrupted = true; // re-set on the way out: the workers are joined first
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // already shutting down
                    }
                }
                running.forEach(CcuWorker::stop);
                for (Thread t : threads) {
                    t.join(10_000);
                }
                // what this replica leased and did not answer goes back to the others at once
                for (CcuWorker w : running) {
                    handedBack += q.reclaim(w.name());
                }
            }
        } finally {
            DecisionsBackends.closeAll(open);
        }
        out.println("stopped (" + handedBack + " unanswered requests handed back)");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
    /** The attested seed exchange with the running replica at {@code from} (HOST:PORT, its "seed exchange on" port). */
    static void join(CcuNode node, String from) {
        String[] hp = from.split(":");
        int p;
        try {
            p = hp.length == 2 ? Integer.parseInt(hp[1]) : -1;
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535 || hp[0].isBlank()) {
            throw new IllegalArgumentException("--seed-from: expected HOST:PORT, found '" + from + "'");
        }
        node.replica.join(hp[0], p);
    }
}
