package io.coalition.decisions.queue;

import io.coalition.decisions.DecisionsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process {@link RequestQueue}: needs no server, keeps the same contract as the Redis Streams backend
 * (one monitor, so ordering and exactly-one completion hold under any interleaving). State is lost with the
 * process; use the Redis backend when clients and CCUs are separate processes.
 */
public final class EmbeddedRequestQueue<Q, R> implements RequestQueue<Q, R> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition requestArrived = lock.newCondition();
    private final Condition responseArrived = lock.newCondition();
    private final Deque<Delivery<Q>> waiting = new ArrayDeque<>();
    private final Map<String, Map<String, Delivery<Q>>> leased = new HashMap<>();
    private final Map<String, Instant> leasedAt = new HashMap<>();
    private final Clock clock;
    private final Map<String, Map<String, R>> channels = new HashMap<>();
    private final Map<String, String> clientOf = new HashMap<>();
    private final Map<String, Long> sentAs = new HashMap<>();
    private long sent;
    private final Set<String> answered = new HashSet<>();
    private boolean closed;

    public EmbeddedRequestQueue() {
        this(Clock.systemUTC());
    }

    /** @param clock what lease ages ({@link #reclaimIdle}) are measured with */
    public EmbeddedRequestQueue(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String send(String clientId, Q request) {
        if (clientId == null || clientId.isBlank()) {
            throw new DecisionsException("request queue: client id is required");
        }
        String id = UUID.randomUUID().toString();
        lock.lock();
        try {
            checkOpen();
            clientOf.put(id, clientId);
            sentAs.put(id, sent++);
            waiting.addLast(new Delivery<>(id, clientId, request, 1));
            requestArrived.signal();
            return id;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Delivery<Q>> receive(String worker, Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (waiting.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = requestArrived.awaitNanos(nanos);
            }
            if (closed) {
                return Optional.empty();
            }
            Delivery<Q> d = waiting.removeFirst();
            leased.computeIfAbsent(worker, k -> new LinkedHashMap<>()).put(d.correlationId(), d);
            leasedAt.put(d.correlationId(), clock.instant());
            return Optional.of(d);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean complete(Delivery<Q> delivery, R response) {
        lock.lock();
        try {
            leased.values().forEach(m -> m.remove(delivery.correlationId()));
            leasedAt.remove(delivery.correlationId());
            waiting.removeIf(d -> d.correlationId().equals(delivery.correlationId()));
            if (!answered.add(delivery.correlationId())) {
                return false;
            }
            channels.computeIfAbsent(clientOf.get(delivery.correlationId()), k -> new HashMap<>())
                    .put(delivery.correlationId(), response);
            responseArrived.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<R> response(String clientId, String correlationId, Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            String owner = clientOf.get(correlationId);
            if (owner == null || !owner.equals(clientId)) {
                // the same answer for "unknown" and "someone else's", so ids cannot be probed
                throw new DecisionsException("request queue: client " + clientId + " has no request " + correlationId);
            }
            while (true) {
                Map<String, R> channel = channels.get(clientId);
                if (channel != null && channel.containsKey(correlationId)) {
                    return Optional.of(channel.remove(correlationId));
                }
                if (nanos <= 0 || closed) {
                    return Optional.empty();
                }
                nanos = responseArrived.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int reclaim(String worker) {
        lock.lock();
        try {
            Map<String, Delivery<Q>> mine = leased.remove(worker);
            if (mine == null) {
                return 0;
            }
            return putBack(List.copyOf(mine.values()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int reclaimIdle(Duration minIdle) {
        lock.lock();
        try {
            Instant cutoff = clock.instant().minus(minIdle);
            List<Delivery<Q>> back = new java.util.ArrayList<>();
            for (Map<String, Delivery<Q>> mine : leased.values()) {
                for (var it = mine.values().iterator(); it.hasNext(); ) {
                    Delivery<Q> d = it.next();
                    if (!leasedAt.get(d.correlationId()).isAfter(cutoff)) {
                        back.add(d);
                        it.remove();
                    }
                }
            }
            // the head of the queue keeps send order, as in the Redis backend (oldest entry id first)
            back.sort(java.util.Comparator.comparingLong(d -> sentAs.get(d.correlationId())));
            return putBack(back);
        } finally {
            lock.unlock();
        }
    }

    private int putBack(List<Delivery<Q>> back) {
        for (int i = back.size() - 1; i >= 0; i--) {
            Delivery<Q> d = back.get(i);
            leasedAt.remove(d.correlationId());
            waiting.addFirst(new Delivery<>(d.correlationId(), d.clientId(), d.request(), d.attempt() + 1));
        }
        requestArrived.signalAll();
        return back.size();
    }

    @Override
    public int pending() {
        lock.lock();
        try {
            return waiting.size() + leased.values().stream().mapToInt(Map::size).sum();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            requestArrived.signalAll();
            responseArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DecisionsException("request queue: closed");
        }
    }
}
