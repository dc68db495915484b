package io.coalition.trustedmining.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per participant for {@link RateLimit}, on an injected clock (tests move time; nothing sleeps).
 * Buckets are kept for at most {@link #MAX_PARTICIPANTS} participants, least recently seen dropped (a dropped
 * bucket comes back full, which only ever favours a participant idle long enough to be dropped).
 */
final class RateLimiter {
    static final int MAX_PARTICIPANTS = 10_000;
    private final RateLimit limit;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_PARTICIPANTS;
        }
    };

    /** Tokens in nanoseconds of refill (burst x nanos per permit when full), as of {@code at}. */
    private static final class Bucket {
        long tokens;
        Instant at;
    }

    RateLimiter(RateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes a token for {@code participant}: empty if allowed, else how long until the next token. */
    synchronized java.util.Optional<Duration> acquire(String participant) {
        long per = limit.nanosPerPermit();
        long capacity = per > Long.MAX_VALUE / limit.burst() ? Long.MAX_VALUE : per * limit.burst();
        Instant now = clock.instant();
        Bucket b = buckets.get(participant);
        if (b == null) {
            b = new Bucket();
            b.tokens = capacity;
            b.at = now;
            buckets.put(participant, b);
        } else if (now.isAfter(b.at)) {
            long elapsed = Duration.between(b.at, now).toNanos();
            b.tokens = elapsed >= capacity - b.tokens ? capacity : b.tokens + elapsed;
            b.at = now;
        }
        if (b.tokens >= per) {
            b.tokens -= per;
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofNanos(per - b.tokens));
    }
}
