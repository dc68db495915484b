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

    /** The value of {@code --bus} that selects {@link InMemoryStreamBus}. */
    String EMBEDDED = "embedded";

    /**
     * Opens the bus {@code spec} names: {@value #EMBEDDED} (in-process, {@link InMemoryStreamBus}) or a Redis URL
     * ({@code redis://host:port}, {@code rediss://...}; {@link RedisStreamBus}, stream {@code stream}).
     * {@code capacity} bounds, in blocks, how far a subscriber may fall behind before publishing waits.
     */
    static StreamBus open(String spec, String stream, int capacity) {
        if (EMBEDDED.equals(spec)) return new InMemoryStreamBus(capacity);
        if (spec.startsWith("redis://") || spec.startsWith("rediss://")) return RedisStreamBus.connect(spec, stream, capacity);
        throw new io.coalition.streamaccess.StreamAccessException("stream bus '" + spec
                + "': expected embedded or a Redis URL (redis://host:port)");
    }

    Subscription subscribe(String name, Subscriber subscriber);

    /** Publishes one block; blocks the caller while a subscriber's queue is full (back pressure). */
    void publish(List<ProcessTriple> block) throws InterruptedException;

    /** Ends the stream: subscribers receive what was published, then {@code end()}. */
    @Override
    void close();
}
