package io.coalition.bench;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The AEADs a record could be stored under, each opened as the CCU opens a record: a new 256-bit key per record
 * (key set-up included), a 12-byte nonce, the CCU's AAD and a 16-byte tag. For {@link DecisionsBench}'s floor:
 * which AEAD makes the per-record check cheapest on the real light copies' sizes.
 */
final class AeadCandidates {
    /** One AEAD: seals at set-up, opens in the timed loop; returns the plaintext length (kept by the caller). */
    interface Aead {
        byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plain) throws Exception;

        int open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws Exception;
    }

    /** The candidates by name: JDK AES-GCM (suite 1), JDK ChaCha20-Poly1305 (suite 2), Bouncy Castle's two. */
    static final java.util.Map<String, Supplier<Aead>> ALL = new java.util.LinkedHashMap<>();

    static {
        ALL.put("aesGcmJdk", () -> jdk("AES/GCM/NoPadding", "AES", true));
        ALL.put("chachaPolyJdk", () -> jdk("ChaCha20-Poly1305", "ChaCha20", false));
        ALL.put("chachaPolyBc", () -> bc(ChaCha20Poly1305::new));
        // table-based AES (not constant-time: cache-timing leaks the key in an enclave); measured, not a candidate
        ALL.put("aesGcmBcTables", () -> bc(() -> GCMBlockCipher.newInstance(AESEngine.newInstance())));
    }

    private AeadCandidates() {
    }

    /** Per record: key, nonce and the sealed blob of {@code sizes[i]} plaintext bytes under {@code aead}. */
    record Sealed(byte[][] keys, byte[][] nonces, byte[][] blobs) {
        static Sealed of(Aead aead, int[] sizes, byte[] aad, SecureRandom random) throws Exception {
            int n = sizes.length;
            byte[][] keys = new byte[n][32];
            byte[][] nonces = new byte[n][12];
            byte[][] blobs = new byte[n][];
            for (int i = 0; i < n; i++) {
                random.nextBytes(keys[i]);
                random.nextBytes(nonces[i]);
                blobs[i] = aead.seal(keys[i], nonces[i], aad, new byte[sizes[i]]);
            }
            return new Sealed(keys, nonces, blobs);
        }
    }

    private static Aead jdk(String transformation, String keyAlgorithm, boolean gcm) {
        Cipher c;
        try {
            c = Cipher.getInstance(transformation, "SunJCE");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " on SunJCE", e);
        }
        return new Aead() {
            private void init(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
                c.init(mode, new SecretKeySpec(key, keyAlgorithm),
                        gcm ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
            }

            @Override
            public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plain) throws Exception {
                init(Cipher.ENCRYPT_MODE, key, nonce);
                c.updateAAD(aad);
                return c.doFinal(plain);
            }

            @Override
            public int open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
                init(Cipher.DECRYPT_MODE, key, nonce);
                c.updateAAD(aad);
                return c.doFinal(sealed).length;
            }
        };
    }

    private static Aead bc(Supplier<AEADCipher> make) {
        AEADCipher c = make.get();
        return new Aead() {
            private byte[] run(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in)
                    throws InvalidCipherTextException {
                c.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce));
                c.processAADBytes(aad, 0, aad.length);
                byte[] out = new byte[c.getOutputSize(in.length)];
                int n = c.processBytes(in, 0, in.length, out, 0);
                n += c.doFinal(out, n);
                return n == out.length ? out : java.util.Arrays.copyOf(out, n);
            }

            @Override
            public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plain) throws Exception {
                return run(true, key, nonce, aad, plain);
            }

            @Override
            public int open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
                return run(false, key, nonce, aad, sealed).length;
            }
        };
    }
}
