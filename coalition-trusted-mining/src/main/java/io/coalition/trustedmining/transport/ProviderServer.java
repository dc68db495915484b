package io.coalition.trustedmining.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.TrustException;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UnknownSessionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Log Provider's network face: HTTPS (TLS 1.3 only, JDK {@code HttpsServer}) in front of a
 * {@link ProviderEndpoint}, serving the protocol documented in the module README ("Transport").
 *
 * <p>Guarantees: every request needs the client chain [channel certificate, participant certificate]: the
 * participant certificate validates under the provider's CA (CRL included) and names an organization, the
 * requester the usage policy sees (no name is taken from the request body); the channel certificate carries the
 * client's TLS key and is signed by the participant (see {@link io.coalition.trust.tls.ChannelChain}). A session
 * request must bind that TLS key (the miner enclave's, which its evidence binds), so the attestation speaks for
 * this connection. A challenge nonce is bound to the TLS key that asked for it, and a session to the attested key
 * that opened it: the index and segments of a session are served only over connections with that same key. Sealed messages go out in their
 * {@link io.coalition.trustedmining.SealedMessage#encode() wire form}, the notary receipt in response headers.
 * Failures map to status codes the client turns back into the same exceptions: 404 unknown session,
 * 403 attestation failed (with the check) or usage policy / session owner refused, 400 bad request.
 */
public final class ProviderServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderServer.class);
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");
    private static final int MAX_BODY = 1 << 20;
    /** The JDK server's switch for TCP_NODELAY (read once, when its first server is created). */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        // Issue 6: without TCP_NODELAY the JDK server sends a response's headers and body as two small TLS records,
        // Nagle holds the second until the client's delayed ACK (40 ms on Linux): ~130 ms of a 128-case run over
        // loopback was these stalls. The JDK has no per-server option; an explicit -D setting is left alone.
        if (System.getProperty(NODELAY) == null) System.setProperty(NODELAY, "true");
    }
    /** The protocol version in every path; a peer speaking another one gets an error naming both. */
    static final String VERSION = "v2";
    private static final Pattern SESSION_PATH = Pattern.compile("/v2/sessions/([A-Za-z0-9-]{1,64})/(index|segments/(\\d{1,9})|segments)");
    /** Most segments one batch request may ask for. */
    static final int MAX_BATCH = 64;

    private final ProviderEndpoint provider;
    private final CertificateValidator clients;
    private final Clock clock;
    private final Consumer<String> onRejected;
    /** Per-participant token buckets, or null without a rate limit. */
    private final RateLimiter limiter;
    private final RateLimit rateLimit;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final Map<String, String> sessionOwners = new ConcurrentHashMap<>();
    /**
     * Channel certificates whose participant signature verified: a kept-alive connection presents the same chain on
     * every request, so it is verified once (the participant's CA signature is remembered by the validator, the CRL's
     * by its instance); validity, CRL freshness and revocation are still checked on every request.
     */
    private final io.coalition.trust.pki.VerifiedSignatures channelSignatures = new io.coalition.trust.pki.VerifiedSignatures(1024);
    /** Nonce (hex) -> the client certificate it was issued to; bounded, oldest dropped (their nonces then fail). */
    private final Map<String, String> nonceOwners = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });

    private ProviderServer(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider");
        Objects.requireNonNull(b.certificate, "certificate");
        Objects.requireNonNull(b.key, "key");
        Objects.requireNonNull(b.clients, "clients (CertificateValidator)");
        Consumer<String> rejected = b.onRejected == null ? m -> { } : b.onRejected;
        this.clients = b.clients;
        this.clock = b.clock;
        this.rateLimit = b.rateLimit;
        this.limiter = b.rateLimit == null ? null : new RateLimiter(b.rateLimit, b.clock);
        this.onRejected = m -> {
            audit.warn("provider {} refused a client certificate: {}", provider.organization(), m);
            rejected.accept(m);
        };
        AtomicInteger n = new AtomicInteger();
        String org = provider.organization();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "coalition-trusted-mining-provider-" + org + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpsServer.create(b.address, 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new TrustedMiningException("provider " + org + ": cannot listen on " + hostPort(b.address) + ": " + e.getMessage(), e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(b.certificate, b.key)) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3"});
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/" + VERSION + "/", this::handle);
        server.createContext("/", this::otherVersion);
        server.setExecutor(executor);
        server.start();
        log.info("provider {} serving on {}", org, uri());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The organization served. */
    public String organization() {
        return provider.organization();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://host:port/}, the URL for providers.json. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("https://" + host + ":" + a.getPort() + "/");
    }

    /** Signatures verified so far: channel certificates by their participants, participant certificates by the CA. */
    long signatureVerifications() {
        return channelSignatures.verifications() + clients.signatureVerifications();
    }

    /** Stops at once: open connections are dropped (what a crash looks like to the miner). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        log.info("provider {} stopped", provider.organization());
    }

    /** Any path outside {@code /v2/}: an older (or newer) miner gets told which protocol this provider speaks. */
    private void otherVersion(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher m = Pattern.compile("/(v\\d+)/.*").matcher(path);
            String message = "provider " + provider.organization() + " speaks protocol " + VERSION + " (paths /" + VERSION + "/...); "
                    + (m.matches() ? "the request " + path + " is protocol " + m.group(1) + ": use a miner of the same version"
                    : "no resource " + path);
            send(exchange, 404, Wire.error(m.matches() ? "version" : "not-found", null, message));
        } catch (IOException | UncheckedIOException e) {
            log.debug("provider {}: connection lost: {}", provider.organization(), e.toString());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requester;
            java.security.PublicKey channelKey;
            String clientId;
            io.coalition.trust.tls.ChannelChain.Verified channel;
            try {
                java.security.cert.Certificate[] peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                X509Certificate[] chain = new X509Certificate[peer.length];
                for (int i = 0; i < peer.length; i++) chain[i] = (X509Certificate) peer[i];
                // every request: the participant certificate still validates (CA, CRL) and certifies this TLS key
                channel = TlsContexts.validateClient(chain, clients, clock, channelSignatures);
                requester = channel.attributes().organization();
                channelKey = channel.tlsKey();
                clientId = TlsContexts.keyId(channelKey);
            } catch (SSLPeerUnverifiedException e) {
                send(exchange, 403, Wire.error("forbidden", null, "provider " + provider.organization() + ": no client certificate"));
                return;
            } catch (TrustException e) {
                onRejected.accept(e.getMessage());
                send(exchange, 403, Wire.error("forbidden", null, "provider " + provider.organization()
                        + " refused the client certificate: " + e.getMessage()));
                return;
            }
            if (limiter != null) {
                // per authenticated participant (its certificate, issuer and serial): after the chain check, so an
                // unauthenticated client cannot use up a participant's requests
                X509Certificate participant = channel.participant();
                java.util.Optional<java.time.Duration> wait = limiter.acquire(
                        participant.getIssuerX500Principal().getName() + "#" + participant.getSerialNumber());
                if (wait.isPresent()) {
                    long seconds = Math.max(1, (wait.get().toNanos() + 999_999_999L) / 1_000_000_000L);
                    String m = "provider " + provider.organization() + ": participant " + requester + " ("
                            + participant.getSubjectX500Principal().getName() + ") is over its rate limit (" + rateLimit
                            + " requests); retry after " + seconds + " s";
                    audit.info("{}", m);
                    exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
                    send(exchange, 429, Wire.error("rate-limited", null, m));
                    return;
                }
            }
            try {
                route(exchange, requester, channelKey, clientId);
            } catch (AttestationException e) {
                send(exchange, 403, Wire.error("attestation", e.check().name(), e.getMessage()));
            } catch (UnknownSessionException e) {
                send(exchange, 404, Wire.error("unknown-session", null, e.getMessage()));
            } catch (Forbidden e) {
                send(exchange, 403, Wire.error("refused", null, e.getMessage()));
            } catch (TrustedMiningException e) {
                send(exchange, 400, Wire.error("refused", null, e.getMessage()));
            } catch (TrustException e) {
                // any other failed trust check refuses the request; it is not a transient provider failure
                send(exchange, 403, Wire.error("refused", null, "provider " + provider.organization() + ": " + e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("provider {}: {} {} failed", provider.organization(), exchange.getRequestMethod(), exchange.getRequestURI(), e);
                send(exchange, 500, Wire.error("internal", null, "provider " + provider.organization() + ": internal error"));
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("provider {}: connection lost: {}", provider.organization(), e.toString());
        }
    }

    private void route(HttpExchange exchange, String requester, java.security.PublicKey channelKey, String clientId)
            throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String org = provider.organization();
        if (path.equals("/v2/challenge")) {
            expect(method, "POST", path);
            ObjectNode o = Wire.MAPPER.createObjectNode();
            o.put("organization", org);
            byte[] nonce = provider.challenge();
            nonceOwners.put(java.util.HexFormat.of().formatHex(nonce), clientId);
            o.put("nonce", java.util.Base64.getEncoder().encodeToString(nonce));
            send(exchange, 200, o);
            return;
        }
        if (path.equals("/v2/sessions")) {
            expect(method, "POST", path);
            ObjectNode body = Wire.parse(body(exchange), "provider " + org + ": session request");
            ProviderEndpoint.SessionRequest request = Wire.sessionRequest(body, requester, "provider " + org + ": session request");
            // The evidence must answer a nonce this same TLS key asked for: no other client can use it.
            if (!clientId.equals(nonceOwners.remove(java.util.HexFormat.of().formatHex(request.nonce())))) {
                throw new Forbidden("provider " + org + ": the session request's nonce was not issued to this client certificate");
            }
            // The attested TLS key is this connection's: the evidence (verified next against this key) then speaks
            // for the party at the other end of this TLS session, not for an enclave somewhere else.
            String requested = TlsContexts.keyId(request.tlsKey());
            if (!requested.equals(clientId)) {
                throw new Forbidden("provider " + org + ": the session request's TLS key sha256:" + requested
                        + " is not the key of this connection's client certificate sha256:" + clientId);
            }
            ProviderEndpoint.SessionGrant grant = provider.open(request);
            sessionOwners.put(grant.session(), clientId);
            send(exchange, 200, Wire.grant(grant));
            return;
        }
        Matcher m = SESSION_PATH.matcher(path);
        if (!m.matches()) {
            send(exchange, 404, Wire.error("not-found", null, "provider " + org + ": no resource " + path));
            return;
        }
        expect(method, "GET", path);
        String session = m.group(1);
        String owner = sessionOwners.get(session);
        if (owner == null) {
            // Only sessions opened through this server have a known owner; after a restart the miner attests again.
            throw new UnknownSessionException("provider " + org + ": no attested session '" + session + "'");
        }
        if (!owner.equals(clientId)) {
            throw new Forbidden("provider " + org + ": session " + session + " was opened with another client certificate"
                    + " (attested TLS key sha256:" + owner + ", this connection's sha256:" + clientId + ")");
        }
        if (m.group(2).equals("segments")) {
            int[] range = range(exchange.getRequestURI().getRawQuery(), path);
            List<ProviderEndpoint.Delivery> batch = provider.segments(session, range[0], range[1]);
            byte[] body = Wire.batch(batch);
            exchange.getResponseHeaders().set("Content-Type", Wire.BATCH_MEDIA_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        ProviderEndpoint.Delivery d = m.group(3) == null ? provider.caseIndex(session)
                : provider.segment(session, Integer.parseInt(m.group(3)));
        byte[] wire = d.message().encode();
        Wire.receiptHeaders(d.receipt()).forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", Wire.SEALED_MEDIA_TYPE);
        exchange.sendResponseHeaders(200, wire.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(wire);
        }
    }

    /** {@code from=F&count=C} of a batch request, both required, count 1..{@value #MAX_BATCH}. */
    private int[] range(String query, String path) {
        Map<String, String> q = new java.util.HashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) q.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        int[] out = new int[2];
        String[] names = {"from", "count"};
        for (int i = 0; i < 2; i++) {
            String v = q.get(names[i]);
            try {
                out[i] = Integer.parseInt(v == null ? "" : v);
            } catch (NumberFormatException e) {
                throw new TrustedMiningException("provider " + provider.organization() + ": " + path + " needs query parameter '"
                        + names[i] + "' (an integer), got " + (v == null ? "none" : "'" + v + "'"));
            }
        }
        if (out[1] < 1 || out[1] > MAX_BATCH) {
            throw new TrustedMiningException("provider " + provider.organization() + ": " + path + ": count " + out[1]
                    + ", expected 1.." + MAX_BATCH);
        }
        return out;
    }

    private void expect(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new TrustedMiningException("provider " + provider.organization() + ": " + path + " takes " + expected + ", not " + method);
        }
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new TrustedMiningException("provider " + provider.organization() + ": request body over " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] b = Wire.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", Wire.JSON);
        exchange.sendResponseHeaders(status, b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }

    /** A request the provider refuses for who asks (403), not for what is asked. */
    private static final class Forbidden extends TrustedMiningException {
        Forbidden(String message) {
            super(message);
        }
    }

    public static final class Builder {
        private ProviderEndpoint provider;
        private X509Certificate certificate;
        private PrivateKey key;
        private CertificateValidator clients;
        private Clock clock = Clock.systemUTC();
        private InetSocketAddress address = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        private Consumer<String> onRejected;
        private RateLimit rateLimit;

        /**
         * Requests per authenticated participant (token bucket on the server's clock); beyond it 429 with Retry-After.
         * Default: none.
         */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = limit;
            return this;
        }

        /** What is served: usually a {@link io.coalition.trustedmining.LogProvider}. */
        public Builder provider(ProviderEndpoint provider) {
            this.provider = provider;
            return this;
        }

        /** The provider's CA-issued participant certificate and key: its TLS server identity (miners pin it). */
        public Builder identity(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
            return this;
        }

        /** Validates client (requester) certificates: the participant CA and its CRL. */
        public Builder clients(CertificateValidator validator) {
            this.clients = validator;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where to listen (default: loopback, port 0 = any free port). */
        public Builder address(InetSocketAddress address) {
            this.address = address;
            return this;
        }

        /** Told the reason whenever a client certificate is refused. */
        public Builder onRejected(Consumer<String> onRejected) {
            this.onRejected = onRejected;
            return this;
        }

        public ProviderServer start() {
            return new ProviderServer(this);
        }
    }

    /** "127.0.0.1:8443" or "[::1]:8443" (an InetSocketAddress prints "/127.0.0.1:8443"). */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
