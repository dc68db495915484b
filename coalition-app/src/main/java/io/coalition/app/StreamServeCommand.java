package io.coalition.app;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.streamaccess.StreamAccess;
import io.coalition.streamaccess.endpoint.StreamDemultiplexer;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code coalition stream serve}: seed 003's RDF Stream Demultiplexer. Each requester presents a participant
 * certificate; once the CA has vouched for it, its attributes are the subject of a XACML request the PDP decides
 * (as {@code coalition policy decide --subject-cert}); each permitted requester gets a SPARQL endpoint over their
 * filtered logical log while the log is replayed into it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Replay an XES log as a triple stream and serve each permitted requester's filtered log as a"
                + " SPARQL 1.1 endpoint (embedded Fuseki, 127.0.0.1) with continuous queries over Server-Sent Events.",
                "A requester is [NAME=]CERT.pem: a participant certificate checked against --ca; its attributes"
                        + " (Role, Country, Organization, ...) go to the XACML PDP. NAME defaults to the certificate's"
                        + " identification number.",
                "Serves until interrupted (Ctrl-C); --stop-after-replay returns once the log is replayed."})
final class StreamServeCommand implements Callable<Integer> {
    @Option(names = "--log", required = true, paramLabel = "FILE", description = "the XES log (.xes or .xes.gz)")
    Path log;

    @Option(names = "--policies", required = true, paramLabel = "DIR",
            description = "XACML 3.0 policies with stream obligations (a file or a folder of *.xml)")
    Path policies;

    @Option(names = "--ca", required = true, paramLabel = "DIR",
            description = "folder with the CA certificate (ca.crt) and its CRL (crl.pem)")
    Path ca;

    @Option(names = "--requester-cert", required = true, paramLabel = "[NAME=]CERT.pem",
            description = "a requester's participant certificate (repeatable)")
    List<String> requesters;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P",
            description = "TCP port on 127.0.0.1 (default 0: any free port, printed)")
    int port;

    @Option(names = "--mode", defaultValue = "materialized", paramLabel = "MODE",
            description = "materialized (one graph per requester) or rewriting (queries rewritten over the shared"
                    + " graph); default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--speed", defaultValue = "full", paramLabel = "full|N",
            description = "replay at full speed, or at about N triples per second (default: ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--block", defaultValue = "10", paramLabel = "N",
            description = "triples per block (default: ${DEFAULT-VALUE}, as in seed 003)")
    int block;

    @Option(names = "--stop-after-replay", description = "stop serving once the whole log is replayed")
    boolean stopAfterReplay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StreamDemultiplexer.Mode m = switch (mode) {
            case "materialized" -> StreamDemultiplexer.Mode.MATERIALIZED;
            case "rewriting" -> StreamDemultiplexer.Mode.REWRITING;
            default -> throw new ParameterException(spec.commandLine(),
                    "--mode '" + mode + "': expected materialized or rewriting");
        };
        Duration delay = delay();
        if (block < 1) throw new ParameterException(spec.commandLine(), "--block " + block + ": must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        X509Certificate caCert = Pem.readCertificate(ca.resolve("ca.crt"));
        var crl = Pem.readCrl(ca.resolve("crl.pem"));
        CertificateValidator validator = new CertificateValidator(caCert, () -> crl);

        Map<String, AccessRequest> requests = new LinkedHashMap<>();
        Map<String, String> badCertificates = new LinkedHashMap<>();
        for (String r : requesters) {
            int eq = r.indexOf('=');
            Path file = Path.of(eq < 0 ? r : r.substring(eq + 1));
            String name = eq < 0 ? null : r.substring(0, eq);
            ParticipantAttributes attributes;
            try {
                attributes = validator.validate(Pem.readCertificate(file), PkiCommand.clock());
            } catch (TrustException e) { // a certificate the CA does not vouch for: that requester is refused
                badCertificates.put(name != null ? name : file.toString(), e.getMessage());
                continue;
            }
            if (name == null) name = attributes.identificationNumber();
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new ParameterException(spec.commandLine(), "--requester-cert '" + r + "': the name '" + name
                        + "' may use letters, digits, _ . - only (it becomes a URL path); give NAME=CERT.pem");
            }
            AccessRequest.Builder b = AccessRequest.builder().action(StreamPolicies.READ_STREAM)
                    .resource(AccessRequest.RESOURCE_ID, AttributeValue.string(log.getFileName().toString()));
            ParticipantSubject.attributes(attributes).forEach(b::attribute);
            if (requests.put(name, b.build()) != null) {
                throw new ParameterException(spec.commandLine(), "--requester-cert: requester '" + name
                        + "' given twice");
            }
        }
        StreamAccess.Permits permits = StreamAccess.permit(policies, requests);
        badCertificates.forEach((who, why) -> out.printf("  %s: refused (%s)%n", who, why));
        permits.refused().forEach((who, why) -> out.printf("  %s: refused (%s)%n", who, why));
        if (permits.permitted().isEmpty()) {
            spec.commandLine().getErr().println("coalition: no requester may read " + log + "; nothing to serve");
            return 2;
        }
        try (StreamDemultiplexer demux = StreamDemultiplexer.start(m, List.copyOf(permits.permitted().values()),
                port)) {
            out.printf("serving %d requester%s on 127.0.0.1:%d (%s)%n", permits.permitted().size(),
                    permits.permitted().size() == 1 ? "" : "s", demux.port(), mode);
            demux.endpoints().forEach((who, uri) -> out.printf("  %s: %s  continuous: %s?query=...%n", who, uri,
                    demux.continuousEndpoint(who)));
            out.flush();
            long t0 = System.nanoTime();
            long n;
            try (Progress p = Progress.forFile(log, "replaying")) {
                n = StreamAccess.replayInto(log, demux, block, delay, p);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("replayed %d triples in %.1f s (%.0f triples/s)%n", n, seconds, n / Math.max(seconds, 1e-9));
            for (String who : demux.endpoints().keySet()) out.printf("  %s: %d triples%n", who, demux.size(who));
            out.flush();
            if (!stopAfterReplay) {
                out.println("serving until interrupted (Ctrl-C)");
                out.flush();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        out.println("stopped");
        return 0;
    }

    private Duration delay() {
        if (speed.equals("full")) return Duration.ZERO;
        try {
            double perSecond = Double.parseDouble(speed);
            if (perSecond <= 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) throw new NumberFormatException();
            return Duration.ofNanos(Math.round(block * 1e9 / perSecond));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--speed '" + speed
                    + "': expected full or a positive number of triples per second");
        }
    }
}
