package io.coalition.app;

import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.demo.VaccineCampaign;
import io.coalition.decisions.http.DecisionsHttpServer;
import io.coalition.decisions.queue.EmbeddedRequestQueue;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code coalition decisions serve}: the decision flow over HTTP until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the decision flow over HTTP (JSON): GET /v1/ccu, POST /v1/records, POST /v1/decisions,"
                + " GET /v1/responses/ID?client=FINGERPRINT. Participants hold certificates from the CA in --ca (made"
                + " with 'coalition pki'; created when the folder is empty) and send HPKE envelopes sealed to the CCU.",
                "Without --dmn/--alfa it serves seed 004's vaccine campaign. Stops on Ctrl-C."})
final class DecisionsServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "TCP port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;
    @Option(names = "--work", required = true, paramLabel = "DIR",
            description = "where the encrypted store, notary log, compiled XACML and the CCU certificate go")
    Path work;
    @Option(names = "--ca", paramLabel = "DIR", description = "the CA folder (default: WORK/ca, created if missing)")
    Path caDir;
    @Option(names = "--dmn", split = ",", paramLabel = "FILE", description = "DMN files (default: the vaccine campaign)")
    List<Path> dmn;
    @Option(names = "--alfa", split = ",", paramLabel = "FILE", description = "ALFA descriptor (default: the vaccine campaign)")
    List<Path> alfa;
    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "CCU worker threads (default ${DEFAULT-VALUE})")
    int workers;

    @Override
    public Integer call() throws Exception {
        if ((dmn == null) != (alfa == null)) {
            throw new IllegalArgumentException("--dmn and --alfa go together (or neither, for the vaccine campaign)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: expected 0..65535, got " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        Files.createDirectories(work);
        if (dmn == null) {
            List<Path> files = VaccineCampaign.writeCampaign(work.resolve("specification"));
            dmn = files.subList(0, files.size() - 1);
            alfa = List.of(files.get(files.size() - 1));
        }
        Path ca = caDir != null ? caDir : work.resolve("ca");
        CertificateAuthority authority = Files.exists(ca.resolve("ca.key")) ? CertificateAuthority.open(ca, clock)
                : CertificateAuthority.init(ca, "Coalition decisions CA", clock);
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("ccu", "CCU", "IT", "Coalition CCU", Set.of(ParticipantType.CCU), true);
        var certificate = authority.issue(Enrollment.request(keys, "CN=Coalition CCU", a), a, Duration.ofDays(30));
        Pem.write(work.resolve("ccu.crt"), certificate);
        // the seed lives as long as the process: the record index is in memory too (see the module README)
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        CountDownLatch stop = new CountDownLatch(1);
        try (DecisionSpecification specification = DecisionSpecification.load(dmn, alfa, work.resolve("xacml"));
             LogNotary notary = LogNotary.open(work.resolve("notary.log"), "coalition-decisions", clock);
             EmbeddedRequestQueue<CcuCall, CcuReply> queue = new EmbeddedRequestQueue<>()) {
            Ccu ccu = new Ccu(specification, CertificateValidator.of(authority), certificate, keys.getPrivate(), seed,
                    new FileBlobStore(work.resolve("blobs")), notary, RecordIndex.inMemory(), clock, Duration.ofMinutes(10));
            try (DecisionsHttpServer server = DecisionsHttpServer.start(new InetSocketAddress(bind, port), ccu, queue, workers)) {
                Thread hook = new Thread(stop::countDown, "coalition-decisions-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                out.println("serving the decisions API on " + server.uri() + " (functions "
                        + specification.functions().keySet().stream().sorted().toList() + ")");
                out.println("CA: " + ca + "; CCU certificate: " + work.resolve("ccu.crt") + "; store: "
                        + work.resolve("blobs") + "; notary: " + work.resolve("notary.log"));
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
        }
        out.println("stopped");
        return 0;
    }
}
