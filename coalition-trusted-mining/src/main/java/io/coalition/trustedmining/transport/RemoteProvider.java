package io.coalition.trustedmining.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.tls.AttestedIdentity;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.ProviderUnavailableException;
import io.coalition.trustedmining.SealedMessage;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UnknownSessionException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Log Provider reached over the network: {@link ProviderEndpoint} as an HTTPS client of a {@link ProviderServer}.
 *
 * <p>The provider is authenticated by its pinned certificate (exactly that certificate, currently valid), the
 * miner's side by its enclave's TLS key, presented in a channel certificate signed by the requester's CA-issued
 * participant certificate: the evidence the miner sends binds that key, and the provider checks on every request
 * that the connection's key is the session's attested one. The participant certificate's organization must equal
 * the {@code requester} of every session request (the provider takes the requester from the certificate).
 *
 * <p>Failures are reported as the protocol expects them, so {@link io.coalition.trustedmining.TrustedMiner}
 * treats a network provider like an in-process one: no connection, a dropped connection, a timeout or a 5xx are
 * {@link ProviderUnavailableException} (retried, then partial); 404 on a session is
 * {@link UnknownSessionException} (attest again and resume); a refused attestation is the provider's
 * {@link AttestationException} with its check; a TLS peer that fails authentication (wrong pin, or the provider
 * refusing our certificate) and any other refusal are {@link TrustedMiningException}s, never retried.
 */
public final class RemoteProvider implements ProviderEndpoint, AutoCloseable {
    private final String organization;
    private final URI base;
    private final String requester;
    private final Duration timeout;
    private final ExecutorService executor;
    private final AtomicReference<String> rejected = new AtomicReference<>();
    private final Clock clock;
    private final java.util.function.Supplier<HttpClient> clients;
    /** The current client; replaced (new connections, new handshakes) before a presented certificate expires. */
    private HttpClient http;
    /** When the client must be replaced: before the earliest expiry of a channel certificate its connections presented. */
    private java.time.Instant renewAt = java.time.Instant.MAX;
    private int renewals;

