package io.coalition.trustedmining;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One ECDSA signature per released batch: what it covers and that every member is still checked on its own. */
class BatchSignatureTest {
    @TempDir
    Path tmp;

    /** Changes the members of real multi-segment batches (the provider's {@code segments}, not one at a time). */
    static final class BatchProxy extends ProtocolSecurityTest.Proxy {
        final UnaryOperator<ProviderEndpoint.Delivery> change;

        BatchProxy(ProviderEndpoint target, UnaryOperator<ProviderEndpoint.Delivery> change) {
            super(target, (seq, d) -> d);
            this.change = change;
        }

        @Override
        public List<Delivery> segments(String session, int from, int count) {
            List<Delivery> out = new ArrayList<>();
            for (Delivery d : target.segments(session, from, count)) out.add(change.apply(d));
            return out;
        }
    }

    private static SealedMessage withCiphertext(SealedMessage m, byte[] ct, byte[] hashes, byte[] signature) {
        return SealedMessage.unsigned(m.kind(), m.provider(), m.session(), m.sequence(), m.segments(), m.createdMillis(),
                m.encapsulatedKey(), ct).withBatchSignature(m.batchFirst(), hashes, signature);
    }

    private static byte[] flipped(SealedMessage m) {
        byte[] ct = m.ciphertext();
        ct[ct.length / 2] ^= 0x01;
        return ct;
    }

    @Test
    void aBatchCarriesOneSignatureOverEachMembersHash() throws Exception {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            LogProvider hospital = d.providers().get(0);
            byte[] nonce = hospital.challenge();
            var grant = hospital.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                    d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "hospital"));
            assertThat(grant.segments()).isGreaterThan(4);
            List<ProviderEndpoint.Delivery> batch = hospital.segments(grant.session(), 1, 4);
            assertThat(batch).hasSize(4);
            byte[] hashes = batch.get(0).message().batchHashes();
            assertThat(hashes).hasSize(4 * 32);
            for (int i = 0; i < 4; i++) {
                SealedMessage m = batch.get(i).message();
                assertThat(m.sequence()).isEqualTo(1 + i);
                assertThat(m.batchFirst()).isEqualTo(1);
                assertThat(m.batchHashes()).isEqualTo(hashes);
                assertThat(m.signature()).isEqualTo(batch.get(0).message().signature());
                byte[] own = MessageDigest.getInstance("SHA-256").digest(m.signedBytes());
                assertThat(java.util.Arrays.copyOfRange(hashes, 32 * i, 32 * i + 32)).isEqualTo(own);
                // the wire form keeps the batch, and the receipt is still for each message's own wire form
                SealedMessage back = SealedMessage.decode(m.encode());
                assertThat(back.batchFirst()).isEqualTo(1);
                assertThat(back.batchHashes()).isEqualTo(hashes);
                assertThat(batch.get(i).receipt().hash()).isEqualTo(LogProvider.sha256(m.encode()));
            }
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(d.signingKey(0).getPublic());
            v.update(SealedMessage.batchManifest("hospital", grant.session(), 1, hashes));
            assertThat(v.verify(batch.get(0).message().signature())).isTrue();
            // the last batch again: identical messages
            assertThat(hospital.segments(grant.session(), 1, 4).get(3).message().encode()).isEqualTo(batch.get(3).message().encode());
        }
    }

    @Test
    void aMemberWithAFlippedByteIsRefusedEvenWithTheBatchSignatureVerified() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            BatchProxy flip = new BatchProxy(d.providers().get(0), del -> {
                SealedMessage m = del.message();
                if (m.sequence() != 3) return del;
                return new ProviderEndpoint.Delivery(withCiphertext(m, flipped(m), m.batchHashes(), m.signature()), del.receipt());
            });
            assertThatThrownBy(() -> d.miner().run(ProtocolSecurityTest.withFirst(d, flip), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider hospital segment 3: the signature does not verify with the provider's pinned key");
        }
    }

    @Test
    void aMemberWhoseHashIsRewrittenInTheManifestIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            BatchProxy forge = new BatchProxy(d.providers().get(0), del -> {
                SealedMessage m = del.message();
                if (m.sequence() != 2) return del;
                SealedMessage forged = withCiphertext(m, flipped(m), m.batchHashes(), m.signature());
                byte[] hashes = m.batchHashes();
                System.arraycopy(forged.signedDigest(), 0, hashes, 32 * (m.sequence() - m.batchFirst()), 32);
                return new ProviderEndpoint.Delivery(withCiphertext(m, flipped(m), hashes, m.signature()), del.receipt());
            });
            assertThatThrownBy(() -> d.miner().run(ProtocolSecurityTest.withFirst(d, forge), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider hospital segment 2: the signature does not verify with the provider's pinned key");
        }
    }

    @Test
    void aBatchResignedWithAnUnpinnedKeyIsRefused() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            KeyPair attacker = SimulatedDeployment.ecKeyPair(new java.security.SecureRandom());
            BatchProxy resign = new BatchProxy(d.providers().get(0), del -> {
                SealedMessage m = del.message();
                try {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(attacker.getPrivate());
                    s.update(SealedMessage.batchManifest(m.provider(), m.session(), m.batchFirst(), m.batchHashes()));
                    return new ProviderEndpoint.Delivery(withCiphertext(m, m.ciphertext(), m.batchHashes(), s.sign()), del.receipt());
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the first batch starts with the case index, so the index is where the forged signature is met
            assertThatThrownBy(() -> d.miner().run(ProtocolSecurityTest.withFirst(d, resign), Set.of(Analysis.DFG), "hospital"))
                    .hasMessage("provider hospital case index: the signature does not verify with the provider's pinned key");
        }
    }

    @Test
    void aMalformedBatchOnTheWireIsRefused() {
        SealedMessage m = SealedMessage.unsigned(SealedMessage.Kind.SEGMENT, "lab", "s-1", 3, 7, 42L, new byte[0],
                new byte[]{1, 2, 3}).withBatchSignature(2, new byte[64], new byte[]{9});
        byte[] wire = m.encode();
        assertThat(SealedMessage.decode(wire).batchFirst()).isEqualTo(2);
        // a batch from 5 that cannot hold sequence 3: the 4 bytes of batchFirst follow the header, key and ciphertext
        int at = 4 + m.header().length + 4 + 4 + 3;
        wire[at + 3] = 5;
        assertThatThrownBy(() -> SealedMessage.decode(wire))
                .hasMessage("sealed message: sequence 3 is not in its batch of 2 from 5");
        // signed alone (no hashes) but claiming a batch start
        byte[] alone = SealedMessage.unsigned(SealedMessage.Kind.SEGMENT, "lab", "s-1", 3, 7, 42L, new byte[0],
                new byte[]{1, 2, 3}).withSignature(new byte[]{9}).encode();
        alone[at + 3] = 2;
        assertThatThrownBy(() -> SealedMessage.decode(alone))
                .hasMessage("sealed message: batch from 2 with 0 bytes of hashes (expected 32 per member, none and from 0 when signed alone)");
    }
}
