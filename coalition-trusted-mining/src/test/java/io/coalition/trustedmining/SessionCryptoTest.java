package io.coalition.trustedmining;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.List;
import java.util.Set;

import static io.coalition.trustedmining.ProtocolSecurityTest.logs;
import static io.coalition.trustedmining.ProtocolSecurityTest.policy;
import static io.coalition.trustedmining.ProtocolSecurityTest.withFirst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session crypto (one HPKE context per session, AES-256-GCM per message with the sequence as nonce) and
 * batched releases. The tamper tests re-sign with the provider's genuine key, so they get past the signature and
 * show that the decryption itself refuses what a faulty provider or a thief of its key could send.
 */
class SessionCryptoTest {
    /** Small segments (segments are dictionary-encoded, ~10 bytes an event), so the test logs span many. */
    static final int SEGMENT = 2 * 1024;

    @TempDir
    Path tmp;

    static SealedMessage resigned(KeyPair key, SealedMessage m, int sequence, byte[] enc, byte[] ciphertext, String session) {
        SealedMessage unsigned = new SealedMessage(m.kind(), m.provider(), session, sequence, m.segments(), m.createdMillis(),
                enc, ciphertext, new byte[0]);
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(unsigned.signedBytes());
            return new SealedMessage(m.kind(), m.provider(), session, sequence, m.segments(), m.createdMillis(), enc,
                    ciphertext, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Receipts are not the point here: they are recomputed so only the decryption can refuse. */
    static ProviderEndpoint.Delivery delivered(SimulatedDeployment d, SealedMessage m) {
        return new ProviderEndpoint.Delivery(m, d.notary(0).notarize(LogProvider.sha256(m.encode())));
    }

    @Test
    void sessionCipherOpensOnlyWithItsSequenceHeaderAndKey() {
        byte[] key = new byte[32];
        key[0] = 7;
        SessionCipher c = new SessionCipher(key);
        byte[] aad = "header".getBytes(StandardCharsets.UTF_8);
        byte[] ct = c.seal(2, aad, "case 17 events".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(c.open(2, aad, ct), StandardCharsets.UTF_8)).isEqualTo("case 17 events");
        assertThat(c.open(3, aad, ct)).isNull();
        assertThat(c.open(2, "headex".getBytes(StandardCharsets.UTF_8), ct)).isNull();
        byte[] flipped = ct.clone();
        flipped[0] ^= 1;
        assertThat(c.open(2, aad, flipped)).isNull();
        key[0] = 8;
        assertThat(new SessionCipher(key).open(2, aad, ct)).isNull();
        assertThat(c.open(2, aad, new byte[5])).isNull();
        assertThat(c.toString()).isEqualTo("SessionCipher[key=(hidden)]");
    }

    @Test
    void segmentMovedToAnotherSequenceDoesNotDecryptEvenResigned() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            KeyPair key = d.signingKey(0);
            byte[][] first = new byte[1][];
            ProtocolSecurityTest.Proxy move = new ProtocolSecurityTest.Proxy(d.providers().get(0), (seq, del) -> {
                SealedMessage m = del.message();
                if (seq == 1) first[0] = m.ciphertext();
                if (seq != 2) return del;
                return delivered(d, resigned(key, m, 2, new byte[0], first[0], m.session()));
            });
            assertThatThrownBy(() -> d.miner().run(withFirst(d, move), Set.of(Analysis.DFG), "hospital"))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital segment 2: does not decrypt with the miner's HPKE key");
        }
    }

