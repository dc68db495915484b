package io.coalition.app;

import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWire;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.ccu.RedisRecordIndex;
import io.coalition.decisions.queue.EmbeddedRequestQueue;
import io.coalition.decisions.queue.RedisRequestQueue;
import io.coalition.decisions.queue.RequestQueue;
import io.coalition.decisions.replay.RedisReplayStore;
import io.coalition.decisions.replay.ReplayStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The backends a decisions command runs on, from their option values: the request queue ({@code embedded} or a
 * Redis URL), the record index and the replay store ({@code memory}, {@code file:PATH} or a Redis URL). Everything
 * opened is added to {@code open}, which the caller closes.
 */
final class DecisionsBackends {
    static final String DEFAULT_NAMESPACE = "coalition-decisions";

    private DecisionsBackends() {
    }

    static boolean isRedis(String spec) {
        return spec.startsWith("redis://") || spec.startsWith("rediss://");
    }

    static RequestQueue<CcuCall, CcuReply> queue(String spec, String namespace, List<AutoCloseable> open) {
        RequestQueue<CcuCall, CcuReply> q;
        if (spec.equals("embedded")) {
            q = new EmbeddedRequestQueue<>();
        } else if (isRedis(spec)) {
            q = RedisRequestQueue.connect(spec, namespace, CcuWire.CALLS, CcuWire.REPLIES);
        } else {
            throw new IllegalArgumentException("--queue: expected embedded or redis://HOST:PORT, found '" + spec + "'");
        }
        open.add(q);
        return q;
    }

    static RecordIndex index(String spec, String namespace, List<AutoCloseable> open) {
        if (spec.equals("memory")) {
            return RecordIndex.inMemory();
        }
        if (spec.startsWith("file:") && spec.length() > 5) {
            return RecordIndex.file(Path.of(spec.substring(5)));
        }
        if (isRedis(spec)) {
            RedisRecordIndex index = RedisRecordIndex.connect(spec, namespace);
            open.add(index);
            return index;
        }
        throw new IllegalArgumentException("--index: expected memory, file:PATH or redis://HOST:PORT, found '" + spec + "'");
    }

    static ReplayStore replays(String spec, String namespace, Clock clock, List<AutoCloseable> open) {
        if (spec.equals("memory")) {
            return ReplayStore.inMemory(clock);
        }
        if (spec.startsWith("file:") && spec.length() > 5) {
            return ReplayStore.file(Path.of(spec.substring(5)), clock);
        }
        if (isRedis(spec)) {
            RedisReplayStore store = RedisReplayStore.connect(spec, namespace, clock);
            open.add(store);
            return store;
        }
        throw new IllegalArgumentException("--replay-store: expected memory, file:PATH or redis://HOST:PORT, found '"
                + spec + "'");
    }

    /** Closes in reverse order of opening. */
    static void closeAll(List<AutoCloseable> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // closing on the way out: the first failure that stopped the command is the one reported
            }
        }
        open.clear();
    }
}
