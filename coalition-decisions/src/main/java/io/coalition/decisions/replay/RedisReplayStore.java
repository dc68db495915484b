package io.coalition.decisions.replay;

import io.coalition.decisions.DecisionsException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Clock;
import java.time.Instant;

/**
 * The {@link ReplayStore} on Redis, for replicas on different machines: key {@code {ns}:replay:<key>} holds
 * {@code <expires epoch ms>:<claimant>}, set with {@code SET ... NX PX <ms left>} in one script, so of two replicas
 * claiming at once exactly one wins. Expiry is decided by the replica's clock (the expiry stored in the value), not
 * only by Redis' TTL, so replicas and the other stores agree on when an entry ends; the TTL only frees memory.
 */
public final class RedisReplayStore implements ReplayStore, AutoCloseable {
    // KEYS[1] entry; ARGV: now ms, expires ms, claimant. 1 = claimed (or already ours), 0 = another holds it
    private static final String CLAIM = """
            local held = redis.call('GET', KEYS[1])
            if held then
              local sep = string.find(held, ':', 1, true)
              if tonumber(string.sub(held, 1, sep - 1)) > tonumber(ARGV[1]) then
                if string.sub(held, sep + 1) == ARGV[3] then return 1 end
                return 0
              end
            end
            local ttl = tonumber(ARGV[2]) - tonumber(ARGV[1])
            if ttl < 1 then ttl = 1 end
            redis.call('SET', KEYS[1], ARGV[2] .. ':' .. ARGV[3], 'PX', ttl)
            return 1
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final Clock clock;

    private RedisReplayStore(RedisClient client, String namespace, Clock clock) {
        this.client = client;
        this.prefix = "{" + namespace + "}:replay:";
        this.clock = clock;
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    /** Connects to the replay store {@code namespace} on the Redis server at {@code redisUrl}. */
    public static RedisReplayStore connect(String redisUrl, String namespace, Clock clock) {
        if (namespace == null || namespace.isBlank() || namespace.contains("{") || namespace.contains("}")) {
            throw new DecisionsException("replay store: namespace '" + namespace + "' must be non-blank without braces");
        }
        RedisClient client;
        try {
            client = RedisClient.create(RedisURI.create(redisUrl));
        } catch (IllegalArgumentException e) {
            throw new DecisionsException("replay store: '" + redisUrl + "' is not a Redis URL: " + e.getMessage(), e);
        }
        try {
            return new RedisReplayStore(client, namespace, clock);
        } catch (RedisException e) {
            client.shutdown();
            throw new DecisionsException("replay store: cannot use Redis at " + redisUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean claim(String key, String claimant, Instant expiresAt) {
        try {
            Long won = redis.eval(CLAIM, ScriptOutputType.INTEGER, new String[] {prefix + key},
                    Long.toString(clock.millis()), Long.toString(expiresAt.toEpochMilli()), claimant);
            return won == 1;
        } catch (RedisException e) {
            throw new DecisionsException("replay store " + prefix + key + ": cannot claim: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
