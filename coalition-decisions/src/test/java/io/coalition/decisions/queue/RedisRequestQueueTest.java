package io.coalition.decisions.queue;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.RedisBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link RequestQueueContract} on a real Redis server, plus what only a shared server can show. */
class RedisRequestQueueTest extends RequestQueueContract {
    private final String namespace = "coalition-test-" + UUID.randomUUID();

    @Override
    RequestQueue<String, String> create() {
        return RedisRequestQueue.connect(RedisBackend.url(), namespace, WireCodec.utf8(), WireCodec.utf8());
    }

    @AfterEach
    void dropKeys() {
        RedisClient client = RedisClient.create(RedisBackend.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            var keys = c.sync().keys("{" + namespace + "}*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void twoConnectionsShareOneQueue_likeClientAndReplicaProcesses() throws InterruptedException {
        try (RequestQueue<String, String> ccu = create()) {
            String id = queue.send("alice", "hello");
            RequestQueue.Delivery<String> d = ccu.receive("replica-1", java.time.Duration.ofSeconds(5)).orElseThrow();
            assertThat(d.correlationId()).isEqualTo(id);
            assertThat(d.clientId()).isEqualTo("alice");
            assertThat(ccu.complete(d, "hi alice")).isTrue();
            assertThat(queue.response("alice", id, java.time.Duration.ofSeconds(5))).contains("hi alice");
        }
    }

    @Test
    void undecodableEntry_isDeadLettered_notRedelivered() throws InterruptedException {
        RedisClient client = RedisClient.create(RedisBackend.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().xadd("{" + namespace + "}:requests", "v", "2", "cid", "c-1", "client", "alice", "body", "x");
        } finally {
            client.shutdown();
        }
        queue.send("bob", "fine");
        RequestQueue.Delivery<String> d = queue.receive("w", NOW).or(() -> {
            try {
                return queue.receive("w", NOW);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).orElseThrow();
        assertThat(d.request()).isEqualTo("fine");
        assertThat(((RedisRequestQueue<String, String>) queue).deadLetters()).containsOnlyKeys("c-1");
        assertThat(((RedisRequestQueue<String, String>) queue).deadLetters().get("c-1"))
                .endsWith("(cid c-1): field v (wire version) is missing or not 1");
    }

    /** A clock the test moves by hand. */
    static final class HandClock extends java.time.Clock {
        java.time.Instant now = java.time.Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void trim_forgetsRequestsAnsweredBeforeTheRetention_keepsTheRest() throws InterruptedException {
        HandClock clock = new HandClock();
        java.time.Duration day = java.time.Duration.ofDays(1);
        try (RedisRequestQueue<String, String> q = RedisRequestQueue.connect(RedisBackend.url(), namespace,
                WireCodec.utf8(), WireCodec.utf8(), clock)) {
            String fetched = q.send("alice", "1");
            String unfetched = q.send("bob", "2");
            String late = q.send("alice", "3");
            String open = q.send("bob", "4");
            assertThat(q.complete(q.receive("w", NOW).orElseThrow(), "r1")).isTrue();
            assertThat(q.complete(q.receive("w", NOW).orElseThrow(), "r2")).isTrue();
            assertThat(q.response("alice", fetched, NOW)).contains("r1");
            clock.now = clock.now.plus(java.time.Duration.ofHours(12));
            assertThat(q.complete(q.receive("w", NOW).orElseThrow(), "r3")).isTrue();
            q.receive("w", NOW).orElseThrow(); // the fourth stays leased, unanswered

            clock.now = clock.now.plus(java.time.Duration.ofHours(12)); // r1, r2 exactly one day old: kept
            assertThat(q.trim(day)).isZero();
            clock.now = clock.now.plusMillis(1);
            assertThat(q.trim(day)).isEqualTo(2);
            assertThat(q.trim(day)).isZero();

            RedisClient client = RedisClient.create(RedisBackend.url());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                String ns = "{" + namespace + "}";
                for (String hash : java.util.List.of(":owner", ":entry")) {
                    assertThat(c.sync().hkeys(ns + hash)).as(hash).containsExactlyInAnyOrder(late, open);
                }
                assertThat(c.sync().hkeys(ns + ":answered")).containsExactly(late);
                assertThat(c.sync().exists(ns + ":client:bob:" + unfetched)).as("bob's unfetched answer").isZero();
            } finally {
                client.shutdown();
            }
            assertThatThrownBy(() -> q.response("bob", unfetched, NOW))
                    .hasMessage("request queue: client bob has no request " + unfetched);
            assertThat(q.response("alice", late, NOW)).contains("r3");
            assertThat(q.pending()).isEqualTo(1);
            assertThatThrownBy(() -> q.trim(java.time.Duration.ofMillis(-1)))
                    .hasMessage("request queue: retention PT-0.001S is negative");
        }
    }

    @Test
    void unreachableServer_isNamed() {
        assertThatThrownBy(() -> RedisRequestQueue.connect("redis://127.0.0.1:1", "x", WireCodec.utf8(), WireCodec.utf8()))
                .isInstanceOf(DecisionsException.class)
                .hasMessageStartingWith("request queue: cannot use Redis at redis://127.0.0.1:1: ");
    }
}
