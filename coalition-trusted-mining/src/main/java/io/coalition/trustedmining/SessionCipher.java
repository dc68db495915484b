package io.coalition.trustedmining;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The symmetric half of a session: AES-256-GCM (JDK) under the key both sides export from the session's single
 * HPKE context (RFC 9180, section 5.3). One HPKE setup per session instead of one per message is what makes a
 * segment cheap.
 *
 * <p>The nonce is the message's sequence number (4 zero bytes, then the 64-bit sequence), so it is bound to
 * the position in the session: a segment moved to another sequence, even re-signed, does not open. The key is
 * fresh per session (fresh HPKE encapsulation), and the provider seals each sequence of a session at most once
 * (it re-delivers the identical message instead), so a nonce never repeats under a key with other data.
 * Associated data is the message header (kind, provider, session, sequence, count, time).
 */
final class SessionCipher {
    /** HPKE exporter context of the session key; together with the HPKE info it names provider and session. */
    static final byte[] EXPORTER_CONTEXT = (SealedMessage.PROTOCOL + " session key").getBytes(StandardCharsets.US_ASCII);
    static final int KEY_BYTES = 32;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    SessionCipher(byte[] key) {
        if (key.length != KEY_BYTES) throw new IllegalArgumentException("session key of " + key.length + " bytes");
        this.key = new SecretKeySpec(key, "AES");
    }

    byte[] seal(int sequence, byte[] aad, byte[] plaintext) {
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, sequence);
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /** The plaintext, or {@code null} when the ciphertext, sequence, associated data or key do not match. */
    byte[] open(int sequence, byte[] aad, byte[] ciphertext) {
        if (ciphertext.length < TAG_BITS / 8) return null; // no room for the tag (the JDK throws ProviderException)
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, sequence);
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }

    private Cipher cipher(int mode, int sequence) throws GeneralSecurityException {
        if (sequence < 0) throw new IllegalArgumentException("negative sequence " + sequence);
        byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(sequence).array();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    @Override
    public String toString() {
        return "SessionCipher[key=(hidden)]";
    }
}
