package io.coalition.trust;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;

/**
 * SHA256withECDSA (ASN.1 DER signatures, any P-256 key, JDK or Bouncy Castle) computed by Bouncy Castle: on Java 17
 * its P-256 verification is about 3x faster than the JDK's (0.5 vs 1.7 ms here) and signing a little faster, and
 * the signatures are the same algorithm, so either side can check the other's. The provider is built once (it is
 * expensive to build) and never registered globally.
 */
public final class Ecdsa {
    private static final Provider BC = new BouncyCastleProvider();

    private Ecdsa() {
    }

    /** A fresh {@code SHA256withECDSA} signature object (not thread-safe, like every {@link Signature}). */
    public static Signature sha256() {
        try {
            return Signature.getInstance("SHA256withECDSA", BC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle has no SHA256withECDSA", e);
        }
    }
}
