package io.coalition.streamaccess.endpoint;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.streamaccess.rdf.XesToRdf;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The requesters' endpoints over TLS with client certificates, proven by tampering: each requester's endpoint
 * answers its own certificate; another requester's certificate gets 403; a certificate of a foreign CA (even one
 * with the same name), an expired, a revoked, a signature-tampered certificate and no certificate at all fail the
 * handshake, each for its stated reason; plain HTTP gets nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120) // guards against a hung server only; nothing here is timed
class EndpointTlsTest {
    static final Path POLICIES = Path.of("src/main/resources/io/coalition/streamaccess/policies/bpic2012");

    /** The CA's clock: moved back once to issue a certificate that is expired today. */
    static final class SettableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Identity(X509Certificate certificate, PrivateKey key) {
    }

    final SettableClock caClock = new SettableClock();
    CertificateAuthority ca;
    Identity endpoint;
    Identity masker;
    Identity amounts;
    Identity expired;
    Identity revoked;
    Identity foreign;
    Identity tampered;
    Identity late;
    StreamDemultiplexer demux;
    final List<String> rejected = Collections.synchronizedList(new ArrayList<>());

    static Identity issue(CertificateAuthority ca, String subject, String role, String id, Duration validity) {
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes(id, role, "IT", "Audit Co",
                EnumSet.of(ParticipantType.AUDITOR), true);
        return new Identity(ca.issue(Enrollment.request(keys, subject, a), a, validity), keys.getPrivate());
    }

    @BeforeAll
    void start() throws Exception {
        ca = CertificateAuthority.create("Coalition CA", caClock);
        endpoint = issue(ca, "Stream Endpoint", "StreamEndpoint", "IT-009-0000", Duration.ofDays(30));
        masker = issue(ca, "Masking Auditor", "agent-masker", "IT-009-0001", Duration.ofDays(30));
        amounts = issue(ca, "Amount Auditor", "amount-auditor", "IT-009-0002", Duration.ofDays(30));
        late = issue(ca, "Late Auditor", "agent-masker", "IT-009-0003", Duration.ofDays(30));
        revoked = issue(ca, "Masking Auditor", "agent-masker", "IT-009-0001", Duration.ofDays(30));
        ca.revoke(revoked.certificate().getSerialNumber(), CertificateAuthority.RevocationReason.KEY_COMPROMISE);
        caClock.now = Instant.now().minus(Duration.ofDays(10));
        expired = issue(ca, "Masking Auditor", "agent-masker", "IT-009-0001", Duration.ofDays(1));
        caClock.now = Instant.now();
        // a CA of the same name with its own key: its certificates name the right issuer but do not verify
        foreign = issue(CertificateAuthority.create("Coalition CA", Clock.systemUTC()), "Masking Auditor",
                "agent-masker", "IT-009-0001", Duration.ofDays(30));
        byte[] der = masker.certificate().getEncoded();
        der[der.length - 5] ^= 1; // one bit of the signature
        tampered = new Identity((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der)), masker.key());

