package io.coalition.decisions.queue;

import io.coalition.decisions.DecisionsException;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The {@link RequestQueue} on Redis Streams with a consumer group (Redis 6.2 or later), through Lettuce: clients
 * and CCU replicas in separate processes share one queue that survives their restarts.
 *
 * <p><b>Keys</b> (all under the hash tag {@code {ns}}, so they live in one slot and the scripts may touch them
 * together):
 * <ul>
 *   <li>{@code {ns}:requests}: the stream; consumer group {@code ccu}; each entry has the fields
 *       {@code v} = {@code 1} (wire version), {@code cid} (correlation id, a random UUID), {@code client}
 *       (the sender's client id) and {@code body} (the request, encoded by the request {@link WireCodec});</li>
 *   <li>{@code {ns}:owner} (hash cid &rarr; client), {@code {ns}:entry} (cid &rarr; stream entry id),
 *       {@code {ns}:answered} (cid &rarr; a marker set by the first completion);</li>
 *   <li>{@code {ns}:client:<client>:<cid>}: a list holding the one response to {@code cid} (encoded by the
 *       response codec): a client's channel is the keys under its own prefix, popped once;</li>
 *   <li>{@code {ns}:dead}: hash cid &rarr; why an entry could not be decoded (such entries are acknowledged and
 *       removed rather than redelivered forever).</li>
 * </ul>
 *
 * <p><b>Delivery.</b> A worker reads new entries with {@code XREADGROUP ... >} (its lease is the pending-entry
 * list). {@link #reclaim} and {@link #reclaimIdle} move pending entries (with {@code XCLAIM ... JUSTID}, so the
 * delivery count is not bumped) to the internal consumer {@code ~reclaimed}; {@link #receive} takes the oldest of
 * those first, claiming it for itself (delivery count + 1 = {@link Delivery#attempt()}). {@link #complete} is one
 * script: acknowledge the entry, {@code HSETNX} the answered marker (the first completion wins), push the response
 * to the client's list and delete the entry. Sending and the reclaim steps are scripts too, so no interleaving of
 * replicas sees half an operation.
 *
 * <p><b>Retention.</b> The owner, entry and answered hashes keep one field per request, so that a late answer is
 * still recognised as a duplicate. The answered marker is the completion time (epoch ms, from the queue's clock);
 * {@link #trim} forgets every request answered longer ago than the retention (its three fields and an answer its
 * client never fetched). Requests not yet answered are never trimmed. Choose the retention well above the lease
 * timeout: a replica completing a forgotten request gets "no request ... was sent".
 */
public final class RedisRequestQueue<Q, R> implements RequestQueue<Q, R> {
    private static final Logger log = LoggerFactory.getLogger(RedisRequestQueue.class);
    static final String GROUP = "ccu";
    static final String RECLAIMED = "~reclaimed";
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final String SEND = """
            local id = redis.call('XADD', KEYS[1], '*', 'v', '1', 'cid', ARGV[1], 'client', ARGV[2], 'body', ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            redis.call('HSET', KEYS[3], ARGV[1], id)
            return id
            """;
    // the oldest reclaimed entry, claimed for ARGV[2]; entries deleted meanwhile (answered) are dropped
    private static final String TAKE_RECLAIMED = """
            while true do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[3])
              if #p == 0 then return {} end
              local id = p[1][1]
              local m = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id)
              if #m > 0 and m[1] then
                local info = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
                local out = {id, tostring(info[1][4])}
                for _, v in ipairs(m[1][2]) do out[#out + 1] = v end
                return out
              end
              redis.call('XACK', KEYS[1], ARGV[1], id)
            end
            """;
    private static final String COMPLETE = """
            local id = redis.call('HGET', KEYS[3], ARGV[2])
            if not id then return -1 end
            redis.call('XACK', KEYS[1], ARGV[1], id)
            if redis.call('HSETNX', KEYS[4], ARGV[2], ARGV[3]) == 0 then return 0 end
            local client = redis.call('HGET', KEYS[2], ARGV[2])
            redis.call('RPUSH', ARGV[5] .. client .. ':' .. ARGV[2], ARGV[4])
            redis.call('XDEL', KEYS[1], id)
            return 1
            """;
    // KEYS: owner, entry, answered; ARGV[1] cutoff (epoch ms), ARGV[2] channel prefix, ARGV[3..] cids. Rechecks each
    // marker, since another replica may be trimming at the same time; a marker that is not a number (a queue
    // written before markers held times) counts as old.
    private static final String TRIM = """
            local n = 0
            local cutoff = tonumber(ARGV[1])
            for i = 3, #ARGV do
              local cid = ARGV[i]
              local at = redis.call('HGET', KEYS[3], cid)
              if at and (tonumber(at) == nil or tonumber(at) < cutoff) then
                local client = redis.call('HGET', KEYS[1], cid)
                if client then redis.call('DEL', ARGV[2] .. client .. ':' .. cid) end
                redis.call('HDEL', KEYS[1], cid)
                redis.call('HDEL', KEYS[2], cid)
                redis.call('HDEL', KEYS[3], cid)
                n = n + 1
              end
            end
            return n
            """;
    // XCLAIM ... JUSTID moves an entry to another consumer without counting a delivery
    private static final String CLAIM_JUSTID = """
            local function moveTo(consumer, ids)
              local args = {'XCLAIM', KEYS[1], ARGV[1], consumer, 0}
              for _, id in ipairs(ids) do args[#args + 1] = id end
              args[#args + 1] = 'JUSTID'
              redis.call(unpack(args))
            end
            """;
    private static final String RECLAIM = CLAIM_JUSTID + """
            local n = 0
            while true do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 100, ARGV[2])
              if #p == 0 then break end
              local ids = {}
              for _, e in ipairs(p) do ids[#ids + 1] = e[1] end
              moveTo(ARGV[3], ids)
              n = n + #ids
            end
            return n
            """;
    private static final String RECLAIM_IDLE = CLAIM_JUSTID + """
            local n = 0
            local start = '-'
            while true do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[3], start, '+', 100)
              if #p == 0 then break end
              local ids = {}
              for _, e in ipairs(p) do if e[2] ~= ARGV[2] then ids[#ids + 1] = e[1] end end
              if #ids > 0 then moveTo(ARGV[2], ids) end
              n = n + #ids
              if #p < 100 then break end
              start = '(' .. p[#p][1]
            end
            return n
            """;
    private static final String PENDING = """
            return redis.call('HLEN', KEYS[1]) - redis.call('HLEN', KEYS[2])
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final ConcurrentLinkedDeque<StatefulRedisConnection<String, byte[]>> blocking = new ConcurrentLinkedDeque<>();
    private final WireCodec<Q> requests;
    private final WireCodec<R> responses;
    private final String stream;
    private final String owner;
    private final String entry;
    private final String answered;
    private final String dead;
    private final String channelPrefix;
    private final Clock clock;
    private volatile boolean closed;

    private RedisRequestQueue(RedisClient client, String namespace, WireCodec<Q> requests, WireCodec<R> responses,
                              Clock clock) {
        this.client = client;
        this.clock = clock;
        this.requests = requests;
        this.responses = responses;
        String ns = "{" + namespace + "}";
        this.stream = ns + ":requests";
        this.owner = ns + ":owner";
        this.entry = ns + ":entry";
        this.answered = ns + ":answered";
        this.dead = ns + ":dead";
        this.channelPrefix = ns + ":client:";
        this.connection = client.connect(CODEC);
        this.redis = connection.sync();
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            log.debug("request queue {}: consumer group exists", namespace);
        }
    }

    /**
     * Connects to the queue {@code namespace} on the Redis server at {@code redisUrl} (e.g.
     * {@code redis://127.0.0.1:6379}), creating its stream and consumer group if needed.
     *
     * @throws DecisionsException naming the URL when the server cannot be reached
     */
    public static <Q, R> RedisRequestQueue<Q, R> connect(String redisUrl, String namespace, WireCodec<Q> requests,
                                                         WireCodec<R> responses) {
        return connect(redisUrl, namespace, requests, responses, Clock.systemUTC());
    }

    /** As {@link #connect(String, String, WireCodec, WireCodec)}, stamping completions with {@code clock}'s time. */
    public static <Q, R> RedisRequestQueue<Q, R> connect(String redisUrl, String namespace, WireCodec<Q> requests,
                                                         WireCodec<R> responses, Clock clock) {
        if (namespace == null || namespace.isBlank() || namespace.contains("{") || namespace.contains("}")) {
            throw new DecisionsException("request queue: namespace '" + namespace + "' must be non-blank without braces");
        }
        RedisClient client;
        try {
            client = RedisClient.create(RedisURI.create(redisUrl));
        } catch (IllegalArgumentException e) {
            throw new DecisionsException("request queue: '" + redisUrl + "' is not a Redis URL: " + e.getMessage(), e);
        }
        try {
            return new RedisRequestQueue<>(client, namespace, requests, responses, clock);
        } catch (RedisException e) {
            client.shutdown();
            throw new DecisionsException("request queue: cannot use Redis at " + redisUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String send(String clientId, Q request) {
        if (clientId == null || clientId.isBlank()) {
            throw new DecisionsException("request queue: client id is required");
        }
        checkOpen();
        String id = UUID.randomUUID().toString();
        redis.eval(SEND, ScriptOutputType.VALUE, new String[] {stream, owner, entry},
                bytes(id), bytes(clientId), requests.encode(request));
        return id;
    }

    @Override
    public Optional<Delivery<Q>> receive(String worker, Duration wait) throws InterruptedException {
        if (worker.equals(RECLAIMED)) {
            throw new DecisionsException("request queue: worker name " + RECLAIMED + " is reserved");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closed) {
            Optional<Delivery<Q>> d;
            try {
                d = takeReclaimed(worker).or(() -> readNew(worker, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            } catch (RedisException e) {
                if (closed) {
                    return Optional.empty();
                }
                throw new DecisionsException("request queue: receive for " + worker + " failed: " + e.getMessage(), e);
            }
            if (d.isPresent() || System.nanoTime() >= deadline) {
                return d;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return Optional.empty();
    }

    private Optional<Delivery<Q>> takeReclaimed(String worker) {
        List<Object> r = redis.eval(TAKE_RECLAIMED, ScriptOutputType.MULTI, new String[] {stream},
                bytes(GROUP), bytes(worker), bytes(RECLAIMED));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        String id = text(r.get(0));
        int attempt = Integer.parseInt(text(r.get(1)));
        java.util.Map<String, byte[]> fields = new java.util.HashMap<>();
        for (int i = 2; i + 1 < r.size(); i += 2) {
            fields.put(text(r.get(i)), (byte[]) r.get(i + 1));
        }
        return decode(id, fields, attempt);
    }

    private Optional<Delivery<Q>> readNew(String worker, Duration wait) {
        XReadArgs args = XReadArgs.Builder.count(1);
        List<StreamMessage<String, byte[]>> got;
        if (wait.toMillis() <= 0) {
            got = redis.xreadgroup(Consumer.from(GROUP, worker), args, XReadArgs.StreamOffset.lastConsumed(stream));
        } else {
            // a blocking read holds its connection: use one of our own, not the shared one
            StatefulRedisConnection<String, byte[]> c = borrow(wait);
            try {
                got = c.sync().xreadgroup(Consumer.from(GROUP, worker), args.block(wait.toMillis()),
                        XReadArgs.StreamOffset.lastConsumed(stream));
            } finally {
                giveBack(c);
            }
        }
        if (got == null || got.isEmpty()) {
            return Optional.empty();
        }
        StreamMessage<String, byte[]> m = got.get(0);
        return decode(m.getId(), m.getBody(), 1);
    }

    private Optional<Delivery<Q>> decode(String entryId, Map<String, byte[]> fields, int attempt) {
        String cid = fields.containsKey("cid") ? text(fields.get("cid")) : "(none)";
        try {
            if (!"1".equals(fields.containsKey("v") ? text(fields.get("v")) : null)) {
                throw new DecisionsException("field v (wire version) is missing or not 1");
            }
            for (String f : List.of("cid", "client", "body")) {
                if (!fields.containsKey(f)) {
                    throw new DecisionsException("field " + f + " is missing");
                }
            }
            return Optional.of(new Delivery<>(cid, text(fields.get("client")), requests.decode(fields.get("body")), attempt));
        } catch (DecisionsException e) {
            String why = "request queue: stream entry " + entryId + " (cid " + cid + "): " + e.getMessage();
            log.warn("{}; dropped", why);
            redis.hset(dead, cid, bytes(why));
            redis.xack(stream, GROUP, entryId);
            redis.xdel(stream, entryId);
            return Optional.empty();
        }
    }

    @Override
    public boolean complete(Delivery<Q> delivery, R response) {
        checkOpen();
        Long r = redis.eval(COMPLETE, ScriptOutputType.INTEGER, new String[] {stream, owner, entry, answered},
                bytes(GROUP), bytes(delivery.correlationId()), bytes(Long.toString(clock.millis())), responses.encode(response),
                bytes(channelPrefix));
        if (r == -1) {
            throw new DecisionsException("request queue: no request " + delivery.correlationId() + " was sent");
        }
        return r == 1;
    }

    @Override
    public Optional<R> response(String clientId, String correlationId, Duration wait) throws InterruptedException {
        checkOpen();
        byte[] who = redis.hget(owner, correlationId);
        if (who == null || !text(who).equals(clientId)) {
            // the same answer for "unknown" and "someone else's", so ids cannot be probed
            throw new DecisionsException("request queue: client " + clientId + " has no request " + correlationId);
        }
        String key = channelPrefix + clientId + ":" + correlationId;
        byte[] got;
        try {
            if (wait.toMillis() <= 0) {
                got = redis.lpop(key);
            } else {
                StatefulRedisConnection<String, byte[]> c = borrow(wait);
                try {
                    KeyValue<String, byte[]> kv = c.sync().blpop(wait.toMillis() / 1000.0, key);
                    got = kv == null || !kv.hasValue() ? null : kv.getValue();
                } finally {
                    giveBack(c);
                }
            }
        } catch (RedisException e) {
            if (closed) {
                return Optional.empty();
            }
            throw new DecisionsException("request queue: reading the response to " + correlationId + " failed: "
                    + e.getMessage(), e);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return got == null ? Optional.empty() : Optional.of(responses.decode(got));
    }

    @Override
    public int reclaim(String worker) {
        checkOpen();
        Long n = redis.eval(RECLAIM, ScriptOutputType.INTEGER,
                new String[] {stream}, bytes(GROUP), bytes(worker), bytes(RECLAIMED));
        return n.intValue();
    }

    @Override
    public int reclaimIdle(Duration minIdle) {
        checkOpen();
        Long n = redis.eval(RECLAIM_IDLE, ScriptOutputType.INTEGER,
                new String[] {stream}, bytes(GROUP), bytes(RECLAIMED), bytes(Long.toString(minIdle.toMillis())));
        return n.intValue();
    }

    @Override
    public int pending() {
        checkOpen();
        Long n = redis.eval(PENDING, ScriptOutputType.INTEGER, owner, answered);
        return n.intValue();
    }

    /**
     * Forgets every request answered more than {@code retention} ago (by this queue's clock): its owner, entry and
     * answered fields, and its answer if the client never fetched it. Unanswered requests are kept. Safe to run
     * from several replicas at once. Returns how many requests were forgotten.
     */
    public int trim(Duration retention) {
        if (retention.isNegative()) {
            throw new DecisionsException("request queue: retention " + retention + " is negative");
        }
        checkOpen();
        long cutoff = clock.millis() - retention.toMillis();
        int n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, byte[]> page = redis.hscan(answered, cursor, ScanArgs.Builder.limit(500));
            List<byte[]> args = new java.util.ArrayList<>();
            args.add(bytes(Long.toString(cutoff)));
            args.add(bytes(channelPrefix));
            page.getMap().forEach((cid, at) -> {
                Long t = parseLong(text(at));
                if (t == null || t < cutoff) {
                    args.add(bytes(cid));
                }
            });
            if (args.size() > 2) {
                Long done = redis.eval(TRIM, ScriptOutputType.INTEGER, new String[] {owner, entry, answered},
                        args.toArray(byte[][]::new));
                n += done.intValue();
            }
            cursor = page;
        } while (!cursor.isFinished());
        if (n > 0) {
            log.info("request queue {}: forgot {} requests answered before {}", stream, n, java.time.Instant.ofEpochMilli(cutoff));
        }
        return n;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why entries could not be decoded, by correlation id (see the class comment). */
    public Map<String, String> deadLetters() {
        Map<String, String> out = new java.util.TreeMap<>();
        redis.hgetall(dead).forEach((k, v) -> out.put(k, text(v)));
        return out;
    }

    private StatefulRedisConnection<String, byte[]> borrow(Duration wait) {
        StatefulRedisConnection<String, byte[]> c = blocking.pollFirst();
        if (c == null) {
            c = client.connect(CODEC);
        }
        c.setTimeout(wait.plusSeconds(30));
        return c;
    }

    private void giveBack(StatefulRedisConnection<String, byte[]> c) {
        if (closed) {
            c.close();
        } else {
            blocking.addFirst(c);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DecisionsException("request queue: closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (StatefulRedisConnection<String, byte[]> c; (c = blocking.pollFirst()) != null; ) {
            c.close();
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
