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

    @Test
    void unreachableServer_isNamed() {
        assertThatThrownBy(() -> RedisRequestQueue.connect("redis://127.0.0.1:1", "x", WireCodec.utf8(), WireCodec.utf8()))
                .isInstanceOf(DecisionsException.class)
                .hasMessageStartingWith("request queue: cannot use Redis at redis://127.0.0.1:1: ");
    }
}