        List<RequesterPolicy> policies = new ArrayList<>();
        try (StreamPolicies sp = StreamPolicies.load(POLICIES)) {
            policies.add(sp.forRequester("masker", StreamPolicies.request("log", Map.of("role", "agent-masker"))));
            policies.add(sp.forRequester("amounts", StreamPolicies.request("log", Map.of("role", "amount-auditor"))));
            policies.add(sp.forRequester("late", StreamPolicies.request("log", Map.of("role", "agent-masker"))));
        }
        EndpointTls tls = new EndpointTls(endpoint.certificate(), endpoint.key(), CertificateValidator.of(ca),
                Clock.systemUTC(), Map.of("masker", masker.certificate(), "amounts", amounts.certificate(),
                        "late", late.certificate()),
                rejected::add);
        demux = StreamDemultiplexer.start(StreamDemultiplexer.Mode.MATERIALIZED, policies, "127.0.0.1", 0, tls);
        for (String caseId : List.of("a", "b")) {
            demux.accept(XesToRdf.bpic2012().convert(Trace.of(caseId, List.of(
                    Event.of("concept:name", "A_SUBMITTED", "org:resource", "112",
                            "time:timestamp", Instant.parse("2011-10-01T00:00:00Z")),
                    Event.of("concept:name", "A_ACCEPTED", "org:resource", "10862",
                            "time:timestamp", Instant.parse("2011-10-02T00:00:00Z")))), 0));
        }
        demux.finish();
    }

    @AfterAll
    void stop() {
        if (demux != null) demux.close();
    }

    /** A client presenting {@code id} and pinning the endpoint's certificate (participant certificates name no host). */
    HttpClient client(Identity id) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", id.key(), new char[0], new Certificate[] {id.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(id == null ? null : kmf.getKeyManagers(), new TrustManager[] {new Pin(endpoint.certificate())},
                new SecureRandom());
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    HttpClient anonymousClient() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[] {new Pin(endpoint.certificate())}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    HttpResponse<String> ask(HttpClient c, String requester) throws Exception {
        URI uri = URI.create(demux.endpoints().get(requester) + "?query="
                + URLEncoder.encode("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", StandardCharsets.UTF_8));
        return c.send(HttpRequest.newBuilder(uri).header("Accept", "application/sparql-results+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachRequestersEndpointAnswersItsOwnCertificate() throws Exception {
        assertThat(demux.secured()).isTrue();
        assertThat(demux.endpoints().get("masker").toString()).startsWith("https://127.0.0.1:");
        HttpResponse<String> m = ask(client(masker), "masker");
        assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
        assertThat(m.body()).contains("\"n\"");
        assertThat(ask(client(amounts), "amounts").statusCode()).isEqualTo(200);
        HttpResponse<String> sse = client(masker).send(HttpRequest.newBuilder(URI.create(
                demux.continuousEndpoint("masker") + "?query=" + URLEncoder.encode("SELECT ?s { ?s a ?t }",
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sse.statusCode()).isEqualTo(200);
        assertThat(sse.body()).contains("event: result").contains("event: end");
    }

    @Test
    void anotherRequestersCertificate_gets403() throws Exception {
        HttpResponse<String> r = ask(client(amounts), "masker");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("certificate CN=Amount Auditor (IdentificationNumber=\"IT-009-0002\"")
                .contains("is not the requester 'masker' (CN=Masking Auditor)");
        HttpResponse<String> sse = client(amounts).send(HttpRequest.newBuilder(URI.create(
                demux.continuousEndpoint("masker") + "?query=" + URLEncoder.encode("SELECT ?s { ?s a ?t }",
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sse.statusCode()).isEqualTo(403);
        HttpResponse<String> other = client(masker).send(HttpRequest.newBuilder(
                demux.endpoints().get("masker").resolve("/$/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("certificate CN=Masking Auditor is not granted this endpoint");
    }

    @Test
    void aCertificateRevokedWhileConnected_gets403AtItsNextRequest() throws Exception {
        HttpClient c = client(late); // one client: its connection stays open between the requests
        assertThat(ask(c, "late").statusCode()).isEqualTo(200);
        ca.revoke(late.certificate().getSerialNumber(), CertificateAuthority.RevocationReason.KEY_COMPROMISE);
        HttpResponse<String> r = ask(c, "late");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).startsWith("forbidden: certificate " + late.certificate().getSerialNumber()
                + " (CN=Late Auditor): revoked on ");
    }

    @Test
    void aForeignCasCertificate_failsTheHandshake() {
        assertHandshakeFails(foreign, "signature does not verify with the key of the CA CN=Coalition CA");
    }

    @Test
    void anExpiredCertificate_failsTheHandshake() {
        assertHandshakeFails(expired, ": expired on ");
    }

    @Test
    void aRevokedCertificate_failsTheHandshake() {
        assertHandshakeFails(revoked, ": revoked on ");
    }

    @Test
    void aCertificateWithATamperedSignature_failsTheHandshake() {
        assertHandshakeFails(tampered, "signature does not verify with the key of the CA CN=Coalition CA");
    }

    @Test
    void noClientCertificate_failsTheHandshake() {
        rejected.clear();
        assertThatThrownBy(() -> ask(anonymousClient(), "masker")).isInstanceOf(IOException.class);
    }

    @Test
    void plainHttp_getsNoAnswer() {
        URI plain = URI.create(demux.endpoints().get("masker").toString().replace("https://", "http://")
                + "?query=ASK%7B%7D");
        assertThatThrownBy(() -> {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isNotEqualTo(200); // Jetty may answer 400 "not TLS"; never data
            throw new IOException("answered " + r.statusCode());
        }).isInstanceOf(IOException.class);
    }

    void assertHandshakeFails(Identity id, String reason) {
        rejected.clear();
        assertThatThrownBy(() -> ask(client(id), "masker")).isInstanceOf(IOException.class);
        assertThat(rejected).anyMatch(r -> r.contains(reason));
    }

    /** Trusts exactly the endpoint's certificate; an extended trust manager, so JSSE adds no host name check. */
    static final class Pin extends X509ExtendedTrustManager {
        final X509Certificate pinned;

        Pin(X509Certificate pinned) {
            this.pinned = pinned;
        }

        void check(X509Certificate[] chain) throws CertificateException {
            if (!chain[0].equals(pinned)) throw new CertificateException("not the pinned endpoint certificate");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            check(c);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            check(c);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            check(c);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
