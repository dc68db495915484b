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
        queue.close();
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
    void blankClientId_isRejected() {
        assertThatThrownBy(() -> queue.send(" ", "r")).hasMessage("request queue: client id is required");
    }

    @Test
    void unknownCorrelationId_isRefused() {
        assertThatThrownBy(() -> queue.response("alice", "nope", NOW))
                .hasMessage("request queue: client alice has no request nope");
    }
}
