package io.coalition.decisions.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * The Request Manager of seed 004: an ordered queue between clients and CCU replicas, with one response channel
 * per client. Fixes SPARTA's shared response queue, where a client could take another's answer:
 * <ul>
 *   <li>every request gets a correlation id; its response goes to the sending client's channel only, and
 *       {@link #response} answers only the client that sent it;</li>
 *   <li>delivery is at-least-once: a delivery leased to a worker that stops is given to another by
 *       {@link #reclaim}; the first completion of a correlation id wins, later ones are ignored, so a request is
 *       never answered twice;</li>
 *   <li>requests are handed out in the order they were sent.</li>
 * </ul>
 * @param <Q> request type
 * @param <R> response type
 */
public interface RequestQueue<Q, R> extends AutoCloseable {

    /** A request handed to a worker. */
    record Delivery<Q>(String correlationId, String clientId, Q request, int attempt) {
    }

    /** Client side: enqueues a request and returns its correlation id. */
    String send(String clientId, Q request);

    /** Worker side: the oldest waiting request, leased to {@code worker}; empty if none came within {@code wait}. */
    Optional<Delivery<Q>> receive(String worker, Duration wait) throws InterruptedException;

    /**
     * Worker side: answers a delivery; the response goes to its client's channel. Returns false (and drops the
     * response) when the correlation id was already answered.
     */
    boolean complete(Delivery<Q> delivery, R response);

    /** Client side: this client's response to {@code correlationId}, waiting up to {@code wait}. */
    Optional<R> response(String clientId, String correlationId, Duration wait) throws InterruptedException;

    /** Puts the requests leased to {@code worker} (which stopped) back at the head of the queue; returns how many. */
    int reclaim(String worker);

    /**
     * Puts back at the head of the queue every request leased at least {@code minIdle} ago and not answered,
     * whoever holds it: how requests of a worker that died without anyone knowing its name are recovered. A worker
     * that was only slow may still answer; the first answer wins. Returns how many were put back.
     */
    int reclaimIdle(Duration minIdle);

    /** Requests waiting or leased, not yet answered. */
    int pending();

    @Override
    void close();
}
