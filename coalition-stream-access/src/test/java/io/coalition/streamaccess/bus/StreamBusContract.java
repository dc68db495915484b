package io.coalition.streamaccess.bus;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link StreamBus} guarantees, run against the embedded bus and each broker backend: every subscriber
 * gets every block published after it subscribed, once, in order, then {@code end()}; a failing subscriber is
 * reported and stops only itself; terms cross the bus unchanged; use after close fails with a clear message.
 */
abstract class StreamBusContract {
    StreamBus bus;

    /** A bus on a fresh, empty stream, allowing subscribers {@code capacity} blocks of lag. */
    abstract StreamBus create(int capacity);

    /** How this bus names itself in error messages. */
    abstract String where();

    @BeforeEach
    void open() {
        bus = create(8);
    }

    @AfterEach
    void closeBus() {
        if (bus != null) bus.close(); // null when the backend is absent and the test was skipped
    }

    static List<List<ProcessTriple>> blocks(int n) {
        List<ProcessTriple> all = LogReplayerTest.twoCases();
        List<List<ProcessTriple>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int from = (i * 3) % (all.size() - 3);
            out.add(List.copyOf(all.subList(from, from + 1 + i % 3)));
        }
        return out;
    }

    /** Records blocks and whether (and how often) end() ran. */
    static final class Recorder implements StreamBus.Subscriber {
        final List<List<ProcessTriple>> blocks = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger ends = new AtomicInteger();
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        public void block(List<ProcessTriple> block) {
            blocks.add(block);
            first.countDown();
        }

        @Override
        public void end() {
            ends.incrementAndGet();
        }
    }

    @Test
    void everySubscriberGetsEveryBlockOnceInOrder_thenEnd() throws Exception {
        List<List<ProcessTriple>> sent = blocks(60);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        StreamBus.Subscription sa = bus.subscribe("a", a);
        StreamBus.Subscription sb = bus.subscribe("b", b);
        for (List<ProcessTriple> block : sent) bus.publish(block);
        bus.close();
        sa.awaitEnd();
        sb.awaitEnd();
        assertThat(sa.failure()).isNull();
        assertThat(sb.failure()).isNull();
        assertThat(a.blocks).isEqualTo(sent);
        assertThat(b.blocks).isEqualTo(sent);
        assertThat(a.ends).hasValue(1);
        assertThat(b.ends).hasValue(1);
    }

    @Test
    void aLateSubscriberGetsOnlyWhatIsPublishedAfterIt() throws Exception {
        List<List<ProcessTriple>> sent = blocks(4);
        bus.publish(sent.get(0));
        bus.publish(sent.get(1));
        Recorder late = new Recorder();
        StreamBus.Subscription s = bus.subscribe("late", late);
        bus.publish(sent.get(2));
        bus.publish(sent.get(3));
        bus.close();
        s.awaitEnd();
        assertThat(late.blocks).isEqualTo(sent.subList(2, 4));
    }

    @Test
    void anEmptyBlockIsNotDelivered() throws Exception {
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        bus.publish(List.of());
        bus.publish(blocks(1).get(0));
        bus.close();
        s.awaitEnd();
        assertThat(r.blocks).containsExactly(blocks(1).get(0));
    }

    @Test
    void aFailingSubscriberIsReported_andNeitherStopsThePublisherNorTheOthers() throws Exception {
        List<List<ProcessTriple>> sent = blocks(40); // five times the capacity
        Recorder good = new Recorder();
        StreamBus.Subscription bad = bus.subscribe("bad", block -> {
            throw new IllegalStateException("boom");
        });
        StreamBus.Subscription ok = bus.subscribe("good", good);
        for (List<ProcessTriple> block : sent) bus.publish(block);
        bus.close();
        bad.awaitEnd();
        ok.awaitEnd();
        assertThat(bad.failure()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(ok.failure()).isNull();
        assertThat(good.blocks).isEqualTo(sent);
    }

    @Test
    void termsCrossTheBusUnchanged() throws Exception {
        Node process = NodeFactory.createURI("urn:coalition:log#case%20173688");
        Node s = NodeFactory.createURI("urn:coalition:log#task-1");
        List<ProcessTriple> block = new ArrayList<>();
        for (Node o : List.of(
                NodeFactory.createLiteralString("W_Completeren aanvraag \"quoted\"\nnew line\ttab \\ backslash"),
                NodeFactory.createLiteralLang("Überprüfung ✓ 日本", "de"),
                NodeFactory.createLiteralDT("20000", XSDDatatype.XSDinteger),
                NodeFactory.createLiteralDT("2011-10-01T00:38:44.546+02:00", XSDDatatype.XSDdateTime),
                NodeFactory.createLiteralDT("x", NodeFactory.getType("urn:custom:type")),
                NodeFactory.createURI("http://ebtic.org/bpm#Task"))) {
            block.add(new ProcessTriple(process, Triple.create(s, NodeFactory.createURI("urn:coalition:log#p"), o)));
        }
        Recorder r = new Recorder();
        StreamBus.Subscription sub = bus.subscribe("r", r);
        bus.publish(block);
        bus.close();
        sub.awaitEnd();
        assertThat(r.blocks).containsExactly(block);
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore_andNoEnd() throws Exception {
        List<List<ProcessTriple>> sent = blocks(3);
        Recorder r = new Recorder();
        StreamBus.Subscription s = bus.subscribe("r", r);
        bus.publish(sent.get(0));
        r.first.await();
        s.close();
        s.awaitEnd();
        bus.publish(sent.get(1));
        bus.publish(sent.get(2));
        bus.close();
        assertThat(r.blocks).containsExactly(sent.get(0));
        assertThat(r.ends).hasValue(0);
        assertThat(s.failure()).isNull();
    }

    @Test
    void publishAfterClose_fails() {
        bus.close();
        assertThatThrownBy(() -> bus.publish(blocks(1).get(0))).isInstanceOf(StreamAccessException.class)
                .hasMessage(where() + ": publish after close");
    }

    @Test
    void subscribeAfterClose_fails() {
        bus.close();
        assertThatThrownBy(() -> bus.subscribe("late", new Recorder())).isInstanceOf(StreamAccessException.class)
                .hasMessage(where() + ": cannot subscribe 'late': the bus is closed");
    }
}
