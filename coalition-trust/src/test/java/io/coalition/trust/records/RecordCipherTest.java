package io.coalition.trust.records;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCipherTest {
    private static final byte[] SEED = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void roundTrip() {
        RecordCipher c = new RecordCipher(SEED);
        byte[] stored = c.encrypt("case-00017", "org=hospital".getBytes(), "blood test: abnormal".getBytes());
        assertThat(c.decrypt("case-00017", "org=hospital".getBytes(), stored)).isEqualTo("blood test: abnormal".getBytes());
    }

    @Test
    void recordKeyIsHkdfSha256OfTheSeedPerRfc5869() throws Exception {
        // HKDF computed from its definition with the JDK's HMAC (no salt = 32 zero bytes; one block of output)
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(SEED);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("coalition record key".getBytes(StandardCharsets.US_ASCII));
        mac.update("r1".getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 1);
        assertThat(new RecordCipher(SEED).recordKey("r1")).isEqualTo(mac.doFinal());
        assertThat(new RecordCipher(SEED).recordKey("r1")).isNotEqualTo(new RecordCipher(SEED).recordKey("r2"));
    }

    @Test
    void movedAlteredOrRelabelledRecordsDoNotOpen() {
        RecordCipher c = new RecordCipher(SEED);
        byte[] meta = "org=lab".getBytes();
        byte[] stored = c.encrypt("r1", meta, "result 42".getBytes());
        String reason = "record %s: does not authenticate: the ciphertext, its record id or its metadata changed";
        assertThatThrownBy(() -> c.decrypt("r2", meta, stored))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason.formatted("r2"));
        assertThatThrownBy(() -> c.decrypt("r1", "org=insurer".getBytes(), stored))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason.formatted("r1"));
        byte[] flipped = stored.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> c.decrypt("r1", meta, flipped))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason.formatted("r1"));
        byte[] otherSeed = SEED.clone();
        otherSeed[0] ^= 1;
        assertThatThrownBy(() -> new RecordCipher(otherSeed).decrypt("r1", meta, stored))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason.formatted("r1"));
        assertThatThrownBy(() -> c.decrypt("r1", meta, Arrays.copyOf(stored, 20)))
                .isExactlyInstanceOf(TrustException.class).hasMessage("record r1: stored form too short (20 bytes)");
        // id and metadata cannot trade bytes: ("r1", "x...") is not ("r1x", "...")
        byte[] s2 = c.encrypt("ab", "c".getBytes(), new byte[] {1});
        assertThatThrownBy(() -> c.decrypt("a", "bc".getBytes(), s2)).isExactlyInstanceOf(TrustException.class);
    }

    /** The stored form as the earlier Bouncy Castle implementation wrote it: HKDF and GCM from BC's light API. */
    private static byte[] bcEncrypt(String id, byte[] meta, byte[] nonce, byte[] plain) throws Exception {
        byte[] info = ("coalition record key" + id).getBytes(StandardCharsets.UTF_8);
        org.bouncycastle.crypto.generators.HKDFBytesGenerator hkdf =
                new org.bouncycastle.crypto.generators.HKDFBytesGenerator(new org.bouncycastle.crypto.digests.SHA256Digest());
        hkdf.init(new org.bouncycastle.crypto.params.HKDFParameters(SEED, null, info));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, 32);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] aad = java.nio.ByteBuffer.allocate(4 + idBytes.length + meta.length).putInt(idBytes.length).put(idBytes).put(meta).array();
        org.bouncycastle.crypto.modes.GCMModeCipher gcm =
                org.bouncycastle.crypto.modes.GCMBlockCipher.newInstance(org.bouncycastle.crypto.engines.AESEngine.newInstance());
        gcm.init(true, new org.bouncycastle.crypto.params.AEADParameters(
                new org.bouncycastle.crypto.params.KeyParameter(key), 128, nonce, aad));
        byte[] ct = new byte[gcm.getOutputSize(plain.length)];
        int n = gcm.processBytes(plain, 0, plain.length, ct, 0);
        gcm.doFinal(ct, n);
        return java.nio.ByteBuffer.allocate(1 + 12 + ct.length).put((byte) 1).put(nonce).put(ct).array();
    }

    @Test
    void storedFormIsUnchangedFromTheBouncyCastleImplementation() throws Exception {
        byte[] meta = "org=hospital".getBytes();
        byte[] nonce = HexFormat.of().parseHex("0a0b0c0d0e0f101112131415");
        byte[] plain = "{\"code\":17,\"ward\":\"oncology\"}".getBytes();
        byte[] old = bcEncrypt("case-7", meta, nonce, plain);
        RecordCipher c = new RecordCipher(SEED, new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(nonce, 0, bytes, 0, bytes.length);
            }
        });
        assertThat(c.encrypt("case-7", meta, plain)).isEqualTo(old);
        assertThat(new RecordCipher(SEED).decrypt("case-7", meta, old)).isEqualTo(plain);
    }

    @Test
    void threadsShareOneCipher() throws Exception {
        RecordCipher c = new RecordCipher(SEED);
        java.util.List<Integer> ids = java.util.stream.IntStream.range(0, 4000).boxed().toList();
        java.util.Map<Integer, byte[]> stored = new java.util.concurrent.ConcurrentHashMap<>();
        ids.parallelStream().forEach(i -> stored.put(i, c.encrypt("r" + i, new byte[] {i.byteValue()}, ("v" + i).getBytes())));
        ids.parallelStream().forEach(i -> {
            assertThat(c.decrypt("r" + i, new byte[] {i.byteValue()}, stored.get(i))).isEqualTo(("v" + i).getBytes());
            // a failed open on this thread leaves its cipher usable for the next record
            assertThatThrownBy(() -> c.decrypt("r" + (i + 1), new byte[] {i.byteValue()}, stored.get(i)))
                    .isExactlyInstanceOf(TrustException.class);
        });
    }
}
