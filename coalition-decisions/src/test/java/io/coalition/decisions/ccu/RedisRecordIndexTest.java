package io.coalition.decisions.ccu;

import io.coalition.decisions.RedisBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

class RedisRecordIndexTest extends RecordIndexContract {
    private final String namespace = "coalition-index-test-" + UUID.randomUUID();
    private final List<RedisRecordIndex> opened = new ArrayList<>();

    @Override
    RecordIndex open() {
        RedisRecordIndex i = RedisRecordIndex.connect(RedisBackend.url(), namespace);
        opened.add(i);
        return i;
    }

    @AfterEach
    void dropKeys() {
        opened.forEach(RedisRecordIndex::close);
        if (System.getenv("COALITION_REDIS_URL") == null) {
            return;
        }
        RedisClient client = RedisClient.create(System.getenv("COALITION_REDIS_URL"));
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