    private RemoteProvider(String organization, URI base, X509Certificate pinned, X509Certificate participant,
                           javax.net.ssl.KeyManager clientKeys, Duration timeout, Clock clock) {
        this.organization = Objects.requireNonNull(organization, "organization");
        this.base = base.getPath().endsWith("/") ? base : URI.create(base + "/");
        if (!"https".equals(base.getScheme())) {
            throw new TrustedMiningException("provider " + organization + ": URL " + base + " is not https");
        }
        this.requester = ParticipantAttributes.of(participant).organization();
        if (requester == null) {
            throw new TrustedMiningException("the miner's client certificate " + participant.getSubjectX500Principal().getName()
                    + " names no organization (the requester)");
        }
        this.timeout = timeout;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coalition-trusted-mining-client-" + organization + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // HTTP/1.1 keep-alive: the client pools connections, so a run costs one TLS handshake per provider (and per
        // concurrent request), not one per request
        // a new TLS context per client: a session cached in the old one would resume with the old client certificate
        this.clients = () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).executor(executor)
                .sslContext(TlsContexts.client(pinned, clientKeys, clock, rejected::set)).build();
        this.http = clients.get();
    }

    /**
     * A client for the provider of {@code organization} at {@code url} ({@code https://host:port/}), presenting the
     * miner enclave's TLS key ({@link AttestedIdentity#channelKeyManager()}): the key the miner's evidence binds,
     * certified by the requester's participant certificate, whose organization is the requester.
     *
     * @param pinned  the provider's certificate, the only one accepted from it
     * @param miner   the enclave's identity ({@code Enclave.attestedIdentity(participant, key, validity)})
     * @param timeout for connecting and for each answer; a provider slower than that is unavailable
     */
    public static RemoteProvider connect(String organization, URI url, X509Certificate pinned, AttestedIdentity miner,
                                         Duration timeout) {
        return connect(organization, url, pinned, miner, timeout, Clock.systemUTC());
    }

    /**
     * As {@link #connect(String, URI, X509Certificate, AttestedIdentity, Duration)}, on {@code clock}: the clock of the
     * identity's channel certificates, which decides when kept-alive connections are replaced (see {@link #renewals()}).
     */
    public static RemoteProvider connect(String organization, URI url, X509Certificate pinned, AttestedIdentity miner,
                                         Duration timeout, Clock clock) {
        return new RemoteProvider(organization, url, pinned, miner.participantCertificate(), miner.channelKeyManager(), timeout,
                clock);
    }

    /**
     * A client presenting the participant certificate alone, without an attested TLS key. Providers refuse it;
     * tests use it to show that.
     */
    static RemoteProvider connect(String organization, URI url, X509Certificate pinned, X509Certificate clientCertificate,
                                  PrivateKey clientKey, Duration timeout) {
        return new RemoteProvider(organization, url, pinned, clientCertificate,
                TlsContexts.singleKey(clientCertificate, clientKey), timeout, Clock.systemUTC());
    }

    @Override
    public String organization() {
        return organization;
    }

    public URI url() {
        return base;
    }

    /** The requester the provider will see: the organization of the client certificate. */
    public String requester() {
        return requester;
    }

    @Override
    public byte[] challenge() {
        ObjectNode o = json(send(post(ProviderServer.VERSION + "/challenge", new byte[0]), "challenge"), "challenge");
        String org = Wire.text(o, "organization", where("challenge"));
        if (!org.equals(organization)) {
            throw new TrustedMiningException(where("challenge") + ": the server speaks for '" + org + "'");
        }
        try {
            return Base64.getDecoder().decode(Wire.text(o, "nonce", where("challenge")));
        } catch (IllegalArgumentException e) {
            throw new TrustedMiningException(where("challenge") + ": field 'nonce' is not base64");
        }
    }

    @Override
    public SessionGrant open(SessionRequest request) {
        if (!request.requester().equals(requester)) {
            throw new TrustedMiningException("provider " + organization + ": the session is requested for '" + request.requester()
                    + "' but the client certificate is '" + requester + "'s");
        }
        return Wire.grant(json(send(post(ProviderServer.VERSION + "/sessions", Wire.bytes(Wire.sessionRequest(request))), "open session"),
                "open session"), where("open session"));
    }

    @Override
    public Delivery caseIndex(String session) {
        return delivery(ProviderServer.VERSION + "/sessions/" + session + "/index", "case index");
    }

    @Override
    public Delivery segment(String session, int sequence) {
        return delivery(ProviderServer.VERSION + "/sessions/" + session + "/segments/" + sequence, "segment " + sequence);
    }

    /** One request per batch (at most {@value ProviderServer#MAX_BATCH} segments), answered as one sealed batch. */
    @Override
    public List<Delivery> segments(String session, int from, int count) {
        String what = "segments " + from + ".." + (from + Math.max(1, count) - 1);
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve(ProviderServer.VERSION + "/sessions/" + session
                + "/segments?from=" + from + "&count=" + Math.min(Math.max(1, count), ProviderServer.MAX_BATCH)))
                .timeout(timeout).GET().build(), what);
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.equals(Wire.BATCH_MEDIA_TYPE)) {
            throw new TrustedMiningException(where(what) + ": content type '" + type + "', expected " + Wire.BATCH_MEDIA_TYPE);
        }
        return Wire.batch(r.body(), where(what));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private Delivery delivery(String path, String what) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(), what);
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.equals(Wire.SEALED_MEDIA_TYPE)) {
            throw new TrustedMiningException(where(what) + ": content type '" + type + "', expected " + Wire.SEALED_MEDIA_TYPE);
        }
        SealedMessage m;
        try {
            m = SealedMessage.decode(r.body());
        } catch (TrustedMiningException e) {
            throw new TrustedMiningException(where(what) + ": " + e.getMessage(), e);
        }
        return new Delivery(m, Wire.receipt(name -> r.headers().firstValue(name).orElse(null), where(what)));
    }

    private HttpRequest post(String path, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Content-Type", Wire.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private ObjectNode json(HttpResponse<byte[]> r, String what) {
        return Wire.parse(r.body(), where(what));
    }

    private String where(String what) {
        return "provider " + organization + " (" + base + ") " + what;
    }

    /**
     * How often the connections were replaced because a channel certificate they presented was about to expire.
     * A kept-alive connection keeps the certificate of its handshake, and the provider checks it on every request;
     * replacing the client before that certificate expires makes the next request handshake again, with the
     * channel certificate the identity has re-issued meanwhile (same attested key, so the session stays valid).
     */
    public synchronized int renewals() {
        return renewals;
    }

    /** The client to send with: a new one (new connections) once a presented certificate is close to expiring. */
    private synchronized HttpClient client() {
        if (!clock.instant().isBefore(renewAt)) {
            // The old client's idle connections are closed by its keep-alive timeout (Java 17 has no HttpClient.close).
            http = clients.get();
            renewAt = java.time.Instant.MAX;
            renewals++;
        }
        return http;
    }

    /**
     * Notes the channel certificate this answer's connection presented: the client is replaced a margin (a quarter
     * of its validity, at most 5 minutes) before it expires, so no request goes out on a connection whose certificate
     * the provider would refuse as expired.
     */
    private synchronized void presented(HttpClient used, HttpResponse<?> r) {
        if (used != http) return;
        r.sslSession().ifPresent(s -> {
            java.security.cert.Certificate[] local = s.getLocalCertificates();
            if (local == null || local.length == 0 || !(local[0] instanceof X509Certificate c)) return;
            java.time.Instant from = c.getNotBefore().toInstant();
            java.time.Instant to = c.getNotAfter().toInstant();
            Duration margin = Duration.between(from, to).dividedBy(4);
            if (margin.compareTo(RENEWAL_MARGIN) > 0) margin = RENEWAL_MARGIN;
            java.time.Instant at = to.minus(margin);
            if (at.isBefore(renewAt)) renewAt = at;
        });
    }

    /** Longest margin before a presented channel certificate's expiry at which the connections are replaced. */
    static final Duration RENEWAL_MARGIN = Duration.ofMinutes(5);

    /** Sends and maps failures (see the class comment); returns only 200 answers. */
    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        HttpResponse<byte[]> r;
        rejected.set(null);
        try {
            HttpClient client = client();
            r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            presented(client, r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + where(what));
        } catch (HttpTimeoutException e) {
            throw new ProviderUnavailableException(where(what) + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new ProviderUnavailableException(where(what) + ": cannot connect (" + e + ")", e);
        } catch (IOException e) {
            String ours = rejected.get();
            if (ours != null) throw new TrustedMiningException(where(what) + ": " + ours, e);
            SSLException ssl = sslCause(e);
            if (ssl != null && ssl.getMessage() != null && ssl.getMessage().contains("alert")) {
                throw new TrustedMiningException(where(what) + ": the provider refused the TLS handshake (" + ssl.getMessage() + ")", e);
            }
            throw new ProviderUnavailableException(where(what) + ": connection lost (" + e + ")", e);
        }
        if (r.statusCode() == 200) return r;
        String kind = "";
        String check = null;
        String message = "HTTP " + r.statusCode();
        try {
            ObjectNode o = Wire.parse(r.body(), where(what));
            kind = o.path("error").asText("");
            check = o.hasNonNull("check") ? o.get("check").asText() : null;
            message = o.path("message").asText(message);
        } catch (TrustedMiningException e) {
            // not our JSON: keep the status
        }
        if (r.statusCode() >= 500) {
            throw new ProviderUnavailableException(where(what) + ": " + message, retryAfter(r).orElse(null));
        }
        if (r.statusCode() == 429) {
            // rate limited: transient like 503, retried with the miner's backoff but not before Retry-After
            throw new ProviderUnavailableException(message.startsWith("provider ") ? message : where(what) + ": " + message,
                    retryAfter(r).orElse(Duration.ofSeconds(1)));
        }
        if (r.statusCode() == 404 && kind.equals("unknown-session")) throw new UnknownSessionException(message);
        if (r.statusCode() == 404 && !kind.equals("version") && what.equals("challenge")) {
            // the first request of a session: a 404 here is a provider that serves another protocol version
            throw new TrustedMiningException(where(what) + ": " + message + " (does the provider speak protocol "
                    + ProviderServer.VERSION + "?)");
        }
        if (r.statusCode() == 403 && kind.equals("attestation") && check != null) {
            AttestationException.Check c;
            try {
                c = AttestationException.Check.valueOf(check);
            } catch (IllegalArgumentException e) {
                throw new TrustedMiningException(where(what) + ": attestation refused with unknown check '" + check + "': " + message);
            }
            String prefix = c.name() + ": ";
            throw new AttestationException(c, "provider " + organization + " refused the miner: "
                    + (message.startsWith(prefix) ? message.substring(prefix.length()) : message));
        }
        throw new TrustedMiningException(message.startsWith("provider ") ? message : where(what) + ": " + message);
    }

    /** The Retry-After header in seconds (RFC 9110, section 10.2.3; the HTTP-date form is not used by providers). */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<byte[]> r) {
        java.util.Optional<String> h = r.headers().firstValue("Retry-After");
        if (h.isEmpty()) return java.util.Optional.empty();
        try {
            long seconds = Long.parseLong(h.get().strip());
            return seconds < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofSeconds(Math.min(seconds, 3600)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static SSLException sslCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof SSLException s) return s;
        return null;
    }
}
