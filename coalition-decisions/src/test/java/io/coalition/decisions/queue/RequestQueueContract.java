package io.coalition.decisions.queue;

import io.coalition.decisions.DecisionsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link RequestQueue} contract, run against every backend. */
abstract class RequestQueueContract {
    static final Duration NOW = Duration.ZERO;
    RequestQueue<String, String> queue;

    abstract RequestQueue<String, String> create();

    @BeforeEach
    void open() {
        queue = create();
    }

    @AfterEach
    void close() {
        if (queue != null) { // null when create() skipped the test (no backend)
            queue.close();
        }
    }

    RequestQueue.Delivery<String> take(String worker) throws InterruptedException {
        return queue.receive(worker, NOW).orElseThrow();
    }

    @Test
    void deliversInSendOrder() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(queue.send(i % 2 == 0 ? "alice" : "bob", "r" + i));
        }
        for (int i = 0; i < 5; i++) {
            RequestQueue.Delivery<String> d = take("w");
            assertThat(d.request()).isEqualTo("r" + i);
            assertThat(d.correlationId()).isEqualTo(ids.get(i));
        }
        assertThat(queue.receive("w", NOW)).isEmpty();
    }

    @Test
    void eachClientGetsOnlyItsOwnResponses() throws InterruptedException {
        String a = queue.send("alice", "ra");
        String b = queue.send("bob", "rb");
        // answered in the opposite order
        RequestQueue.Delivery<String> da = take("w");
        RequestQueue.Delivery<String> db = take("w");
        queue.complete(db, "for bob");
        queue.complete(da, "for alice");
        assertThatThrownBy(() -> queue.response("alice", b, NOW))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("request queue: client alice has no request " + b);
        assertThat(queue.response("bob", b, NOW)).contains("for bob");
        assertThat(queue.response("alice", a, NOW)).contains("for alice");
        // taken once: nothing is delivered twice
        assertThat(queue.response("alice", a, NOW)).isEmpty();
    }

    @Test
    void requestsOfAStoppedWorkerGoToAnother_andAreAnsweredOnce() throws InterruptedException {
        String x = queue.send("alice", "x");
        String y = queue.send("alice", "y");
        RequestQueue.Delivery<String> first = take("w1");
        take("w1");
        assertThat(queue.reclaim("w1")).isEqualTo(2);
        RequestQueue.Delivery<String> again = take("w2");
        assertThat(again.correlationId()).isEqualTo(x);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(queue.complete(again, "x by w2")).isTrue();
        // w1 was only slow: its late answer is dropped
        assertThat(queue.complete(first, "x by w1")).isFalse();
        assertThat(queue.response("alice", x, NOW)).contains("x by w2");
        RequestQueue.Delivery<String> yd = take("w2");
        assertThat(yd.correlationId()).isEqualTo(y);
        queue.complete(yd, "y");
        assertThat(queue.pending()).isZero();
    }

    @Test
    void reclaimIdle_putsBackLeasesAtLeastThatOld() throws InterruptedException {
        String x = queue.send("alice", "x");
        take("vanished");
        assertThat(queue.reclaimIdle(Duration.ofHours(1))).isZero();
        assertThat(queue.reclaimIdle(Duration.ZERO)).isEqualTo(1);
        RequestQueue.Delivery<String> again = take("w2");
        assertThat(again.correlationId()).isEqualTo(x);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(queue.complete(again, "x")).isTrue();
        assertThat(queue.reclaimIdle(Duration.ZERO)).isZero();
        assertThat(queue.pending()).isZero();
    }

    @Test
    void workerDyingMidStream_noRequestLostOrAnsweredTwice() throws Exception {
        List<String> clients = List.of("alice", "bob", "carol");
        java.util.Map<String, String> sent = new java.util.LinkedHashMap<>(); // correlation id -> client
        java.util.Map<String, String> body = new java.util.HashMap<>();
        for (int i = 0; i < 30; i++) {
            String c = clients.get(i % 3);
            String id = queue.send(c, c + "#" + i);
            sent.put(id, c);
            body.put(id, c + "#" + i);
        }
        // w1 answers 10, then dies holding 2 unanswered requests
        for (int i = 0; i < 10; i++) {
            RequestQueue.Delivery<String> d = take("w1");
            assertThat(queue.complete(d, "answer to " + d.request())).isTrue();
        }
        take("w1");
        take("w1");
        assertThat(queue.reclaim("w1")).isEqualTo(2);
        // w2 serves the rest from its own thread
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        Thread w2 = new Thread(() -> {
            try {
                for (java.util.Optional<RequestQueue.Delivery<String>> d; (d = queue.receive("w2", NOW)).isPresent(); ) {
                    assertThat(queue.complete(d.get(), "answer to " + d.get().request())).isTrue();
                    served.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "coalition-decisions-test-w2");
        w2.start();
        w2.join();
        assertThat(served.get()).isEqualTo(20);
        for (var e : sent.entrySet()) {
            assertThat(queue.response(e.getValue(), e.getKey(), NOW)).contains("answer to " + body.get(e.getKey()));
            assertThat(queue.response(e.getValue(), e.getKey(), NOW)).isEmpty();
        }
        assertThat(queue.pending()).isZero();
    }

    @Test
    void blankClientId_isRejected() {
        assertThatThrownBy(() -> queue.send(" ", "r")).hasMessage("request queue: client id is required");
    }

    @Test
    void unknownCorrelationId_isRefused() {
        assertThatThrownBy(() -> queue.response("alice", "nope", NOW))
                .hasMessage("request queue: client alice has no request nope");
    }
}
