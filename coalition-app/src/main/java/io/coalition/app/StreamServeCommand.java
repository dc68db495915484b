package io.coalition.app;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.streamaccess.StreamAccess;
import io.coalition.streamaccess.endpoint.EndpointTls;
import io.coalition.streamaccess.endpoint.StreamDemultiplexer;
import io.coalition.streamaccess.policy.RequesterPolicy;
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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
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
                + " SPARQL 1.1 endpoint (embedded Fuseki) with continuous queries over Server-Sent Events.",
                "A requester is [NAME=]CERT.pem: a participant certificate checked against --ca; its attributes"
                        + " (Role, Country, Organization, ...) go to the XACML PDP. NAME defaults to the certificate's"
                        + " identification number.",
                "HTTPS (--tls-cert, --tls-key): TLS 1.3; a client must present a certificate of the --ca CA that is"
                        + " valid and not revoked (else the handshake fails), and each requester's endpoint answers"
                        + " only the certificate it was granted to (else 403). Clients pin the endpoint certificate"
                        + " (its SHA-256 is printed). --plain-http instead serves plain HTTP on 127.0.0.1 WITHOUT"
                        + " AUTHENTICATION, for development only: any local process can read every endpoint.",
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

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "the endpoint's participant certificate (PEM, issued by the --ca CA): serve HTTPS with client"
                    + " certificates")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "its private key (PEM)")
    Path tlsKey;

    @Option(names = "--plain-http",
            description = "DEVELOPMENT ONLY: plain HTTP on 127.0.0.1, no authentication (the PDP still decides who"
                    + " gets an endpoint, but not who calls it)")
    boolean plainHttp;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "address to listen on with HTTPS (default: ${DEFAULT-VALUE}); --plain-http is loopback only")
    String bind;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P",
            description = "TCP port (default 0: any free port, printed)")
    int port;

    @Option(names = "--bus", defaultValue = "embedded", paramLabel = "embedded|redis://HOST:PORT",
            description = "the stream bus the log is replayed over: embedded (in-process, default) or a Redis server"
                    + " (Redis Streams, stream named after the log file)")
    String bus;

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
        if (plainHttp == (tlsCert != null || tlsKey != null)) {
            throw new ParameterException(spec.commandLine(), "give --tls-cert and --tls-key (HTTPS with client"
                    + " certificates) or --plain-http (development: no authentication), not both or neither");
        }
        if (!plainHttp && (tlsCert == null || tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        if (plainHttp && !bind.equals("127.0.0.1")) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + ": --plain-http serves 127.0.0.1 only");
        }
        PrintWriter out = spec.commandLine().getOut();
        X509Certificate caCert = Pem.readCertificate(ca.resolve("ca.crt"));
        var crl = Pem.readCrl(ca.resolve("crl.pem"));
        CertificateValidator validator = new CertificateValidator(caCert, () -> crl);
        Map<String, X509Certificate> granted = new LinkedHashMap<>();

        Map<String, AccessRequest> requests = new LinkedHashMap<>();
        Map<String, String> badCertificates = new LinkedHashMap<>();
        for (String r : requesters) {
            int eq = r.indexOf('=');
            Path file = Path.of(eq < 0 ? r : r.substring(eq + 1));
            String name = eq < 0 ? null : r.substring(0, eq);
            ParticipantAttributes attributes;
            X509Certificate certificate = Pem.readCertificate(file);
            try {
                attributes = validator.validate(certificate, PkiCommand.clock());
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
            granted.put(name, certificate);
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
        EndpointTls tls = plainHttp ? null : endpointTls(caCert, granted);
        List<RequesterPolicy> permitted = List.copyOf(permits.permitted().values());
        try (StreamDemultiplexer demux = tls == null ? StreamDemultiplexer.start(m, permitted, port)
                : StreamDemultiplexer.start(m, permitted, bind, port, tls)) {
            out.printf("serving %d requester%s on %s:%d (%s, %s)%n", permits.permitted().size(),
                    permits.permitted().size() == 1 ? "" : "s", plainHttp ? "127.0.0.1" : bind, demux.port(), mode,
                    tls == null ? "PLAIN HTTP without authentication: development only"
                            : "HTTPS with client certificates; endpoint certificate sha256 "
                            + sha256(tls.certificate()));
            demux.endpoints().forEach((who, uri) -> out.printf("  %s: %s  continuous: %s?query=...%n", who, uri,
                    demux.continuousEndpoint(who)));
            out.flush();
            long t0 = System.nanoTime();
            long n;
            try (Progress p = Progress.forFile(log, "replaying")) {
                n = StreamAccess.replayInto(log, demux, block, delay, bus, p);
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

    /** The endpoint's identity, checked against the CA and its key; client CRLs re-read for every validation. */
    private EndpointTls endpointTls(X509Certificate caCert, Map<String, X509Certificate> granted) {
        X509Certificate certificate = Pem.readCertificate(tlsCert);
        PrivateKey key = Pem.readPrivateKey(tlsKey);
        CertificateValidator clients = new CertificateValidator(caCert, () -> Pem.readCrl(ca.resolve("crl.pem")));
        try {
            clients.validate(certificate, PkiCommand.clock());
        } catch (TrustException e) {
            throw new ParameterException(spec.commandLine(), "--tls-cert " + tlsCert + ": " + e.getMessage());
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance("SHA256withECDSA");
            sign.initSign(key);
            sign.update(probe);
            Signature verify = Signature.getInstance("SHA256withECDSA");
            verify.initVerify(certificate.getPublicKey());
            verify.update(probe);
            if (!verify.verify(sign.sign())) throw new GeneralSecurityException("signature mismatch");
        } catch (GeneralSecurityException e) {
            throw new ParameterException(spec.commandLine(), "--tls-key " + tlsKey + " is not the key of --tls-cert "
                    + tlsCert + " (" + e.getMessage() + ")");
        }
        return new EndpointTls(certificate, key, clients, PkiCommand.clock(), granted, null);
    }

    private static String sha256(X509Certificate c) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
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
