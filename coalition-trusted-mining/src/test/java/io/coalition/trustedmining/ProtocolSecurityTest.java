package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.hpke.Hpke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fail-closed checks of the protocol: each attack is refused with its own message, and nothing is mined. */
class ProtocolSecurityTest {
    /** Small segments (segments are dictionary-encoded, ~10 bytes an event), so the test logs span many. */
    static final int SEGMENT = 2 * 1024;

    @TempDir
    Path tmp;

    static Map<String, EventLog> logs() {
        return ConfineConvergenceTest.hospitalScenario(128);
    }

    static UsagePolicy policy() {
        return UsagePolicy.minimal(Set.of("hospital"));
    }

    /** A man in the middle between miner and provider that may change each delivery. */
    static class Proxy implements ProviderEndpoint {
        final ProviderEndpoint target;
        final BiFunction<Integer, ProviderEndpoint.Delivery, ProviderEndpoint.Delivery> onSegment;

        Proxy(ProviderEndpoint target, BiFunction<Integer, ProviderEndpoint.Delivery, ProviderEndpoint.Delivery> onSegment) {
            this.target = target;
            this.onSegment = onSegment;
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
            if (sequence == 0) return caseIndex(session);
            return onSegment.apply(sequence, target.segment(session, sequence));
        }
    }

    static List<ProviderEndpoint> withFirst(SimulatedDeployment d, ProviderEndpoint replacement) {
        List<ProviderEndpoint> l = new ArrayList<>(d.providers());
        l.set(0, replacement);
        return l;
    }

    static SealedMessage withCiphertext(SealedMessage m, byte[] ct) {
        return new SealedMessage(m.kind(), m.provider(), m.session(), m.sequence(), m.segments(), m.createdMillis(),
                m.encapsulatedKey(), ct, m.signature());
    }

