package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.attestation.SimulatedAttester;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attested TLS over real localhost sockets: the happy paths and one tamper test per check. */
class AttestedTlsTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final ParticipantAttributes CCU = new ParticipantAttributes("IT-001-9000", "CCU", "Italy", null,
            EnumSet.of(ParticipantType.CCU), true);
    static final byte[] ARTIFACT = "ccu-enclave-1.0.jar".getBytes();

    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final BlockingQueue<TrustException> rejected = new LinkedBlockingQueue<>();
    final BlockingQueue<AttestedConnection> serverSide = new LinkedBlockingQueue<>();
    final List<AttestedServer> servers = new ArrayList<>();
    CertificateAuthority ca;
    KeyPair platform;
    byte[] measurement;
    byte[] hpke;

    @BeforeEach
    void setUp() throws Exception {
        ca = CertificateAuthority.create("Coalition Test CA", clock);
        platform = Enrollment.newKeyPair();
        measurement = MessageDigest.getInstance("SHA-256").digest(ARTIFACT);
        hpke = Hpke.DEFAULT.generateKeyPair().publicKey();
    }

    @AfterEach
    void tearDown() {
        servers.forEach(AttestedServer::close);
    }

    SimulatedAttester attester(boolean debug) {
        return new SimulatedAttester(platform, new SimulatedAttester.Identity(measurement, new byte[32], 1, 1, debug));
    }

    AttestedIdentity identity(String name, boolean debug) {
        KeyPair keys = Enrollment.newKeyPair();
        X509Certificate cert = ca.issue(Enrollment.request(keys, name, CCU), CCU, Duration.ofDays(365));
        return new AttestedIdentity(cert, keys.getPrivate(), attester(debug), hpke, clock);
    }

    PeerPolicy policy(ReferenceValues reference) {
        Verifier v = Verifier.builder().clock(clock).add(new SimulatedEvidenceVerifier(List.of(platform.getPublic()))).build();
        return new PeerPolicy(CertificateValidator.of(ca), v, reference, clock);
    }

    PeerPolicy policy() {
        return policy(ReferenceValues.of(measurement).withSimulationAllowed(true));
    }

    /** An echo server that answers each int with int + 1. */
    int serve(Function<byte[], NonceKeyManager.Served> source, Optional<PeerPolicy> clients) {
        AttestedServer s = AttestedServer.start(source, clients, c -> {
            serverSide.add(c);
            DataInputStream in = new DataInputStream(c.socket().getInputStream());
            new DataOutputStream(c.socket().getOutputStream()).writeInt(in.readInt() + 1);
        }, rejected::add);
        servers.add(s);
        return s.port();
    }

    int serve(AttestedIdentity id) {
        return serve(n -> NonceKeyManager.of(id, n), Optional.empty());
    }

    static int roundTrip(AttestedConnection c, int value) throws IOException {
        new DataOutputStream(c.socket().getOutputStream()).writeInt(value);
        return new DataInputStream(c.socket().getInputStream()).readInt();
    }

    static AttestationException rejection(Runnable r) {
        try {
            r.run();
        } catch (AttestationException e) {
            return e;
        }
        throw new AssertionError("the connection was accepted");
    }

    @Test
    void connect_toAttestedServer_verifiesAndCarriesData() throws IOException {
        AttestedIdentity server = identity("CCU 1", false);
        int port = serve(server);
        try (AttestedConnection c = AttestedTls.connect("localhost", port, policy(), Optional.empty())) {
            assertThat(roundTrip(c, 41)).isEqualTo(42);
            AttestedPeer peer = c.peer().orElseThrow();
            assertThat(peer.attributes()).isEqualTo(CCU);
            assertThat(peer.hpkePublicKey()).isEqualTo(hpke);
            assertThat(peer.result().status()).isEqualTo(AttestationResult.Status.WARNING);
            assertThat(peer.result().hardwareBacked()).isFalse();
            assertThat(peer.result().claims().measurement()).isEqualTo(measurement);
            assertThat(peer.certificate().getPublicKey()).isEqualTo(server.tlsPublicKey());
            assertThat(peer.certificate().getIssuerX500Principal().getName()).isEqualTo("CN=CCU 1");
            assertThat(c.socket().getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void flippedEvidenceByte_failsEvidence() {
        AttestedIdentity id = identity("CCU 1", false);
        int port = serve(n -> {
            byte[] e = attester(false).attest(new ReportData(n, AttestedIdentity.sha256(id.tlsPublicKey().getEncoded()), hpke).bytes()).bytes();
            e[40] ^= 1;
            X509Certificate leaf = id.leaf(id.tlsPublicKey(), new AttestationExtension(n, hpke, new Evidence(Evidence.SIMULATED, e)), clock.instant());
            return new NonceKeyManager.Served(new X509Certificate[] {leaf, id.participantCertificate()}, id.tlsPrivateKey());
        }, Optional.empty());
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy(), Optional.empty()));
        assertThat(e.check()).isEqualTo(Check.EVIDENCE);
        assertThat(e).hasMessage("EVIDENCE: simulated evidence: the signature does not verify with platform key "
                + HexFormat.of().formatHex(AttestedIdentity.sha256(platform.getPublic().getEncoded())));
    }

    @Test
    void wrongMeasurement_failsReferenceValues() {
        int port = serve(identity("CCU 1", false));
        String other = "cd".repeat(32);
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port,
                policy(ReferenceValues.of(other).withSimulationAllowed(true)), Optional.empty()));
        assertThat(e.check()).isEqualTo(Check.REFERENCE_VALUES);
        assertThat(e).hasMessage("REFERENCE_VALUES: measurement " + HexFormat.of().formatHex(measurement)
                + " is not an accepted measurement [" + other + "]");
    }

    @Test
    void replayedCertificate_failsFreshness() throws IOException {
        AttestedIdentity id = identity("CCU 1", false);
        AtomicReference<NonceKeyManager.Served> first = new AtomicReference<>();
        int port = serve(n -> first.updateAndGet(s -> s != null ? s : NonceKeyManager.of(id, n)), Optional.empty());
        PeerPolicy policy = policy();
        try (AttestedConnection c = AttestedTls.connect("localhost", port, policy, Optional.empty())) {
            assertThat(roundTrip(c, 1)).isEqualTo(2);
        }
        byte[] usedNonce = AttestationExtension.of(first.get().chain()[0]).nonce();
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy, Optional.empty()));
        assertThat(e.check()).isEqualTo(Check.FRESHNESS);
        assertThat(e).hasMessage("FRESHNESS: nonce " + HexFormat.of().formatHex(usedNonce)
                + " was already used (replayed evidence or nonce)");
    }

    @Test
    void evidenceBoundToAnotherTlsKey_failsKeyBinding() {
        AttestedIdentity id = identity("CCU 1", false);
        KeyPair attacker = Enrollment.newKeyPair();
        int port = serve(n -> {
            // genuine evidence for the enclave's TLS key, in a certificate for the attacker's key
            Evidence e = attester(false).attest(new ReportData(n, AttestedIdentity.sha256(id.tlsPublicKey().getEncoded()), hpke).bytes());
            X509Certificate leaf = id.leaf(attacker.getPublic(), new AttestationExtension(n, hpke, e), clock.instant());
            return new NonceKeyManager.Served(new X509Certificate[] {leaf, id.participantCertificate()}, attacker.getPrivate());
        }, Optional.empty());
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy(), Optional.empty()));
        assertThat(e.check()).isEqualTo(Check.KEY_BINDING);
        assertThat(e).hasMessageStartingWith("KEY_BINDING: the evidence's report data ")
                .hasMessageContaining(" is not SHA-512 of the expected nonce, TLS key and HPKE key ");
    }

    @Test
    void swappedHpkeKey_failsKeyBinding() {
        AttestedIdentity id = identity("CCU 1", false);
        byte[] otherHpke = Hpke.DEFAULT.generateKeyPair().publicKey();
        int port = serve(n -> {
            Evidence e = attester(false).attest(new ReportData(n, AttestedIdentity.sha256(id.tlsPublicKey().getEncoded()), hpke).bytes());
            X509Certificate leaf = id.leaf(id.tlsPublicKey(), new AttestationExtension(n, otherHpke, e), clock.instant());
            return new NonceKeyManager.Served(new X509Certificate[] {leaf, id.participantCertificate()}, id.tlsPrivateKey());
        }, Optional.empty());
        assertThat(rejection(() -> AttestedTls.connect("localhost", port, policy(), Optional.empty())).check())
                .isEqualTo(Check.KEY_BINDING);
    }

    @Test
    void expiredTlsCertificate_failsChain() {
        AttestedIdentity id = identity("CCU 1", false);
        int port = serve(n -> {
            Evidence e = attester(false).attest(new ReportData(n, AttestedIdentity.sha256(id.tlsPublicKey().getEncoded()), hpke).bytes());
            X509Certificate leaf = id.leaf(id.tlsPublicKey(), new AttestationExtension(n, hpke, e), T0.minus(Duration.ofMinutes(10)));
            return new NonceKeyManager.Served(new X509Certificate[] {leaf, id.participantCertificate()}, id.tlsPrivateKey());
        }, Optional.empty());
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy(), Optional.empty()));
        assertThat(e.check()).isEqualTo(Check.CERTIFICATE_CHAIN);
        assertThat(e).hasMessage("CERTIFICATE_CHAIN: TLS certificate CN=CCU 1 TLS: expired on 2026-03-01T11:55:00Z "
                + "(valid from 2026-03-01T11:50:00Z to 2026-03-01T11:55:00Z, now 2026-03-01T12:00:00Z)");
    }

    @Test
    void revokedParticipantCertificate_failsChain() {
        AttestedIdentity id = identity("CCU 1", false);
        int port = serve(id);
        ca.revoke(id.participantCertificate().getSerialNumber(), CertificateAuthority.RevocationReason.KEY_COMPROMISE);
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy(), Optional.empty()));
        assertThat(e.check()).isEqualTo(Check.CERTIFICATE_CHAIN);
        assertThat(e).hasMessage("CERTIFICATE_CHAIN: certificate 2 (CN=CCU 1): revoked on 2026-03-01T12:00:00Z (reason: KEY_COMPROMISE)");
    }

    @Test
    void participantFromAnotherCa_failsChain() {
        int port = serve(identity("CCU 1", false));
        CertificateAuthority other = CertificateAuthority.create("Other CA", clock);
        PeerPolicy p = policy();
        PeerPolicy foreign = new PeerPolicy(CertificateValidator.of(other), p.verifier(), p.reference(), clock);
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, foreign, Optional.empty()));
        assertThat(e).hasMessage("CERTIFICATE_CHAIN: certificate 2 (CN=CCU 1): issued by CN=Coalition Test CA, not by the trusted CA CN=Other CA");
    }

    @Test
    void debugEnclave_failsReferenceValues() {
        int port = serve(identity("CCU 1", true));
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy(), Optional.empty()));
        assertThat(e).hasMessage("REFERENCE_VALUES: the sim enclave is a debug enclave (its memory is readable by the host) "
                + "and debug is not allowed");
    }

    @Test
    void simulatedEvidenceWhenNotAllowed_failsEvidence() {
        int port = serve(identity("CCU 1", false));
        AttestationException e = rejection(() -> AttestedTls.connect("localhost", port, policy(ReferenceValues.of(measurement)),
                Optional.empty()));
        assertThat(e).hasMessage("EVIDENCE: the evidence is simulated (application/vnd.coalition.sim-evidence.v1, no hardware "
                + "protection) and the reference values do not allow simulation");
    }

    @Test
    void mutual_bothEnclavesAttestEachOther() throws Exception {
        AttestedIdentity server = identity("CCU 1", false);
        AttestedIdentity client = identity("CCU 2", false);
        int port = serve(n -> NonceKeyManager.of(server, n), Optional.of(policy()));
        try (AttestedConnection c = AttestedTls.connect("localhost", port, policy(), Optional.of(client))) {
            assertThat(roundTrip(c, 6)).isEqualTo(7);
            assertThat(c.peer().orElseThrow().certificate().getIssuerX500Principal().getName()).isEqualTo("CN=CCU 1");
        }
        AttestedConnection atServer = serverSide.poll(30, TimeUnit.SECONDS);
        assertThat(atServer).isNotNull();
        AttestedPeer clientPeer = atServer.peer().orElseThrow();
        assertThat(clientPeer.certificate().getIssuerX500Principal().getName()).isEqualTo("CN=CCU 2");
        assertThat(clientPeer.certificate().getPublicKey()).isEqualTo(client.tlsPublicKey());
        assertThat(clientPeer.result().claims().measurement()).isEqualTo(measurement);
    }

    @Test
    void mutual_clientWithWrongMeasurement_isRefusedByTheServer() throws Exception {
        AttestedIdentity server = identity("CCU 1", false);
        AttestedIdentity client = identity("CCU 2", false);
        String other = "ef".repeat(32);
        int port = serve(n -> NonceKeyManager.of(server, n), Optional.of(policy(ReferenceValues.of(other).withSimulationAllowed(true))));
        assertThatThrownBy(() -> {
            try (AttestedConnection c = AttestedTls.connect("localhost", port, policy(), Optional.of(client))) {
                roundTrip(c, 1); // TLS 1.3: the server's alert arrives after the client's Finished
            }
        }).isInstanceOfAny(IOException.class, TrustException.class);
        TrustException e = rejected.poll(30, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(AttestationException.class).hasMessage("REFERENCE_VALUES: measurement "
                + HexFormat.of().formatHex(measurement) + " is not an accepted measurement [" + other + "]");
        assertThat(serverSide).isEmpty();
    }

    @Test
    void mutual_clientWithoutCertificate_isRefused() throws Exception {
        int port = serve(n -> NonceKeyManager.of(identity("CCU 1", false), n), Optional.of(policy()));
        assertThatThrownBy(() -> {
            try (AttestedConnection c = AttestedTls.connect("localhost", port, policy(), Optional.empty())) {
                roundTrip(c, 1);
            }
        }).isInstanceOfAny(IOException.class, TrustException.class);
        assertThat(rejected.poll(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(serverSide).isEmpty();
    }

    @Test
    void clientWithoutNonce_getsNoCertificate() throws Exception {
        int port = serve(identity("CCU 1", false));
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
            assertThatThrownBy(s::startHandshake).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
        assertThat(rejected.poll(30, TimeUnit.SECONDS)).hasMessageStartingWith("attested TLS: handshake with ");
        assertThat(serverSide).isEmpty();
    }

    @Test
    void certificateWithoutExtension_isNotAttested() {
        X509Certificate plain = identity("CCU 1", false).participantCertificate();
        assertThatThrownBy(() -> AttestationExtension.of(plain))
                .hasMessage("certificate CN=CCU 1 carries no attestation evidence extension (" + AttestationExtension.OID + ")");
    }

    @Test
    void attestationExtension_roundTrips() {
        Evidence e = new Evidence(Evidence.SIMULATED, new byte[] {1, 2});
        AttestedIdentity id = identity("CCU 1", false);
        byte[] nonce = new byte[32];
        X509Certificate leaf = id.leaf(id.tlsPublicKey(), new AttestationExtension(nonce, hpke, e), T0);
        AttestationExtension back = AttestationExtension.of(leaf);
        assertThat(back.nonce()).isEqualTo(nonce);
        assertThat(back.hpkePublicKey()).isEqualTo(hpke);
        assertThat(back.evidence().bytes()).containsExactly(1, 2);
        assertThat(leaf.getNonCriticalExtensionOIDs()).contains(AttestationExtension.OID);
    }
}
