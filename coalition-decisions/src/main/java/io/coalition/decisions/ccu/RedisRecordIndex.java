package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link RecordIndex} on Redis, for CCU replicas on different machines: a replica that was down reads what
 * the others added. Keys under the hash tag {@code {ns}}: {@code {ns}:index:name:<dataName>} (list of record
 * JSON objects, in the order added; the same object as a {@link RecordIndex#file} line),
 * {@code {ns}:index:ids} (hash: {@code <len(dataName)>:<dataName><recordId>} &rarr; 1, so a record id is added once
 * per name) and {@code {ns}:index:messages} (hash: envelope message id &rarr; record JSON). Adding is one script,
 * so two replicas adding the same record id cannot both succeed. Like every index it is untrusted: the CCU checks
 * each entry against the notary.
 */
public final class RedisRecordIndex implements RecordIndex, AutoCloseable {
    private static final String ADD = """
            if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
            redis.call('RPUSH', KEYS[2], ARGV[2])
            redis.call('HSET', KEYS[3], ARGV[3], ARGV[2])
            return 1
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;

    private RedisRecordIndex(RedisClient client, String namespace) {
        this.client = client;
        this.prefix = "{" + namespace + "}:index:";
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    /** Connects to the index {@code namespace} on the Redis server at {@code redisUrl}. */
    public static RedisRecordIndex connect(String redisUrl, String namespace) {
        if (namespace == null || namespace.isBlank() || namespace.contains("{") || namespace.contains("}")) {
            throw new DecisionsException("record index: namespace '" + namespace + "' must be non-blank without braces");
        }
        RedisClient client;
        try {
            client = RedisClient.create(RedisURI.create(redisUrl));
        } catch (IllegalArgumentException e) {
            throw new DecisionsException("record index: '" + redisUrl + "' is not a Redis URL: " + e.getMessage(), e);
        }
        try {
            return new RedisRecordIndex(client, namespace);
        } catch (RedisException e) {
            client.shutdown();
            throw new DecisionsException("record index: cannot use Redis at " + redisUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void add(StoredRecord record) {
        String id = record.dataName().length() + ":" + record.dataName() + record.recordId();
        Long added = redis.eval(ADD, ScriptOutputType.INTEGER,
                new String[] {prefix + "ids", prefix + "name:" + record.dataName(), prefix + "messages"},
                id, FileRecordIndex.json(record), record.messageId());
        if (added == 0) {
            throw new RefusedException(RefusedException.Step.REQUEST, "data name " + record.dataName()
                    + " already holds record " + record.recordId(), null);
        }
    }

    @Override
    public List<StoredRecord> records(String dataName) {
        List<StoredRecord> out = new ArrayList<>();
        List<String> entries = redis.lrange(prefix + "name:" + dataName, 0, -1);
        for (int i = 0; i < entries.size(); i++) {
            out.add(decode(entries.get(i), "name:" + dataName + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<StoredRecord> byMessage(String messageId) {
        String json = redis.hget(prefix + "messages", messageId);
        return json == null ? Optional.empty() : Optional.of(decode(json, "messages[" + messageId + "]"));
    }

    private StoredRecord decode(String json, String where) {
        try {
            return FileRecordIndex.decode(json);
        } catch (IOException | RuntimeException e) {
            throw new DecisionsException("record index " + prefix + where + ": not a record entry: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
