package io.coalition.trust.records;

import io.coalition.trust.TrustException;
import io.coalition.trust.records.RecordCipher.Suite;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCipherTest {
    private static final byte[] SEED = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] NONCE = HexFormat.of().parseHex("0a0b0c0d0e0f101112131415");
    private static final String REFUSED = "record %s: does not authenticate: the ciphertext, its record id or its metadata changed";

    /** A cipher whose nonces are all {@link #NONCE}: stored forms become test vectors. */
    private static RecordCipher fixedNonce(Suite suite) {
        return new RecordCipher(SEED, suite, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(NONCE, 0, bytes, 0, bytes.length);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void roundTrip_andTheVersionByteNamesTheSuite(Suite suite) {
        RecordCipher c = new RecordCipher(SEED, suite);
        byte[] stored = c.encrypt("case-00017", "org=hospital".getBytes(), "blood test: abnormal".getBytes());
        assertThat(stored[0]).isEqualTo((byte) suite.version());
        assertThat(stored).hasSize(1 + 12 + 20 + 16);
        // the same record opened again and again on one thread (SunJCE's ChaCha20 refuses a repeated key and nonce)
        for (int i = 0; i < 3; i++) {
            assertThat(c.decrypt("case-00017", "org=hospital".getBytes(), stored)).isEqualTo("blood test: abnormal".getBytes());
        }
        // any cipher under the seed opens every suite, whichever it writes
        for (Suite other : Suite.values()) {
            assertThat(new RecordCipher(SEED, other).decrypt("case-00017", "org=hospital".getBytes(), stored))
                    .isEqualTo("blood test: abnormal".getBytes());
        }
        assertThat(c.decrypt("e", new byte[0], c.encrypt("e", new byte[0], new byte[0]))).isEmpty();
    }

    @Test
    void eachRecordIsWrittenWithTheFasterSuiteForItsSize_orTheOneChosen() {
        RecordCipher c = new RecordCipher(SEED);
        assertThat(Suite.CHACHA_MAX_BYTES).isEqualTo(256);
        for (int size : new int[] {0, 40, 256, 257, 1024, 65536}) {
            Suite expected = size <= 256 ? Suite.CHACHA20_POLY1305 : Suite.AES_256_GCM;
            assertThat(c.suiteFor(size)).isEqualTo(expected);
            byte[] plain = new byte[size];
            java.util.Arrays.fill(plain, (byte) 7);
            byte[] stored = c.encrypt("r", new byte[0], plain);
            assertThat(stored[0]).as("%d bytes", size).isEqualTo((byte) expected.version());
            assertThat(c.decrypt("r", new byte[0], stored)).isEqualTo(plain);
            for (Suite one : Suite.values()) {
                RecordCipher fixed = new RecordCipher(SEED, one);
                assertThat(fixed.suiteFor(size)).isEqualTo(one);
                byte[] s1 = fixed.encrypt("r", new byte[0], plain);
                assertThat(s1[0]).isEqualTo((byte) one.version());
                assertThat(c.decrypt("r", new byte[0], s1)).isEqualTo(plain);
            }
        }
    }

    @Test
    void recordKeyIsHkdfSha256OfTheSeedPerRfc5869_withOneLabelPerSuite() throws Exception {
        // HKDF computed from its definition with the JDK's HMAC (no salt = 32 zero bytes; one block of output)
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(SEED);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        for (var e : Map.of(Suite.AES_256_GCM, "coalition record key",
                Suite.CHACHA20_POLY1305, "coalition chacha20-poly1305 record key").entrySet()) {
            mac.update(e.getValue().getBytes(StandardCharsets.US_ASCII));
            mac.update("r1".getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            assertThat(new RecordCipher(SEED).recordKey(e.getKey(), "r1")).isEqualTo(mac.doFinal());
            assertThat(new RecordCipher(SEED).recordKey(e.getKey(), "r1"))
                    .isNotEqualTo(new RecordCipher(SEED).recordKey(e.getKey(), "r2"));
        }
        assertThat(new RecordCipher(SEED).recordKey(Suite.AES_256_GCM, "r1"))
                .isNotEqualTo(new RecordCipher(SEED).recordKey(Suite.CHACHA20_POLY1305, "r1"));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void movedAlteredOrRelabelledRecordsDoNotOpen(Suite suite) {
        RecordCipher c = new RecordCipher(SEED, suite);
        byte[] meta = "org=lab".getBytes();
        byte[] stored = c.encrypt("r1", meta, "result 42".getBytes());
        assertThatThrownBy(() -> c.decrypt("r2", meta, stored))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("r2"));
        assertThatThrownBy(() -> c.decrypt("r1", "org=insurer".getBytes(), stored))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("r1"));
        // one flipped bit in the nonce (bytes 1-12), the ciphertext (13-21) or the tag (the last 16)
        for (int at : new int[] {1, 12, 13, 21, 22, stored.length - 1}) {
            byte[] flipped = stored.clone();
            flipped[at] ^= 1;
            assertThatThrownBy(() -> c.decrypt("r1", meta, flipped)).as("byte %d flipped", at)
                    .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("r1"));
        }
        byte[] otherSeed = SEED.clone();
        otherSeed[0] ^= 1;
        assertThatThrownBy(() -> new RecordCipher(otherSeed).decrypt("r1", meta, stored))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("r1"));
        assertThatThrownBy(() -> c.decrypt("r1", meta, Arrays.copyOf(stored, 20)))
                .isExactlyInstanceOf(TrustException.class).hasMessage("record r1: stored form too short (20 bytes)");
        // id and metadata cannot trade bytes: ("r1", "x...") is not ("r1x", "...")
        byte[] s2 = c.encrypt("ab", "c".getBytes(), new byte[] {1});
        assertThatThrownBy(() -> c.decrypt("a", "bc".getBytes(), s2))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("a"));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void blobsSwappedBetweenRecords_doNotOpen_eitherWay(Suite suite) {
        RecordCipher c = new RecordCipher(SEED, suite);
        byte[] meta1 = "cases/Case/p1/light".getBytes();
        byte[] meta2 = "cases/Case/p2/light".getBytes();
        byte[] p1 = c.encrypt("p1", meta1, "age 71".getBytes());
        byte[] p2 = c.encrypt("p2", meta2, "age 34".getBytes());
        assertThatThrownBy(() -> c.decrypt("p1", meta1, p2))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("p1"));
        assertThatThrownBy(() -> c.decrypt("p2", meta2, p1))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("p2"));
        // the same blob under the other record's metadata only, or its id only
        assertThatThrownBy(() -> c.decrypt("p1", meta2, p1))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("p1"));
        assertThatThrownBy(() -> c.decrypt("p2", meta1, p1))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("p2"));
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void anotherVersionByte_isRefused_unknownOnesByName(Suite suite) {
        RecordCipher c = new RecordCipher(SEED, suite);
        byte[] stored = c.encrypt("r1", new byte[0], "result 42".getBytes());
        for (int v : new int[] {0, 3, 255}) {
            byte[] relabelled = stored.clone();
            relabelled[0] = (byte) v;
            assertThatThrownBy(() -> c.decrypt("r1", new byte[0], relabelled))
                    .isExactlyInstanceOf(TrustException.class).hasMessage("record r1: unknown format version " + (byte) v);
        }
        // relabelled as the other suite: another key and another algorithm, so it does not authenticate
        byte[] other = stored.clone();
        other[0] = (byte) (suite == Suite.AES_256_GCM ? 2 : 1);
        assertThatThrownBy(() -> c.decrypt("r1", new byte[0], other))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("r1"));
    }

    /** HKDF-SHA256 (Bouncy Castle's) of the seed with {@code label || id} as info. */
    private static byte[] bcKey(String label, String id) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(SEED, null, (label + id).getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, 32);
        return key;
    }

    /** The stored form written independently with Bouncy Castle's light API: HKDF and the suite's AEAD. */
    private static byte[] bcEncrypt(int version, String label, AEADCipher aead, String id, byte[] meta, byte[] plain)
            throws Exception {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] aad = ByteBuffer.allocate(4 + idBytes.length + meta.length).putInt(idBytes.length).put(idBytes).put(meta).array();
        aead.init(true, new AEADParameters(new KeyParameter(bcKey(label, id)), 128, NONCE, aad));
        byte[] ct = new byte[aead.getOutputSize(plain.length)];
        int n = aead.processBytes(plain, 0, plain.length, ct, 0);
        aead.doFinal(ct, n);
        return ByteBuffer.allocate(1 + 12 + ct.length).put((byte) version).put(NONCE).put(ct).array();
    }

    @Test
    void version1BlobsAsTheEarlierCodeWroteThem_stillOpen() throws Exception {
        byte[] meta = "org=hospital".getBytes();
        byte[] plain = "{\"code\":17,\"ward\":\"oncology\"}".getBytes();
        // what RecordCipher wrote before suite 2 (and the Bouncy Castle implementation before it): AES-256-GCM
        byte[] old = bcEncrypt(1, "coalition record key",
                GCMBlockCipher.newInstance(AESEngine.newInstance()), "case-7", meta, plain);
        assertThat(HexFormat.of().formatHex(old, 0, 13)).isEqualTo("010a0b0c0d0e0f101112131415");
        assertThat(fixedNonce(Suite.AES_256_GCM).encrypt("case-7", meta, plain)).isEqualTo(old);
        assertThat(new RecordCipher(SEED).decrypt("case-7", meta, old)).isEqualTo(plain);
        assertThatThrownBy(() -> new RecordCipher(SEED).decrypt("case-8", meta, old))
                .isExactlyInstanceOf(TrustException.class).hasMessage(REFUSED.formatted("case-8"));
    }

    @Test
    void version2IsChaCha20Poly1305AsBouncyCastleComputesIt() throws Exception {
        byte[] meta = "org=hospital".getBytes();
        byte[] plain = "{\"code\":17,\"ward\":\"oncology\"}".getBytes();
        byte[] expected = bcEncrypt(2, "coalition chacha20-poly1305 record key", new ChaCha20Poly1305(),
                "case-7", meta, plain);
        assertThat(fixedNonce(Suite.CHACHA20_POLY1305).encrypt("case-7", meta, plain)).isEqualTo(expected);
        assertThat(new RecordCipher(SEED, Suite.AES_256_GCM).decrypt("case-7", meta, expected)).isEqualTo(plain);
    }

    @Test
    void threadsShareOneCipher_acrossSuites() {
        RecordCipher aes = new RecordCipher(SEED, Suite.AES_256_GCM);
        RecordCipher c = new RecordCipher(SEED);
        List<Integer> ids = IntStream.range(0, 4000).boxed().toList();
        Map<Integer, byte[]> stored = new ConcurrentHashMap<>();
        ids.parallelStream().forEach(i -> stored.put(i,
                (i % 2 == 0 ? c : aes).encrypt("r" + i, new byte[] {i.byteValue()}, ("v" + i).getBytes())));
        ids.parallelStream().forEach(i -> {
            assertThat(c.decrypt("r" + i, new byte[] {i.byteValue()}, stored.get(i))).isEqualTo(("v" + i).getBytes());
            // a failed open on this thread leaves its ciphers usable for the next record
            assertThatThrownBy(() -> c.decrypt("r" + (i + 1), new byte[] {i.byteValue()}, stored.get(i)))
                    .isExactlyInstanceOf(TrustException.class);
        });
    }
}
