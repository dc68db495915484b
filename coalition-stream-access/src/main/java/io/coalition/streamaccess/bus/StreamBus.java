package io.coalition.streamaccess.bus;

import io.coalition.streamaccess.rdf.ProcessTriple;

import java.util.List;

/**
 * A publish/subscribe bus for blocks of process triples (seed 003 used ActiveMQ). Every subscriber receives every
 * block published after it subscribed, in publication order, on its own thread. {@link InMemoryStreamBus} is the
 * embedded default; a broker backend implements the same contract.
 */
public interface StreamBus extends AutoCloseable {

    /** Receives blocks; {@link #end()} once after the last block, when the bus is closed. */
    interface Subscriber {
        void block(List<ProcessTriple> block);

        default void end() {
        }
    }

    /** A live subscription; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        /** Waits until every block published before the bus was closed has been delivered and {@code end()} ran. */
        void awaitEnd() throws InterruptedException;

        /** The first exception a subscriber threw, or null; delivery to that subscriber stopped there. */
        Throwable failure();

        @Override
        void close();
    }

    Subscription subscribe(String name, Subscriber subscriber);

    /** Publishes one block; blocks the caller while a subscriber's queue is full (back pressure). */
    void publish(List<ProcessTriple> block) throws InterruptedException;

    /** Ends the stream: subscribers receive what was published, then {@code end()}. */
    @Override
    void close();
}
