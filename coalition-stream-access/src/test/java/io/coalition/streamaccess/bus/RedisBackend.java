package io.coalition.streamaccess.bus;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server the Redis-backed tests use: {@code COALITION_REDIS_URL} (set by {@code .ci/run}, which starts
 * redis-server on a free loopback port). Without it those tests are skipped with this reason, except when
 * {@code COALITION_REQUIRE_BACKENDS=1} (CI), where they fail.
 */
final class RedisBackend {
    private RedisBackend() {
    }

    static String url() {
        String url = System.getenv("COALITION_REDIS_URL");
        if (url == null || url.isBlank()) {
            String reason = "COALITION_REDIS_URL is not set (.ci/run starts redis-server and sets it)";
            if ("1".equals(System.getenv("COALITION_REQUIRE_BACKENDS"))) {
                Assertions.fail("COALITION_REQUIRE_BACKENDS=1 but " + reason);
            }
            Assumptions.abort(reason);
        }
        return url;
    }
}