    @Test
    void segmentCarryingAnEncapsulatedKeyIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            KeyPair key = d.signingKey(0);
            ProtocolSecurityTest.Proxy rekey = new ProtocolSecurityTest.Proxy(d.providers().get(0), (seq, del) -> {
                SealedMessage m = del.message();
                return delivered(d, resigned(key, m, seq, new byte[32], m.ciphertext(), m.session()));
            });
            assertThatThrownBy(() -> d.miner().run(withFirst(d, rekey), Set.of(Analysis.DFG), "hospital"))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital segment 1: carries an encapsulated key; segments use the session key");
        }
    }

    @Test
    void caseIndexOfAnotherSessionDoesNotDecryptEvenResigned() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            KeyPair key = d.signingKey(0);
            LogProvider hospital = d.providers().get(0);
            ProviderEndpoint.Delivery[] earlier = new ProviderEndpoint.Delivery[1];
            d.miner().run(withFirst(d, new ProtocolSecurityTest.Proxy(hospital, (seq, del) -> del) {
                @Override
                public Delivery caseIndex(String session) {
                    earlier[0] = target.caseIndex(session);
                    return earlier[0];
                }
            }), Set.of(Analysis.DFG), "hospital");
            ProtocolSecurityTest.Proxy replay = new ProtocolSecurityTest.Proxy(hospital, (seq, del) -> del) {
                @Override
                public Delivery caseIndex(String session) {
                    SealedMessage old = earlier[0].message();
                    return delivered(d, resigned(key, old, 0, old.encapsulatedKey(), old.ciphertext(), session));
                }
            };
            assertThatThrownBy(() -> d.miner().run(withFirst(d, replay), Set.of(Analysis.DFG), "hospital"))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital case index: does not decrypt with the miner's HPKE key");
        }
    }

    @Test
    void aSequenceIsSealedOncePerSessionAndReDeliveredIdentically() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            LogProvider hospital = d.providers().get(0);
            byte[] nonce = hospital.challenge();
            var grant = hospital.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                    d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "hospital"));
            String s = grant.session();
            assertThat(hospital.caseIndex(s).message().encode()).isEqualTo(hospital.caseIndex(s).message().encode());
            ProviderEndpoint.Delivery once = hospital.segment(s, 1);
            ProviderEndpoint.Delivery again = hospital.segment(s, 1);
            assertThat(again.message().encode()).isEqualTo(once.message().encode());
            assertThat(again.receipt()).isEqualTo(once.receipt());
            hospital.segment(s, 2);
            assertThatThrownBy(() -> hospital.segment(s, 1))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital: segment 1 of session " + s
                            + " was released before and is not held any more; open a new session to read it again");
        }
    }

    @Test
    void aBatchIsNotarizedTogetherWithOneReceiptPerRelease() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            LogProvider hospital = d.providers().get(0);
            assertThat(hospital.segmentCount()).isGreaterThan(3);
            byte[] nonce = hospital.challenge();
            var grant = hospital.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                    d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "hospital"));
            hospital.caseIndex(grant.session());
            long before = d.notary(0).log().size();
            List<ProviderEndpoint.Delivery> batch = hospital.segments(grant.session(), 1, 3);
            assertThat(batch).extracting(b -> b.message().sequence()).containsExactly(1, 2, 3);
            assertThat(batch).extracting(b -> b.receipt().position()).containsExactly(before, before + 1, before + 2);
            for (ProviderEndpoint.Delivery b : batch) {
                assertThat(b.receipt().hash()).isEqualTo(LogProvider.sha256(b.message().encode()));
                assertThat(d.notary(0).lookup(b.receipt().hash())).contains(b.receipt());
            }
            assertThat(d.notary(0).log().size()).isEqualTo(before + 3);
        }
    }

    @Test
    void minerClosesItsSessionsAndProvidersEvictTheOldest() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy(), SEGMENT, tmp)) {
            LogProvider hospital = d.providers().get(0);
            String used = d.run(Set.of(Analysis.DFG), "hospital").providers().get(0).session();
            assertThatThrownBy(() -> hospital.caseIndex(used))
                    .isExactlyInstanceOf(UnknownSessionException.class)
                    .hasMessage("provider hospital: no attested session '" + used + "'");

            List<String> opened = new java.util.ArrayList<>();
            for (int i = 0; i <= LogProvider.MAX_SESSIONS; i++) {
                byte[] nonce = hospital.challenge();
                opened.add(hospital.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                        d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "hospital")).session());
            }
            assertThatThrownBy(() -> hospital.caseIndex(opened.get(0))).isExactlyInstanceOf(UnknownSessionException.class);
            assertThat(hospital.caseIndex(opened.get(1)).message().session()).isEqualTo(opened.get(1));
            assertThat(hospital.caseIndex(opened.get(LogProvider.MAX_SESSIONS)).message().sequence()).isZero();
        }
    }
}
