package io.coalition.streamaccess.bus;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link StreamBusContract} on a real Redis server, plus what only a broker shows: two processes sharing a
 * stream, idempotent sequence numbers against replayed and reordered entries, one publisher per stream, retention,
 * and a Redis outage.
 */
class RedisStreamBusTest extends StreamBusContract {
    private final String name = "test-" + UUID.randomUUID();
    private String url;

    @Override
    StreamBus create(int capacity) {
        url = RedisBackend.url();
        return RedisStreamBus.connect(url, name, capacity);
    }

    @Override
    String where() {
        return "stream bus " + url + " stream '" + name + "'";
    }

    private String key(String suffix) {
        return "coalition:stream-access:{" + name + "}:" + suffix;
    }

    /** A raw connection, as another (possibly faulty) writer would have. */
    private <T> T raw(java.util.function.Function<RedisCommands<String, String>, T> f) {
        RedisClient client = RedisClient.create(RedisBackend.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c.sync());
        } finally {
            client.shutdown();
        }
    }

    @AfterEach
    void dropKeys() {
        if (url == null) return;
        bus.close(); // before the keys go (JUnit runs this before the contract's own close)
        raw(r -> {
            var keys = r.keys("coalition:stream-access:{" + name + "}*");
            return keys.isEmpty() ? 0L : r.del(keys.toArray(String[]::new));
        });
    }

    @Test
    void aPublisherAndASubscriberInDifferentConnectionsShareTheStream() throws Exception {
        List<List<ProcessTriple>> sent = blocks(20);
        Recorder r = new Recorder();
        RedisStreamBus subscriberSide = RedisStreamBus.connect(url, name, 8);
        StreamBus.Subscription s = subscriberSide.subscribe("auditor", r);
        for (List<ProcessTriple> b : sent) bus.publish(b);
        bus.close();
        s.awaitEnd();
        subscriberSide.disconnect();
        assertThat(r.blocks).isEqualTo(sent);
        assertThat(r.ends).hasValue(1);
    }

    @Test
    void aReplayedEntry_isDeliveredOnce() throws Exception {
        List<List<ProcessTriple>> sent = blocks(3);
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        bus.publish(sent.get(0));
        bus.publish(sent.get(1));
        ((RedisStreamBus) bus).flush();
        // an at-least-once writer delivering block 2 again, and block 1 once more
        raw(c -> c.xadd(key("blocks"), "v", "2", "seq", "2", "body", RedisStreamBus.encode(sent.get(2))));
        raw(c -> c.xadd(key("blocks"), "v", "2", "seq", "1", "body", RedisStreamBus.encode(sent.get(2))));
        bus.publish(sent.get(2));
        bus.close();
        s.awaitEnd();
        assertThat(s.failure()).isNull();
        assertThat(r.blocks).isEqualTo(sent);
    }

    @Test
    void aRetriedAppendOfTheSameBlock_isANoOp() throws Exception {
        List<List<ProcessTriple>> sent = blocks(2);
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        bus.publish(sent.get(0));
        bus.publish(sent.get(1));
        ((RedisStreamBus) bus).appendAs(2, sent.get(1)); // what a retry after a timed-out append sends
        bus.close();
        s.awaitEnd();
        assertThat(r.blocks).isEqualTo(sent);
        assertThat((long) raw(c -> c.xlen(key("blocks")))).isLessThanOrEqualTo(3L);
    }

    @Test
    void aMissingBlock_failsTheSubscriber_insteadOfDeliveringOutOfOrder() throws Exception {
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        bus.publish(blocks(1).get(0));
        ((RedisStreamBus) bus).flush();
        String id = raw(c -> c.xadd(key("blocks"), "v", "2", "seq", "5", "body",
                RedisStreamBus.encode(blocks(2).get(1))));
        s.awaitEnd();
        assertThat(r.blocks).hasSize(1);
        assertThat(s.failure()).isInstanceOf(StreamAccessException.class).hasMessage(where()
                + " subscriber 'r': block 5 (entry " + id + ") arrived after block 1; blocks 2 to 4 are missing");
    }

    @Test
    void anEntryOfAnotherWireVersion_failsTheSubscriber() throws Exception {
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        // version 1 carried N-Quads; a subscriber of version 2 must not guess
        String id = raw(c -> c.xadd(key("blocks"), "v", "1", "seq", "1", "body", "<urn:s> <urn:p> <urn:o> <urn:g> .\n"));
        s.awaitEnd();
        assertThat(s.failure()).isInstanceOf(StreamAccessException.class)
                .hasMessage(where() + " subscriber 'r': entry " + id + ": wire version '1', expected 2");
    }

    @Test
    void aMalformedBody_failsTheSubscriber() throws Exception {
        StreamBus.Subscription s = bus.subscribe("r", new Recorder());
        // an IRI that would inject a second quad into a requester's N-Quads output
        String id = raw(c -> c.xadd(key("blocks"), "v", "2", "seq", "1", "body",
                "2;I5:urn:sI13:urn:p> <urn:q0,1,0,0;"));
        s.awaitEnd();
        assertThat(s.failure()).isInstanceOf(StreamAccessException.class).hasMessage(where() + " subscriber 'r': entry "
                + id + " (block 1): malformed block at character 10: expected an IRI without spaces, control"
                + " characters or <>\"{}|^`\\ (found '>')");
    }

    @Test
    void scriptsFlushedMidStream_areSentAgain_andNothingIsLostOrRepeated() throws Exception {
        List<List<ProcessTriple>> sent = blocks(80);
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        for (int i = 0; i < 3; i++) bus.publish(sent.get(i));
        ((RedisStreamBus) bus).flush();
        r.first.await();
        raw(RedisCommands::scriptFlush); // as after a server restart: EVALSHA now answers NOSCRIPT
        for (int i = 3; i < sent.size(); i++) bus.publish(sent.get(i)); // more than one window of appends
        bus.close();
        s.awaitEnd();
        assertThat(s.failure()).isNull();
        assertThat(r.blocks).isEqualTo(sent);
    }

    @Test
    void aSecondPublisherOnTheSameStream_isRefused() throws Exception {
        bus.publish(blocks(1).get(0));
        ((RedisStreamBus) bus).flush();
        try (RedisStreamBus other = RedisStreamBus.connect(url, name, 8)) {
            other.publish(blocks(1).get(0)); // block 2
            other.flush();
            assertThatThrownBy(() -> {
                bus.publish(blocks(1).get(0));
                ((RedisStreamBus) bus).flush();
            }).isInstanceOf(StreamAccessException.class)
                    .hasMessage(where() + ": block 2 not appended: the stream is at block 2, written by another"
                            + " publisher (one publisher per stream)");
        }
        assertThatThrownBy(bus::close).isInstanceOf(StreamAccessException.class)
                .hasMessage(where() + ": block 2 not appended: the stream is at block 3, written by another"
                        + " publisher (one publisher per stream)");
    }

    @Test
    void withoutSubscribers_theStreamIsTrimmed() throws Exception {
        bus.close();
        bus = create(4); // checks every block
        for (List<ProcessTriple> b : blocks(20)) bus.publish(b);
        ((RedisStreamBus) bus).flush();
        assertThat((long) raw(c -> c.xlen(key("blocks")))).isEqualTo(2L);
    }

    @Test
    void aSubscriberSilentLongerThanStale_isDropped_soItCannotStallThePublisher() throws Exception {
        bus.close();
        bus = create(4);
        raw(c -> c.hset(key("acked"), "crashed-1", "0 0-0"));
        raw(c -> c.hset(key("alive"), "crashed-1", "0")); // last heartbeat in 1970
        for (List<ProcessTriple> b : blocks(20)) bus.publish(b); // would wait forever for crashed-1
        assertThat((String) raw(c -> c.hget(key("acked"), "crashed-1"))).isNull();
    }

    @Test
    void blankNodes_areRefused() {
        var b = NodeFactory.createBlankNode("b0");
        ProcessTriple pt = new ProcessTriple(NodeFactory.createURI("urn:p"),
                Triple.create(b, NodeFactory.createURI("urn:p"), NodeFactory.createURI("urn:o")));
        assertThatThrownBy(() -> bus.publish(List.of(pt))).isInstanceOf(StreamAccessException.class)
                .hasMessage("stream bus: cannot send " + pt + ": only IRIs and literals cross a broker (blank node"
                        + " labels and variables mean nothing in another process)");
    }

    @Test
    void aRedisOutage_failsThePublisherAndEverySubscriber_withWhereItHappened() throws Exception {
        RedisURI target = RedisURI.create(RedisBackend.url());
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
            String proxied = "redis://127.0.0.1:" + proxy.port();
            RedisStreamBus viaProxy = RedisStreamBus.connect(proxied, name, 8);
            String where = "stream bus " + proxied + " stream '" + name + "'";
            Recorder r = new Recorder();
            StreamBus.Subscription s = viaProxy.subscribe("auditor", r);
            viaProxy.publish(blocks(1).get(0));
            r.first.await();
            proxy.close(); // the outage
            // appends are pipelined: the failure shows at the latest when the window is checked
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) viaProxy.publish(blocks(2).get(1));
            }).isInstanceOf(StreamAccessException.class).hasMessageStartingWith(where + ": publishing block ");
            s.awaitEnd();
            assertThat(s.failure()).isInstanceOf(StreamAccessException.class)
                    .hasMessageStartingWith(where + " subscriber 'auditor': reading the stream failed: ");
            assertThatThrownBy(viaProxy::close).isInstanceOf(StreamAccessException.class)
                    .hasMessageStartingWith(where + ": publishing block ");
        }
    }

    @Test
    void anUnreachableServer_isNamed() {
        assertThatThrownBy(() -> RedisStreamBus.connect("redis://127.0.0.1:1", "x", 8))
                .isInstanceOf(StreamAccessException.class)
                .hasMessageStartingWith("stream bus: cannot reach Redis at redis://127.0.0.1:1: ");
        assertThatThrownBy(() -> StreamBus.open("amqp://broker", "x", 8)).isInstanceOf(StreamAccessException.class)
                .hasMessage("stream bus 'amqp://broker': expected embedded or a Redis URL (redis://host:port)");
    }
}
