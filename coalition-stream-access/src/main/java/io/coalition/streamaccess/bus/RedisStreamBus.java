package io.coalition.streamaccess.bus;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The {@link StreamBus} on Redis Streams (Redis 7.0 or later) through Lettuce: the publisher and the subscribers may
 * run in different processes. Same contract as {@link InMemoryStreamBus}; proven by the same contract test.
 *
 * <p><b>Keys</b> of a stream named {@code S} (all under the hash tag {@code {S}}, one slot, so scripts may touch
 * them together): {@code coalition:stream-access:{S}:blocks} the Redis stream; {@code ...:seq} the last block
 * sequence number; {@code ...:writer} the id of the publisher that wrote it; {@code ...:acked} (hash subscriber
 * group &rarr; "{@code seq entry-id}" last acknowledged) and {@code ...:alive} (group &rarr; server time of its last
 * heartbeat, ms). Entry fields: {@code v}={@code 2} (wire version), {@code seq} (1, 2, 3, ... per stream) and either
 * {@code body} (the block in {@link BlockCodec}'s format: a term dictionary, then quads as indexes) or
 * {@code end}={@code 1}.
 *
 * <p><b>Delivery.</b> Each subscription is its own consumer group ({@code NAME-uuid}), created at {@code $}, so it
 * receives what is published after it subscribed, in stream order, on its own thread and connection. An entry is
 * acknowledged after the subscriber has taken it (at least once). Sequence numbers make both ends idempotent: the
 * publisher's script (pipelined, up to 32 appends in flight; {@link #flush()} waits for them) appends block
 * {@code n} only if the stream is at {@code n-1} (a retried append of the same
 * block by the same publisher is a no-op; another publisher writing to the stream is an error), and a subscriber
 * skips a block whose number it has already seen and fails on a gap, so a requester never sees a block twice or out
 * of order. A subscription does not resume after its process died: its filter state lived in that process, so a
 * new subscription starts at the stream's end like any other.
 *
 * <p><b>Back pressure and retention.</b> Every {@code capacity / 4} blocks the publisher waits while a live
 * subscriber is more than {@code capacity} blocks behind, and trims the stream below the oldest entry every live
 * subscriber has acknowledged. A subscriber whose heartbeat (every read, at least once a second) is older than
 * {@link #STALE} is dropped (its group destroyed), so a crashed process cannot stall the publisher.
 *
 * <p><b>Failures.</b> No automatic reconnection: a Redis outage fails the publisher's {@link #publish} and each
 * subscription (see {@link Subscription#failure()}) with a {@link StreamAccessException} naming the server, the
 * stream and the operation. Blank nodes are refused (their labels mean nothing outside one process).
 */
public final class RedisStreamBus implements StreamBus {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamBus.class);
    /** A subscriber silent for this long is taken for dead and dropped by the publisher. */
    public static final Duration STALE = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long BLOCK_MS = 1000;

    private static final String NOW = """
            local function now() local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000) end
            """;
    // KEYS stream seq writer; ARGV seq writerId field value version -> {1, id} appended, {0, ''} retry of own block,
    // {-1, cur} another publisher wrote, {-2, cur} gap
    private static final String APPEND = """
            local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
            local seq = tonumber(ARGV[1])
            if seq <= cur then
              if redis.call('GET', KEYS[3]) == ARGV[2] then return {0, ''} end
              return {-1, tostring(cur)}
            end
            if seq ~= cur + 1 then return {-2, tostring(cur)} end
            redis.call('SET', KEYS[2], ARGV[1])
            redis.call('SET', KEYS[3], ARGV[2])
            local id = redis.call('XADD', KEYS[1], '*', 'v', ARGV[5], 'seq', ARGV[1], ARGV[3], ARGV[4])
            return {1, id}
            """;
    // KEYS stream seq acked alive; ARGV group -> the stream's sequence number at subscription
    private static final String JOIN = NOW + """
            redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '$', 'MKSTREAM')
            local seq = redis.call('GET', KEYS[2]) or '0'
            local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            local id = '0-0'
            if #last > 0 then id = last[1][1] end
            redis.call('HSET', KEYS[3], ARGV[1], seq .. ' ' .. id)
            redis.call('HSET', KEYS[4], ARGV[1], now())
            return seq
            """;
    // KEYS stream acked alive; ARGV group seq lastId id... (no ids = heartbeat only)
    private static final String ACK = NOW + """
            if #ARGV > 2 then
              redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 4))
              redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
            end
            redis.call('HSET', KEYS[3], ARGV[1], now())
            return 1
            """;
    private static final String LEAVE = """
            redis.call('HDEL', KEYS[2], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            pcall(redis.call, 'XGROUP', 'DESTROY', KEYS[1], ARGV[1])
            return 1
            """;
    // KEYS stream acked alive; ARGV publisherSeq staleMs lastId -> {blocks behind, slowest group}; trims the stream
    private static final String PRESSURE = NOW + """
            local function before(a, b)
              local am, as = string.match(a, '(%d+)-(%d+)')
              local bm, bs = string.match(b, '(%d+)-(%d+)')
              am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
              return am < bm or (am == bm and as < bs)
            end
            local t = now()
            local behind, slow, minId = 0, '', nil
            local groups = redis.call('HGETALL', KEYS[2])
            for i = 1, #groups, 2 do
              local g = groups[i]
              local seq, id = string.match(groups[i + 1], '(%d+) (%S+)')
              local beat = tonumber(redis.call('HGET', KEYS[3], g) or '0')
              if t - beat > tonumber(ARGV[2]) then
                redis.call('HDEL', KEYS[2], g)
                redis.call('HDEL', KEYS[3], g)
                pcall(redis.call, 'XGROUP', 'DESTROY', KEYS[1], g)
              else
                local b = tonumber(ARGV[1]) - tonumber(seq)
                if b > behind then behind, slow = b, g end
                if minId == nil or before(id, minId) then minId = id end
              end
            end
            if minId == nil then minId = ARGV[3] end
            if minId ~= '' and minId ~= '0-0' then redis.call('XTRIM', KEYS[1], 'MINID', minId) end
            return {behind, slow}
            """;

    private final String url;
    private final String name;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String stream;
    private final String seqKey;
    private final String writerKey;
    private final String ackedKey;
    private final String aliveKey;
    private final String writerId = UUID.randomUUID().toString();
    private final int capacity;
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private long seq = -1; // the last block number sent; read from Redis at the first publish
    private final List<Pending> inFlight = new ArrayList<>();
    private final RedisAsyncCommands<String, String> async;
    private String lastId = "";
    /** SHA-1 digests of the scripts run once per block or read: EVALSHA sends 40 bytes instead of the script. */
    private final String appendSha;
    private final String ackSha;
    /**
     * Blocks decoded by one subscription of this bus, for the others (the usual case: every requester of a
     * {@code coalition stream replay} subscribes in one process). Keyed by entry id, and a hit counts only when the
     * body is the same string too (comparing is far cheaper than hashing the body, and a stream recreated under the
     * same key cannot reuse an id with other content); cleared when full, which costs only decoding again.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Decoded> decoded =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Decoded(String body, List<ProcessTriple> block) {
    }
    private static final int DECODED_MAX = 4096;
    private final java.util.concurrent.atomic.AtomicBoolean shutDown = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Set once the publishing connection is closed (after close()'s last append was confirmed), not when close()
     * starts: a subscription that already read the end marker may leave while close() still waits for its reply,
     * and shutting the client down then would cut that reply off ("Connection closed").
     */
    private volatile boolean publisherReleased;
    private volatile boolean closed;

    private RedisStreamBus(String url, String name, RedisClient client, int capacity) {
        this.url = url;
        this.name = name;
        this.client = client;
        this.capacity = capacity;
        String ns = "coalition:stream-access:{" + name + "}:";
        this.stream = ns + "blocks";
        this.seqKey = ns + "seq";
        this.writerKey = ns + "writer";
        this.ackedKey = ns + "acked";
        this.aliveKey = ns + "alive";
        this.connection = client.connect();
        this.redis = connection.sync();
        this.async = connection.async();
        this.appendSha = redis.digest(APPEND);
        this.ackSha = redis.digest(ACK);
    }

    /** Appends sent and not yet checked, at most this many. */
    private static final int WINDOW = 32;

    private record Pending(long n, String field, String value, RedisFuture<List<Object>> reply) {
    }

    /**
     * Connects to the stream {@code name} (e.g. the log's file name) on the Redis server at {@code redisUrl}
     * ({@code redis://host:port[/db]}, {@code rediss://} for TLS).
     *
     * @param capacity blocks a subscriber may lag behind before {@link #publish} waits
     * @throws StreamAccessException naming the URL when it is malformed or the server cannot be reached
     */
    public static RedisStreamBus connect(String redisUrl, String name, int capacity) {
        if (name == null || name.isBlank() || name.contains("{") || name.contains("}")) {
            throw new StreamAccessException("stream bus: stream name '" + name + "' must be non-blank without braces");
        }
        if (capacity < 4) throw new IllegalArgumentException("capacity must be at least 4, got " + capacity);
        RedisClient client;
        try {
            RedisURI uri = RedisURI.create(redisUrl);
            uri.setTimeout(TIMEOUT);
            client = RedisClient.create(uri);
        } catch (IllegalArgumentException e) {
            throw new StreamAccessException("stream bus: '" + redisUrl + "' is not a Redis URL: " + e.getMessage(), e);
        }
        client.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build());
        try {
            return new RedisStreamBus(redisUrl, name, client, capacity);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new StreamAccessException("stream bus: cannot reach Redis at " + redisUrl + ": " + e.getMessage(), e);
        }
    }

    /** The Redis stream key (for operators: {@code XLEN}, {@code XINFO GROUPS}). */
    public String streamKey() {
        return stream;
    }

    private String where() {
        return "stream bus " + url + " stream '" + name + "'";
    }

    @Override
    public Subscription subscribe(String subscriberName, Subscriber subscriber) {
        if (closed) throw new StreamAccessException(where() + ": cannot subscribe '" + subscriberName + "': the bus is closed");
        String group = subscriberName + "-" + UUID.randomUUID();
        long start;
        StatefulRedisConnection<String, String> own;
        try {
            synchronized (this) {
                start = Long.parseLong(redis.eval(JOIN, ScriptOutputType.VALUE,
                        new String[] {stream, seqKey, ackedKey, aliveKey}, group));
            }
            own = client.connect();
        } catch (RedisException e) {
            throw new StreamAccessException(where() + ": subscribing '" + subscriberName + "' failed: "
                    + e.getMessage(), e);
        }
        Sub s = new Sub(subscriberName, group, start, subscriber, own);
        subs.add(s);
        s.thread.start();
        return s;
    }

    @Override
    public synchronized void publish(List<ProcessTriple> block) throws InterruptedException {
        if (closed) throw new StreamAccessException(where() + ": publish after close");
        if (block.isEmpty()) return;
        append("body", encode(block));
    }

    /** Appends one entry with the next sequence number, pipelined: up to {@link #WINDOW} appends in flight. */
    private void append(String field, String value) throws InterruptedException {
        long n = seq + 1;
        try {
            if (seq < 0) {
                redis.scriptLoad(APPEND); // so that EVALSHA finds it (after a restart or SCRIPT FLUSH: see drain)
                String s = redis.get(seqKey);
                seq = s == null ? 0 : Long.parseLong(s);
                n = seq + 1;
            }
            if (n > 1 && n % Math.max(1, capacity / 4) == 0) {
                drain();
                awaitRoom(n - 1);
            }
            inFlight.add(new Pending(n, field, value, async.evalsha(appendSha, ScriptOutputType.MULTI,
                    new String[] {stream, seqKey, writerKey}, Long.toString(n), writerId, field, value,
                    BlockCodec.VERSION)));
            seq = n;
            if (inFlight.size() >= WINDOW) settleOldest();
        } catch (RedisException e) {
            inFlight.clear();
            throw new StreamAccessException(where() + ": publishing block " + n + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A sliding window: waits for the oldest append only, so the connection keeps {@link #WINDOW} appends in flight
     * instead of stopping for a round trip every {@link #WINDOW} blocks. Anything but a plain success goes through
     * {@link #drain()}, which retries and reports in order.
     */
    private void settleOldest() throws InterruptedException {
        Pending p = inFlight.get(0);
        List<Object> r;
        try {
            r = p.reply().get();
        } catch (java.util.concurrent.ExecutionException e) {
            drain();
            return;
        }
        if ((Long) r.get(0) != 1) {
            drain(); // the same reply again: drain reports it with the window's state restored
            return;
        }
        lastId = (String) r.get(1);
        inFlight.remove(0);
    }

    /** Waits until every block published so far is stored in Redis; fails as {@link #publish} would. */
    public synchronized void flush() throws InterruptedException {
        drain();
    }

    /**
     * Checks the appends in flight, in order. A timed-out one is sent again with the same number (a no-op if it had
     * run), and so is every later one, since they may have failed only for following it.
     */
    private void drain() throws InterruptedException {
        boolean resend = false;
        long at = seq;
        long confirmed = inFlight.isEmpty() ? seq : inFlight.get(0).n() - 1;
        boolean ok = false;
        try {
            for (Pending p : inFlight) {
                at = p.n();
                List<Object> r = null;
                if (!resend) {
                    try {
                        r = p.reply().get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RedisNoScriptException) {
                            log.debug("{}: append script not loaded at block {} (server restarted or flushed its"
                                    + " scripts); sending again with the script", where(), p.n());
                        } else if (e.getCause() instanceof RedisCommandTimeoutException) {
                            log.warn("{}: appending block {} timed out, sending it again", where(), p.n());
                        } else {
                            throw e.getCause() instanceof RedisException re ? re
                                    : new RedisException(String.valueOf(e.getCause()), e.getCause());
                        }
                        resend = true;
                    }
                }
                if (resend) r = appendNow(p.n(), p.field(), p.value());
                check(r, p.n());
                confirmed = p.n();
            }
            ok = true;
        } catch (RedisException e) {
            throw new StreamAccessException(where() + ": publishing block " + at + " failed: " + e.getMessage(), e);
        } finally {
            inFlight.clear();
            if (!ok) seq = confirmed; // the next block follows the last one Redis stored
        }
    }

    /** Test seam: appends {@code block} as block number {@code n}, as a retry after a lost reply would. */
    synchronized void appendAs(long n, List<ProcessTriple> block) throws InterruptedException {
        drain();
        check(appendNow(n, "body", encode(block)), n);
    }

    private List<Object> appendNow(long n, String field, String value) {
        for (int attempt = 1; ; attempt++) {
            try {
                return redis.eval(APPEND, ScriptOutputType.MULTI, new String[] {stream, seqKey, writerKey},
                        Long.toString(n), writerId, field, value, BlockCodec.VERSION);
            } catch (RedisCommandTimeoutException e) {
                if (attempt == 3) throw e;
                log.warn("{}: appending block {} timed out (attempt {}), retrying", where(), n, attempt);
                // the script may have run: the same number makes the retry idempotent
            }
        }
    }

    private void check(List<Object> r, long n) {
        long code = (Long) r.get(0);
        if (code == 1) lastId = (String) r.get(1);
        if (code == -1) {
            throw new StreamAccessException(where() + ": block " + n + " not appended: the stream is at block "
                    + r.get(1) + ", written by another publisher (one publisher per stream)");
        }
        if (code == -2) {
            throw new StreamAccessException(where() + ": block " + n + " not appended: the stream is at block "
                    + r.get(1) + " (its sequence was reset or changed outside this bus)");
        }
    }

    private void awaitRoom(long published) throws InterruptedException {
        long wait = 1;
        while (true) {
            List<Object> r = redis.eval(PRESSURE, ScriptOutputType.MULTI, new String[] {stream, ackedKey, aliveKey},
                    Long.toString(published), Long.toString(STALE.toMillis()), lastId);
            if ((Long) r.get(0) <= capacity) return;
            log.debug("{}: subscriber group {} is {} blocks behind; waiting", where(), r.get(1), r.get(0));
            Thread.sleep(wait);
            wait = Math.min(50, wait * 2);
        }
    }

    /** The block in wire format {@value BlockCodec#VERSION} ({@link BlockCodec}); blank nodes are refused. */
    static String encode(List<ProcessTriple> block) {
        return BlockCodec.encode(block);
    }

    static List<ProcessTriple> decode(String body) {
        return BlockCodec.decode(body);
    }

    /** Ends the stream for every subscriber (in any process), then closes this bus's publishing connection. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            append("end", "1");
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
            publisherReleased = true;
            shutdownIfIdle();
        }
    }

    /**
     * Leaves the stream without ending it (a process that only subscribes): stops this bus's subscriptions and
     * closes its connections.
     */
    public void disconnect() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        for (Sub s : subs) s.close();
        connection.close();
        publisherReleased = true;
        shutdownIfIdle();
    }

    private void shutdownIfIdle() {
        if (publisherReleased && subs.isEmpty() && shutDown.compareAndSet(false, true)) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private final class Sub implements Subscription {
        final String name;
        final String group;
        final Thread thread;
        final StatefulRedisConnection<String, String> connection;
        final CountDownLatch done = new CountDownLatch(1);
        long lastSeq;
        volatile boolean stopped;
        volatile Throwable failure;

        Sub(String name, String group, long start, Subscriber subscriber, StatefulRedisConnection<String, String> c) {
            this.name = name;
            this.group = group;
            this.lastSeq = start;
            this.connection = c;
            this.thread = new Thread(() -> run(subscriber), "coalition-stream-access-redis-" + name);
            this.thread.setDaemon(true);
        }

        private String where() {
            return RedisStreamBus.this.where() + " subscriber '" + name + "'";
        }

        private void run(Subscriber subscriber) {
            RedisCommands<String, String> r = connection.sync();
            boolean pending = false; // after a timed-out read, first re-read what was delivered but not acknowledged
            try {
                while (!stopped) {
                    List<StreamMessage<String, String>> got;
                    try {
                        got = r.xreadgroup(Consumer.from(group, "c"), XReadArgs.Builder.count(64).block(BLOCK_MS),
                                pending ? XReadArgs.StreamOffset.from(stream, "0")
                                        : XReadArgs.StreamOffset.lastConsumed(stream));
                    } catch (RedisCommandTimeoutException e) {
                        pending = true;
                        continue;
                    }
                    if (stopped) return;
                    pending = pending && !got.isEmpty();
                    // one acknowledgement (and heartbeat) per read, after every block of it was taken
                    List<String> ack = new ArrayList<>(List.of(group, "", ""));
                    boolean ended = false;
                    for (StreamMessage<String, String> m : got) {
                        ack.add(m.getId());
                        if (take(m, subscriber)) {
                            ended = true;
                            break;
                        }
                    }
                    if (ack.size() > 3) {
                        ack.set(1, Long.toString(lastSeq));
                        ack.set(2, ack.get(ack.size() - 1));
                    } else {
                        ack = List.of(group);
                    }
                    String[] keys = {stream, ackedKey, aliveKey};
                    try {
                        r.evalsha(ackSha, ScriptOutputType.INTEGER, keys, ack.toArray(String[]::new));
                    } catch (RedisNoScriptException e) {
                        r.eval(ACK, ScriptOutputType.INTEGER, keys, ack.toArray(String[]::new)); // loads it
                    }
                    if (ended) return;
                }
            } catch (RedisException e) {
                if (!stopped) failure = new StreamAccessException(where() + ": reading the stream failed: "
                        + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                stopped = true;
                leave();
                done.countDown();
            }
        }

        /** Delivers one entry unless it was delivered before; true at the end of the stream. */
        private boolean take(StreamMessage<String, String> m, Subscriber subscriber) {
            Map<String, String> f = m.getBody();
            if (f == null) return false; // trimmed after delivery: it was acknowledged, so it was taken
            if (!BlockCodec.VERSION.equals(f.get("v"))) {
                throw new StreamAccessException(where() + ": entry " + m.getId() + ": wire version '" + f.get("v")
                        + "', expected " + BlockCodec.VERSION);
            }
            long n;
            try {
                n = Long.parseLong(f.get("seq"));
            } catch (NumberFormatException e) {
                throw new StreamAccessException(where() + ": entry " + m.getId() + ": sequence number '" + f.get("seq")
                        + "' is not a number");
            }
            if (n <= lastSeq) {
                log.debug("{}: block {} (entry {}) already delivered; skipped", where(), n, m.getId());
                return false;
            }
            if (n != lastSeq + 1) {
                throw new StreamAccessException(where() + ": block " + n + " (entry " + m.getId()
                        + ") arrived after block " + lastSeq + "; blocks " + (lastSeq + 1) + " to " + (n - 1)
                        + " are missing");
            }
            if ("1".equals(f.get("end"))) {
                lastSeq = n;
                subscriber.end();
                return true;
            }
            String body = f.get("body");
            if (body == null) throw new StreamAccessException(where() + ": entry " + m.getId() + " (block " + n
                    + ") has neither body nor end");
            Decoded hit = decoded.get(m.getId());
            List<ProcessTriple> block = hit != null && hit.body().equals(body) ? hit.block() : null;
            if (block == null) {
                try {
                    block = List.copyOf(decode(body));
                } catch (BlockCodec.MalformedBlockException e) {
                    throw new StreamAccessException(where() + ": entry " + m.getId() + " (block " + n
                            + "): malformed block " + e.getMessage(), e);
                }
                if (decoded.size() >= DECODED_MAX) decoded.clear();
                decoded.put(m.getId(), new Decoded(body, block));
            }
            subscriber.block(block);
            lastSeq = n;
            return false;
        }

        private void leave() {
            Thread.interrupted(); // a close() interrupt must not also abort leaving the group
            try {
                connection.sync().eval(LEAVE, ScriptOutputType.INTEGER, new String[] {stream, ackedKey, aliveKey}, group);
            } catch (RedisException e) {
                log.debug("{}: could not remove group {}: {}", where(), group, e.getMessage());
            } finally {
                connection.close();
                subs.remove(this);
                shutdownIfIdle();
            }
        }

        @Override
        public void awaitEnd() throws InterruptedException {
            done.await();
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            stopped = true;
            thread.interrupt(); // ends a blocking read at once; the thread then leaves the group
        }
    }
}
