package io.coalition.decisions.replay;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ReplayStore} guarantees. Each call of {@link #open} is another replica's handle on the same
 * store; the clock is injected so expiry is tested without waiting.
 */
abstract class ReplayStoreContract {
    static final Duration WINDOW = Duration.ofMinutes(10);

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();

    /** A new handle on this test's store (another replica, or the same one after a restart). */
    abstract ReplayStore open(Clock clock);

    Instant expiry() {
        return clock.now.plus(WINDOW);
    }

    @Test
    void firstClaimWins_anotherReplicaRefusesTheSameEnvelope() {
        ReplayStore a = open(clock);
        ReplayStore b = open(clock);
        Instant exp = expiry();
        assertThat(a.claim("sender/m1", "request:1", exp)).isTrue();
        assertThat(b.claim("sender/m1", "request:2", exp)).isFalse();
        assertThat(a.claim("sender/m1", "request:2", exp)).isFalse();
        // other envelopes are independent
        assertThat(b.claim("sender/m2", "request:2", exp)).isTrue();
        assertThat(a.claim("other/m1", "request:3", exp)).isTrue();
    }

    @Test
    void sameClaimantAgain_isARedelivery_notAReplay() {
        ReplayStore a = open(clock);
        ReplayStore b = open(clock);
        Instant exp = expiry();
        assertThat(a.claim("sender/m1", "request:1", exp)).isTrue();
        assertThat(b.claim("sender/m1", "request:1", exp)).isTrue();
        assertThat(b.claim("sender/m1", "request:9", exp)).isFalse();
    }

    @Test
    void entryExpiresWithTheWindow() {
        ReplayStore a = open(clock);
        ReplayStore b = open(clock);
        Instant exp = expiry();
        assertThat(a.claim("sender/m1", "request:1", exp)).isTrue();
        clock.now = exp.minusMillis(1);
        assertThat(b.claim("sender/m1", "request:2", exp)).isFalse();
        clock.now = exp;
        // past the window the envelope's own timestamp refuses it; the store has forgotten it
        assertThat(b.claim("sender/m1", "request:2", exp.plus(WINDOW))).isTrue();
        assertThat(a.claim("sender/m1", "request:1", exp.plus(WINDOW))).isFalse();
    }

    @Test
    void concurrentClaimsFromTwoReplicas_exactlyOneWins() throws Exception {
        ReplayStore a = open(clock);
        ReplayStore b = open(clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 50; i++) {
                String key = "sender/concurrent-" + i;
                Instant exp = expiry();
                CountDownLatch start = new CountDownLatch(1);
                Future<Boolean> fa = pool.submit(() -> {
                    start.await();
                    return a.claim(key, "request:a", exp);
                });
                Future<Boolean> fb = pool.submit(() -> {
                    start.await();
                    return b.claim(key, "request:b", exp);
                });
                start.countDown();
                List<Boolean> won = new ArrayList<>(List.of(fa.get(), fb.get()));
                assertThat(won).as(key).containsExactlyInAnyOrder(true, false);
                String winner = won.get(0) ? "request:a" : "request:b";
                assertThat(open(clock).claim(key, winner, exp)).isTrue();
                assertThat(open(clock).claim(key, "request:c", exp)).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