    @Test
    void minerWithAnotherMeasurementGetsNothing() {
        byte[] otherCode = TrustedMiner.artifact();
        otherCode[otherCode.length - 1] ^= 1;
        try (SimulatedDeployment d = SimulatedDeployment.withMinerArtifact(logs(), policy(), SEGMENT, tmp, otherCode)) {
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DFG), "hospital"))
                    .isInstanceOf(AttestationException.class)
                    .hasMessageStartingWith("REFERENCE_VALUES")
                    .satisfies(e -> assertThat(((AttestationException) e).check()).isEqualTo(AttestationException.Check.REFERENCE_VALUES));
            assertThat(d.notary(0).log().size()).isZero();
            // Nor can the miner ask for data without a session.
            assertThatThrownBy(() -> d.providers().get(0).caseIndex("guessed-session"))
                    .hasMessage("provider hospital: no attested session 'guessed-session'");
        }
    }

    @Test
    void requestBindingAnotherHpkeKeyIsRefused() {
        // An attacker relays the genuine miner's evidence but asks the provider to encrypt to its own key.
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            LogProvider p = d.providers().get(0);
            byte[] nonce = p.challenge();
            var request = new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce), d.enclave().tlsPublicKey(),
                    Hpke.DEFAULT.generateKeyPair().publicKey(), Set.of(Analysis.DFG), "hospital");
            assertThatThrownBy(() -> p.open(request)).isInstanceOf(AttestationException.class)
                    .hasMessageStartingWith("KEY_BINDING");
            assertThat(d.notary(0).log().size()).isZero();
        }
    }

    @Test
    void replayedEvidenceIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            LogProvider p = d.providers().get(0);
            byte[] nonce = p.challenge();
            var request = new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce), d.enclave().tlsPublicKey(),
                    d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "hospital");
            p.open(request);
            assertThatThrownBy(() -> p.open(request)).isInstanceOf(AttestationException.class).hasMessageStartingWith("FRESHNESS");
        }
    }

    @Test
    void tamperedSegmentIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            Proxy flip = new Proxy(d.providers().get(0), (seq, del) -> {
                if (seq != 2) return del;
                byte[] ct = del.message().ciphertext();
                ct[ct.length / 2] ^= 0x01;
                return new ProviderEndpoint.Delivery(withCiphertext(del.message(), ct), del.receipt());
            });
            assertThatThrownBy(() -> d.miner().run(withFirst(d, flip), Set.of(Analysis.DFG), "hospital"))
                    .isInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital segment 2: the signature does not verify with the provider's pinned key");
        }
    }

    @Test
    void segmentResignedWithAnUnpinnedKeyIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            var attacker = SimulatedDeployment.ecKeyPair(new java.security.SecureRandom());
            Proxy resign = new Proxy(d.providers().get(0), (seq, del) -> {
                SealedMessage m = del.message();
                try {
                    var s = java.security.Signature.getInstance("SHA256withECDSA");
                    s.initSign(attacker.getPrivate());
                    s.update(m.signedBytes());
                    return new ProviderEndpoint.Delivery(new SealedMessage(m.kind(), m.provider(), m.session(), m.sequence(),
                            m.segments(), m.createdMillis(), m.encapsulatedKey(), m.ciphertext(), s.sign()), del.receipt());
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> d.miner().run(withFirst(d, resign), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider hospital segment 1: the signature does not verify with the provider's pinned key");
        }
    }

    @Test
    void replayedSegmentIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            ProviderEndpoint.Delivery[] first = new ProviderEndpoint.Delivery[1];
            Proxy replay = new Proxy(d.providers().get(0), (seq, del) -> {
                if (seq == 1) first[0] = del;
                return seq == 2 ? first[0] : del;
            });
            assertThatThrownBy(() -> d.miner().run(withFirst(d, replay), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider hospital segment 2: got segment 1, expected sequence 2 (replayed or reordered)");
        }
    }

    @Test
    void segmentReplayedFromAnotherSessionIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            List<ProviderEndpoint.Delivery> recorded = new ArrayList<>();
            d.miner().run(withFirst(d, new Proxy(d.providers().get(0), (seq, del) -> {
                recorded.add(del);
                return del;
            })), Set.of(Analysis.DFG), "hospital");
            Proxy replay = new Proxy(d.providers().get(0), (seq, del) -> recorded.get(seq - 1));
            assertThatThrownBy(() -> d.miner().run(withFirst(d, replay), Set.of(Analysis.DFG), "hospital"))
                    .hasMessageStartingWith("provider hospital segment 1: belongs to session " + recorded.get(0).message().session())
                    .hasMessageEndingWith("(replayed from another session)");
        }
    }

    @Test
    void receiptForAnotherMessageIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            ProviderEndpoint.Delivery[] first = new ProviderEndpoint.Delivery[1];
            Proxy swap = new Proxy(d.providers().get(0), (seq, del) -> {
                if (seq == 1) first[0] = del;
                return seq == 2 ? new ProviderEndpoint.Delivery(del.message(), first[0].receipt()) : del;
            });
            assertThatThrownBy(() -> d.miner().run(withFirst(d, swap), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider hospital segment 2: the notary receipt is not for this message");
        }
    }

    @Test
    void withheldSegmentLeavesCasesIncompleteAndNothingIsMined() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            LogProvider hospital = d.providers().get(0);
            // Claims one segment fewer than it has: the grant is forged, so the last segment would never be fetched.
            ProviderEndpoint shortGrant = new ProviderEndpoint() {
                public String organization() {
                    return hospital.organization();
                }

                public byte[] challenge() {
                    return hospital.challenge();
                }

                public SessionGrant open(SessionRequest r) {
                    SessionGrant g = hospital.open(r);
                    return new SessionGrant(g.session(), g.segments() - 1, g.attestation());
                }

                public Delivery caseIndex(String session) {
                    return hospital.caseIndex(session);
                }

                public Delivery segment(String session, int sequence) {
                    return hospital.segment(session, sequence);
                }
            };
            assertThatThrownBy(() -> d.miner().run(withFirst(d, shortGrant), Set.of(Analysis.DFG), "hospital"))
                    .hasMessageMatching("provider hospital case index: announces \\d+ segments, the session has \\d+");
        }
    }

    @Test
    void unpinnedProviderIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            ProviderEndpoint stranger = new Proxy(d.providers().get(0), (s, del) -> del) {
                @Override
                public String organization() {
                    return "insurer";
                }
            };
            assertThatThrownBy(() -> d.miner().run(List.of(stranger), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider insurer is not trusted by this miner (no pinned key)");
        }
    }

    @Test
    void usagePolicyRefusesOtherAnalysesAndRequesters() {
        UsagePolicy dfgOnly = policy().withAnalyses(EnumSet.of(Analysis.DFG));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), dfgOnly, SEGMENT, tmp)) {
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DFG, Analysis.DECLARE), "hospital"))
                    .hasMessage("provider hospital: analysis 'declare' is not allowed by its usage policy (allowed: [dfg])");
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DFG), "insurer"))
                    .hasMessage("provider hospital: requester 'insurer' may not receive results (usage policy allows [hospital])");
            assertThat(d.notary(0).log().size()).isZero();
            assertThat(d.run(Set.of(Analysis.DFG), "hospital").dfg()).isPresent();
        }
    }
}
