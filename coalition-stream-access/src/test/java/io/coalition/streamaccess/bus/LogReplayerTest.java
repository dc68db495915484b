package io.coalition.streamaccess.bus;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogReplayerTest {

    static List<ProcessTriple> twoCases() {
        List<ProcessTriple> all = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            all.addAll(XesToRdf.bpic2012().convert(Trace.of(id, List.of(
                    Event.of("concept:name", "A_SUBMITTED", "time:timestamp", Instant.parse("2011-10-01T00:00:00Z")),
                    Event.of("concept:name", "A_ACCEPTED", "org:resource", "10862",
                            "time:timestamp", Instant.parse("2011-10-02T00:00:00Z")))), 0));
        }
        return all;
    }

    @Test
    void everySubscriberGetsEveryBlockInOrderWithTheDelayBetweenBlocks() throws Exception {
        List<ProcessTriple> triples = twoCases();
        List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
        List<List<ProcessTriple>> first = Collections.synchronizedList(new ArrayList<>());
        List<ProcessTriple> second = Collections.synchronizedList(new ArrayList<>());
        boolean[] ended = new boolean[1];
        StreamBus.Subscription s1;
        StreamBus.Subscription s2;
        try (InMemoryStreamBus bus = new InMemoryStreamBus(2)) {
            s1 = bus.subscribe("one", first::add);
            s2 = bus.subscribe("two", new StreamBus.Subscriber() {
                public void block(List<ProcessTriple> block) {
                    second.addAll(block);
                }

                public void end() {
                    ended[0] = true;
                }
            });
            new LogReplayer(10, Duration.ofMillis(1000), sleeps::add).replay(triples, bus);
        }
        s1.awaitEnd();
        s2.awaitEnd();
        assertThat(triples).hasSize(36);
        assertThat(first).extracting(List::size).containsExactly(10, 10, 10, 6);
        assertThat(first.stream().flatMap(List::stream).toList()).isEqualTo(triples);
        assertThat(second).isEqualTo(triples);
        assertThat(ended[0]).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000));
    }

    @Test
    void fullSpeedNeverSleeps() {
        List<Duration> sleeps = new ArrayList<>();
        try (InMemoryStreamBus bus = new InMemoryStreamBus(100)) {
            new LogReplayer(7, Duration.ZERO, sleeps::add).replay(twoCases(), bus);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aFailingSubscriberIsReportedAndDoesNotBlockThePublisher() throws Exception {
        StreamBus.Subscription s;
        try (InMemoryStreamBus bus = new InMemoryStreamBus(1)) {
            s = bus.subscribe("bad", b -> {
                throw new IllegalStateException("boom");
            });
            new LogReplayer(1, Duration.ZERO, d -> { }).replay(twoCases(), bus);
        }
        s.awaitEnd();
        assertThat(s.failure()).hasMessage("boom");
    }

    @Test
    void badParameters_areRejected() {
        assertThatThrownBy(() -> new LogReplayer(0, Duration.ZERO)).hasMessage("block size must be at least 1, got 0");
        assertThatThrownBy(() -> new LogReplayer(1, Duration.ofMillis(-1)))
                .hasMessage("delay must not be negative, got PT-0.001S");
        assertThatThrownBy(() -> new InMemoryStreamBus(0)).hasMessage("capacity must be at least 1, got 0");
    }
}
