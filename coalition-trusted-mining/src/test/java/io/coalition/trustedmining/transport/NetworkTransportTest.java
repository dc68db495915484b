package io.coalition.trustedmining.transport;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.attestation.SimulatedAttester;
import io.coalition.trust.tls.AttestedIdentity;
import io.coalition.trust.notary.Receipt;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.LogProvider;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.RetryPolicy;
import io.coalition.trustedmining.SealedMessage;
import io.coalition.trustedmining.TrustedMiner;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UsagePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The protocol over real HTTPS connections on loopback (ports chosen by the OS): convergence with local mining,
 * and each failure the issue lists, over the network transport.
 */
class NetworkTransportTest {
    /** Small segments (segments are dictionary-encoded, ~10 bytes an event), so the test logs span many. */
    static final int SEGMENT = 2 * 1024;

    static final String REQUESTER = "hospital";
    static final Set<Analysis> HEURISTICS_DFG = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG);
    @TempDir
    Path tmp;

    static EventLog read(String relative) {
        return XesReader.read(TestData.require("interorg/confine/" + relative), ReadOptions.DEFAULT);
    }

    static Map<String, EventLog> confine(int cases) {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "pharma", "specialised")) {
            logs.put(org, read("log_test_cases/" + cases + "/" + org + "_" + cases + ".xes"));
        }
        return logs;
    }

    static UsagePolicy policy() {
        return UsagePolicy.minimal(Set.of(REQUESTER));
    }

    LoopbackDeployment.Builder deployment(Path dir) {
        return LoopbackDeployment.builder(confine(128), policy(), dir).segmentBytes(SEGMENT)
                .retry(new RetryPolicy(5, Duration.ofMillis(50), 2.0));
    }

    /** Replaces provider {@code index}'s segment deliveries (others pass through). */
    static BiFunction<Integer, LogProvider, ProviderEndpoint> onSegment(int index,
            BiFunction<Integer, ProviderEndpoint.Delivery, ProviderEndpoint.Delivery> change, ProviderEndpoint[] target) {
        return (i, p) -> {
            if (i != index) return p;
            target[0] = p;
            return new Forwarding(p) {
                @Override
                public Delivery segment(String session, int sequence) {
                    return change.apply(sequence, p.segment(session, sequence));
                }
            };
        };
    }

    @Test
    void convergesWithLocalMiningOverTheNetwork() {
        IndexedLog full = IndexedLog.of(read("log_test_cases/128/full_log_128.xes"), Classifier.ACTIVITY);
        try (LoopbackDeployment d = LoopbackDeployment.builder(confine(128), policy(), tmp).start()) {
            MiningResult r = d.run(EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE));
            assertThat(r.partial()).isFalse();
            assertThat(r.cases()).isEqualTo(128);
            assertThat(r.events()).isEqualTo(full.eventCount()).isEqualTo(1830);
            assertThat(r.heuristics()).contains(Discovery.heuristicsNet(full, HeuristicsParameters.CONFINE));
            assertThat(r.heuristicsPetriNet()).contains(Discovery.heuristics(full, HeuristicsParameters.CONFINE));
            assertThat(r.dfg()).contains(Discovery.dfg(full));
            assertThat(r.declare()).contains(Discovery.declare(full, 0.8, 0.8));
            assertThat(r.inductiveTree()).contains(Discovery.inductiveTree(full, 0.0));
            assertThat(d.urls()).allSatisfy(u -> assertThat(u.toString()).startsWith("https://127.0.0.1:"));
            for (int i = 0; i < 3; i++) {
                MiningResult.ProviderReport p = r.providers().get(i);
                assertThat(p.receipts()).hasSize(p.segments() + 1);
                for (Receipt receipt : p.receipts()) assertThat(d.notary(i).lookup(receipt.hash())).contains(receipt);
                assertThat(p.attestation().hardwareBacked()).isFalse();
            }
            assertThat(d.rejections()).isEmpty();
        }
    }

    @Test
    void eightOrganizationsConvergeOverTheNetwork() {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "administration", "pharma", "lab", "infirmary", "intensive_care",
                "specialised", "test_center")) {
            logs.put(org, read("log_test_organizations/8/" + org + "_8.xes"));
        }
        IndexedLog local = IndexedLog.of(CaseMerger.merge(new ArrayList<>(logs.values())), Classifier.ACTIVITY);
        try (LoopbackDeployment d = LoopbackDeployment.builder(logs, policy(), tmp).start()) {
            MiningResult r = d.run(HEURISTICS_DFG);
            assertThat(r.cases()).isEqualTo(1000);
            assertThat(r.events()).isEqualTo(14544);
            assertThat(r.eventsPerProvider().values()).containsExactly(6424L, 2000L, 2000L, 1000L, 1000L, 848L, 848L, 424L);
            assertThat(r.heuristics()).contains(Discovery.heuristicsNet(local, HeuristicsParameters.CONFINE));
            assertThat(r.dfg()).contains(Discovery.dfg(local));
        }
    }

    @Test
    void providerKilledMidTransferAndRestartedIsResumedFromTheLastAcknowledgedSegment() {
        MiningResult expected;
        try (LoopbackDeployment d = deployment(tmp.resolve("undisturbed")).start()) {
            expected = d.run(HEURISTICS_DFG);
        }
        int segments = expected.providers().get(0).segments();
        assertThat(segments).isGreaterThan(5);
        List<String> served = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean crashed = new AtomicBoolean();
        LoopbackDeployment[] holder = new LoopbackDeployment[1];
        BiFunction<Integer, LogProvider, ProviderEndpoint> wrap = (i, p) -> i != 0 ? p : new Forwarding(p) {
            @Override
            public Delivery caseIndex(String session) {
                served.add("index");
                return p.caseIndex(session);
            }

            @Override
            public List<Delivery> segments(String session, int from, int count) {
                // batches of at most 4 segments (a provider may release fewer than asked), one segment at a time
                return super.segments(session, from, Math.min(count, 4));
            }

            @Override
            public Delivery segment(String session, int sequence) {
                if (sequence == 0) return caseIndex(session);
                // batches are [index, 1, 2, 3], [4, 5, 6, 7], ...: dying at 5 loses the second batch, 1..3 were acknowledged
                if (sequence == 5 && crashed.compareAndSet(false, true)) {
                    served.add("crash at 5");
                    // The process dies while segment 5 is asked for: connections drop, sessions are lost; it comes back
                    // on the same port.
                    holder[0].restart(0);
                    throw new IllegalStateException("killed");
                }
                served.add("segment " + sequence);
                return p.segment(session, sequence);
            }
        };
        try (LoopbackDeployment d = deployment(tmp.resolve("restarted")).wrap(wrap).start()) {
            holder[0] = d;
            MiningResult r = d.run(HEURISTICS_DFG);
            assertThat(r.partial()).isFalse();
            assertThat(r.heuristics()).isEqualTo(expected.heuristics());
            assertThat(r.dfg()).isEqualTo(expected.dfg());
            assertThat(r.events()).isEqualTo(expected.events());
            List<String> order = new ArrayList<>(List.of("index", "segment 1", "segment 2", "segment 3", "segment 4",
                    "crash at 5", "index"));
            for (int s = 4; s <= segments; s++) order.add("segment " + s);
            assertThat(served).containsExactlyElementsOf(order);
            // index + segments of the first session up to 3, then index + segments 4.. of the second
            assertThat(r.providers().get(0).receipts()).hasSize(segments + 2);
            // notary position 0 is the provider's release record, notarized with its first case index
            assertThat(r.providers().get(0).receipts().get(0).position()).isEqualTo(1);
        }
    }

    @Test
    void providerThatNeverAnswersMakesThePartialResultNameIt() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accept, never answer
                } catch (java.io.IOException e) {
                    // closed
                }
            }, "silent-provider");
            acceptor.setDaemon(true);
            acceptor.start();
            try (LoopbackDeployment d = deployment(tmp).retry(new RetryPolicy(2, Duration.ofMillis(10), 1.0))
                    .timeout(Duration.ofMillis(500)).url("pharma", URI.create("https://127.0.0.1:" + silent.getLocalPort() + "/"))
                    .start()) {
                MiningResult r = d.run(HEURISTICS_DFG);
                assertThat(r.partial()).isTrue();
                assertThat(r.unavailable()).containsExactly("pharma");
                assertThat(r.providers()).extracting(MiningResult.ProviderReport::organization).contains("hospital", "specialised");
                assertThat(r.cases()).isEqualTo(128);
                assertThat(accepted).isNotEmpty();
                Path report = tmp.resolve("report");
                io.coalition.trustedmining.ResultFiles.write(r, report, List.of());
                assertThat(java.nio.file.Files.readString(report.resolve("report.html")))
                        .contains("<p class=\"warn\" id=\"partial\"><b>PARTIAL RESULT.</b> Unavailable: pharma; ");
            } finally {
                for (Socket s : accepted) s.close();
            }
        }
    }

    @Test
    void minerWithAnotherMeasurementIsRefusedByTheProvider() {
        try (LoopbackDeployment d = deployment(tmp).minerArtifact("not the released miner".getBytes()).start()) {
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(AttestationException.class)
                    .hasMessage("REFERENCE_VALUES: provider hospital refused the miner: measurement "
                            + hex(sha256("not the released miner".getBytes())) + " is not an accepted measurement ["
                            + hex(sha256(TrustedMiner.artifact())) + "]");
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    @Test
    void minerOnAnUntrustedPlatformKeyIsRefused() {
        try (LoopbackDeployment d = deployment(tmp).untrustedPlatform().start()) {
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(AttestationException.class)
                    .hasMessageMatching("EVIDENCE: provider hospital refused the miner: simulated evidence: signed by the "
                            + "unknown platform key [0-9a-f]{64} \\(not a trusted simulated platform\\)");
        }
    }

    @Test
    void tamperedSegmentIsRejected() {
        ProviderEndpoint[] target = new ProviderEndpoint[1];
        try (LoopbackDeployment d = deployment(tmp).wrap(onSegment(1, (seq, delivery) -> {
            if (seq != 2) return delivery;
            SealedMessage m = delivery.message();
            byte[] ct = m.ciphertext();
            ct[ct.length / 2] ^= 1;
            return new ProviderEndpoint.Delivery(new SealedMessage(m.kind(), m.provider(), m.session(), m.sequence(),
                    m.segments(), m.createdMillis(), m.encapsulatedKey(), ct, m.signature()), delivery.receipt());
        }, target)).start()) {
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider pharma segment 2: the signature does not verify with the provider's pinned key");
        }
    }

    @Test
    void replayedSegmentIsRejected() {
        ProviderEndpoint[] target = new ProviderEndpoint[1];
        ProviderEndpoint.Delivery[] first = new ProviderEndpoint.Delivery[1];
        try (LoopbackDeployment d = deployment(tmp).wrap(onSegment(2, (seq, delivery) -> {
            if (seq == 1) first[0] = delivery;
            return seq == 2 ? first[0] : delivery;
        }, target)).start()) {
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider specialised segment 2: got segment 1, expected sequence 2 (replayed or reordered)");
        }
    }

    @Test
    void minerWithAClientCertificateOfAnotherCaIsRefused() {
        CertificateAuthority foreign = CertificateAuthority.create("Coalition loopback CA", Clock.systemUTC());
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("X-1", "Requester", "IT", REQUESTER,
                Set.of(ParticipantType.TRUSTED_MINER), true);
        X509Certificate cert = foreign.issue(Enrollment.request(keys, "impostor", a), a, Duration.ofDays(1));
        try (LoopbackDeployment d = deployment(tmp).requesterIdentity(cert, keys).start()) {
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital refused the client certificate: certificate 2 (CN=impostor): signature "
                            + "does not verify with the key of the CA CN=Coalition loopback CA");
            assertThat(d.rejections()).first().isEqualTo("certificate 2 (CN=impostor): signature does not verify with the "
                    + "key of the CA CN=Coalition loopback CA");
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    @Test
    void sessionIsServedOnlyToTheClientCertificateThatOpenedIt() {
        try (LoopbackDeployment d = deployment(tmp).start()) {
            MiningResult r = d.run(HEURISTICS_DFG);
            String session = r.providers().get(0).session();
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes a = new ParticipantAttributes("X-2", "Requester", "IT", "pharma",
                    Set.of(ParticipantType.TRUSTED_MINER), true);
            X509Certificate other = d.ca().issue(Enrollment.request(keys, "pharma analyst", a), a, Duration.ofDays(1));
            AttestedIdentity strangerId = identity(other, keys);
            try (RemoteProvider stranger = RemoteProvider.connect("hospital", d.urls().get(0), d.providerCertificate(0), strangerId,
                    Duration.ofSeconds(10))) {
                assertThatThrownBy(() -> stranger.segment(session, 1))
                        .isInstanceOf(TrustedMiningException.class)
                        .hasMessage("provider hospital: session " + session + " was opened with another client certificate"
                                + " (attested TLS key sha256:" + TlsContexts.keyId(d.enclave().tlsPublicKey())
                                + ", this connection's sha256:" + TlsContexts.keyId(strangerId.tlsPublicKey()) + ")");
            }
        }
    }

    @Test
    void nonceIssuedToAnotherClientCertificateIsRefused() {
        try (LoopbackDeployment d = deployment(tmp).start()) {
            byte[] nonce = d.remote(0).challenge();
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes a = new ParticipantAttributes("X-3", "Requester", "IT", REQUESTER,
                    Set.of(ParticipantType.TRUSTED_MINER), true);
            X509Certificate other = d.ca().issue(Enrollment.request(keys, "second hospital client", a), a, Duration.ofDays(1));
            try (RemoteProvider stranger = RemoteProvider.connect("hospital", d.urls().get(0), d.providerCertificate(0),
                    identity(other, keys), Duration.ofSeconds(10))) {
                ProviderEndpoint.SessionRequest request = new ProviderEndpoint.SessionRequest(nonce,
                        new io.coalition.trust.attestation.Evidence(io.coalition.trust.attestation.Evidence.SIMULATED, new byte[] {1}),
                        keys.getPublic(), new byte[32], Set.of(Analysis.HEURISTICS), REQUESTER);
                assertThatThrownBy(() -> stranger.open(request))
                        .isInstanceOf(TrustedMiningException.class)
                        .hasMessage("provider hospital: the session request's nonce was not issued to this client certificate");
            }
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    @Test
    void providerPresentingAnotherCertificateThanThePinnedOneIsRefused() {
        try (LoopbackDeployment d = deployment(tmp).start();
             RemoteProvider wrongPin = RemoteProvider.connect("hospital", d.urls().get(0), d.providerCertificate(1),
                     d.requesterCertificate(), null, Duration.ofSeconds(10))) {
            assertThatThrownBy(wrongPin::challenge)
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital (" + d.urls().get(0) + ") challenge: presented certificate sha256:"
                            + d.pins().get(0) + " (CN=hospital Log Provider), not the pinned sha256:" + d.pins().get(1));
        }
    }

    @Test
    void openApiDocumentListsTheServedPaths() throws Exception {
        try (var in = ProviderServer.class.getResourceAsStream("provider-api.yaml")) {
            List<String> paths = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("  /v")).map(l -> l.strip().replace(":", "")).toList();
            assertThat(paths).containsExactly("/v2/challenge", "/v2/sessions", "/v2/sessions/{session}/index",
                    "/v2/sessions/{session}/segments/{sequence}", "/v2/sessions/{session}/segments");
        }
    }

    /** An identity with its own TLS key, certified by {@code certificate}: a client that is not the attested enclave. */
    static AttestedIdentity identity(X509Certificate certificate, KeyPair keys) {
        SimulatedAttester attester = new SimulatedAttester(Enrollment.newKeyPair(),
                new SimulatedAttester.Identity(new byte[32], new byte[32], 1, 1, false));
        return new AttestedIdentity(certificate, keys.getPrivate(), attester, new byte[32], Clock.systemUTC());
    }

    @Test
    void minerPresentingItsParticipantCertificateWithoutAnAttestedKeyIsRefused() {
        try (LoopbackDeployment d = deployment(tmp).participantOnly().start()) {
            String reason = "expected the chain [TLS certificate, participant certificate], got 1 certificate";
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital refused the client certificate: " + reason);
            assertThat(d.rejections()).first().isEqualTo(reason);
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    @Test
    void evidenceForAnotherTlsKeyThanTheConnectionsIsRefused() {
        // same participant certificate, but the TLS connection uses a key outside the enclave: the enclave's evidence
        // (bound to the enclave's key) does not speak for this connection
        AtomicReference<AttestedIdentity> channel = new AtomicReference<>();
        try (LoopbackDeployment d = deployment(tmp).channel((cert, key) -> {
            AttestedIdentity other = identity(cert, new KeyPair(cert.getPublicKey(), key));
            channel.set(other);
            return other;
        }).start()) {
            assertThatThrownBy(() -> d.run(HEURISTICS_DFG))
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital: the session request's TLS key sha256:" + TlsContexts.keyId(d.enclave().tlsPublicKey())
                            + " is not the key of this connection's client certificate sha256:"
                            + TlsContexts.keyId(channel.get().tlsPublicKey()));
            assertThat(d.notary(0).log().size()).isZero();
            // claiming the connection's key instead: the evidence binds the enclave's key, so the verifier refuses it
            byte[] nonce = d.remote(0).challenge();
            ProviderEndpoint.SessionRequest claimed = new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                    channel.get().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.HEURISTICS), REQUESTER);
            assertThatThrownBy(() -> d.remote(0).open(claimed))
                    .isInstanceOf(AttestationException.class)
                    .hasMessage("KEY_BINDING: provider hospital refused the miner: the evidence's report data "
                            + hex(ReportData.of(nonce, d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey()).bytes())
                            + " is not SHA-512 of the expected nonce, TLS key and HPKE key "
                            + hex(ReportData.of(nonce, channel.get().tlsPublicKey(), d.enclave().hpkePublicKey()).bytes()));
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    @Test
    void requestOfAnotherProtocolVersionIsAnsweredWithTheVersion() throws Exception {
        try (LoopbackDeployment d = deployment(tmp).start()) {
            // a v1 miner: participant certificate alone, v1 paths; told the version before its certificate is judged
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes a = new ParticipantAttributes("X-4", "Requester", "IT", REQUESTER,
                    Set.of(ParticipantType.TRUSTED_MINER), true);
            X509Certificate v1Miner = d.ca().issue(Enrollment.request(keys, "v1 miner", a), a, Duration.ofDays(1));
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .sslContext(TlsContexts.client(d.providerCertificate(0), TlsContexts.singleKey(v1Miner, keys.getPrivate()),
                            Clock.systemUTC(), m -> { })).build();
            var r = http.send(java.net.http.HttpRequest.newBuilder(d.urls().get(0).resolve("v1/challenge"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"error\":\"version\",\"message\":\"provider hospital speaks protocol v2 (paths /v2/...);"
                    + " the request /v1/challenge is protocol v1: use a miner of the same version\"}");
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    /** Passes every call to {@code target}. */
    static class Forwarding implements ProviderEndpoint {
        final ProviderEndpoint target;

        Forwarding(ProviderEndpoint target) {
            this.target = target;
        }

        public String organization() {
            return target.organization();
        }

        public byte[] challenge() {
            return target.challenge();
        }

        public SessionGrant open(SessionRequest request) {
            return target.open(request);
        }

        public Delivery caseIndex(String session) {
            return target.caseIndex(session);
        }

        public Delivery segment(String session, int sequence) {
            // sequence 0 is the case index (the miner asks for it as the start of its first batch)
            return sequence == 0 ? caseIndex(session) : target.segment(session, sequence);
        }
    }
}
