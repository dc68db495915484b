package io.coalition.privacy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A deterministic SecureRandom for reproducible statistical tests (SHA1PRNG seeded before first use). */
public final class Seeded {
    private Seeded() {
    }

    public static SecureRandom random(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
