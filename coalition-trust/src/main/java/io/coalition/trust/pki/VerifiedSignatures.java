package io.coalition.trust.pki;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which certificates' signatures verified with which issuer key, so a party that checks the same chain on
 * every request (a provider, a CCU) verifies each signature once. The answer is a pure function of the certificate's
 * bytes and the key's bytes, so remembering it weakens nothing: another certificate (one flipped byte, another
 * chain) or another key is a different entry and is verified; only successes are remembered. Checks that depend on
 * time or on a CRL (validity, revocation) are not covered and stay with the caller, on every request.
 * Bounded (least recently used entries are dropped) and thread-safe.
 */
public final class VerifiedSignatures {
    private final Map<Entry, Boolean> verified;
    private long verifications;

    private record Entry(X509Certificate certificate, ByteBuffer issuerKey) {
    }

    /** Remembers at most {@code capacity} verified signatures. */
    public VerifiedSignatures(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity + ", expected at least 1");
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Entry, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Whether {@code certificate}'s signature verifies with {@code issuerKey}: remembered if it was verified before
     * (certificate equality is over its DER encoding), else verified now.
     */
    public boolean verifies(X509Certificate certificate, PublicKey issuerKey) {
        Entry e = new Entry(certificate, ByteBuffer.wrap(issuerKey.getEncoded()));
        // a miss verifies under the lock: concurrent first requests for one chain (a miner fetching from several
        // providers at once) wait for one verification instead of each doing it; misses are rare by design
        synchronized (this) {
            if (verified.get(e) != null) return true;
            try {
                certificate.verify(issuerKey);
            } catch (GeneralSecurityException ex) {
                return false;
            }
            verifications++;
            verified.put(e, Boolean.TRUE);
            return true;
        }
    }

    /** How many signatures were actually verified (successfully) so far: what the memory saved shows in tests. */
    public synchronized long verifications() {
        return verifications;
    }
}
