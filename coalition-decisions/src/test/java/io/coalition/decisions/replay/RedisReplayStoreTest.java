package io.coalition.decisions.replay;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.RedisBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every handle is its own connection (another replica); skipped without COALITION_REDIS_URL. */
class RedisReplayStoreTest extends ReplayStoreContract {
    final String namespace = "coalition-replay-" + UUID.randomUUID();
    final List<RedisReplayStore> open = new ArrayList<>();

    @Override
    ReplayStore open(Clock clock) {
        RedisReplayStore s = RedisReplayStore.connect(RedisBackend.url(), namespace, clock);
        open.add(s);
        return s;
    }

    @AfterEach
    void tearDown() {
        open.forEach(RedisReplayStore::close);
        if (!open.isEmpty()) {
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
    }

    @Test
    void entriesCarryARedisTtlOfTheTimeLeft() {
        open(clock).claim("sender/m1", "request:1", expiry());
        RedisClient client = RedisClient.create(RedisBackend.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long ttl = c.sync().pttl("{" + namespace + "}:replay:sender/m1");
            assertThat(ttl).isBetween(1L, WINDOW.toMillis());
            assertThat(c.sync().get("{" + namespace + "}:replay:sender/m1"))
                    .isEqualTo(expiry().toEpochMilli() + ":request:1");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void unreachableServer_isNamed() {
        RedisBackend.url();
        assertThatThrownBy(() -> RedisReplayStore.connect("redis://127.0.0.1:1", namespace, clock))
                .isInstanceOf(DecisionsException.class)
                .hasMessageStartingWith("replay store: cannot use Redis at redis://127.0.0.1:1: ");
    }
}
