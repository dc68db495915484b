package io.coalition.app;

import io.coalition.decisions.queue.RedisRequestQueue;
import io.coalition.decisions.queue.RequestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Trims a Redis request queue's bookkeeping of answered requests older than the retention, at start and then every
 * tenth of the retention (at most hourly). The embedded queue lives as long as the process: nothing to trim.
 */
final class QueueTrimmer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueTrimmer.class);
    private final ScheduledExecutorService timer;

    private QueueTrimmer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static QueueTrimmer start(RequestQueue<?, ?> queue, Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("--queue-retention: expected a positive duration, found " + retention);
        }
        if (!(queue instanceof RedisRequestQueue<?, ?> redis)) {
            return new QueueTrimmer(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coalition-decisions-queue-trim");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1_000, Math.min(retention.toMillis() / 10, Duration.ofHours(1).toMillis()));
        timer.scheduleWithFixedDelay(() -> {
            try {
                redis.trim(retention);
            } catch (RuntimeException e) {
                log.warn("request queue trim failed (retried in {} ms): {}", every, e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        return new QueueTrimmer(timer);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
