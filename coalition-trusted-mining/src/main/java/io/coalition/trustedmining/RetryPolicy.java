package io.coalition.trustedmining;

import java.time.Duration;

/**
 * How the miner retries an unavailable provider: up to {@code attempts} tries per request, waiting
 * {@code initialBackoff}, then {@code factor} times longer after each failure.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, double factor) {
    /** 5 tries, 200 ms then doubling (200 ms .. 1.6 s, 3 s in all). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), 2.0);

    public RetryPolicy {
        if (attempts < 1) throw new TrustedMiningException("retry policy: attempts " + attempts + ", expected at least 1");
        if (initialBackoff.isNegative()) throw new TrustedMiningException("retry policy: negative backoff " + initialBackoff);
        if (!(factor >= 1.0)) throw new TrustedMiningException("retry policy: factor " + factor + ", expected at least 1");
    }

    /** The wait before try {@code attempt} (2..attempts). */
    Duration backoff(int attempt) {
        return Duration.ofNanos((long) (initialBackoff.toNanos() * Math.pow(factor, attempt - 2)));
    }
}
