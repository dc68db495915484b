package io.coalition.streamaccess.bus;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded {@link StreamBus}: one bounded queue and one named thread ({@code coalition-stream-access-<name>})
 * per subscriber. Thread-safe; publishers may run on any thread.
 */
public final class InMemoryStreamBus implements StreamBus {
    private static final List<ProcessTriple> END = List.of();

    private final int capacity;
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** @param capacity blocks buffered per subscriber before {@link #publish} waits */
    public InMemoryStreamBus(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
    }

    @Override
    public Subscription subscribe(String name, Subscriber subscriber) {
        if (closed) throw new StreamAccessException("stream bus: cannot subscribe '" + name + "': the bus is closed");
        Sub s = new Sub(name, subscriber, new ArrayBlockingQueue<>(capacity));
        subs.add(s);
        s.thread.start();
        return s;
    }

    @Override
    public void publish(List<ProcessTriple> block) throws InterruptedException {
        if (closed) throw new StreamAccessException("stream bus: publish after close");
        if (block.isEmpty()) return;
        List<ProcessTriple> copy = List.copyOf(block);
        for (Sub s : subs) {
            if (!s.stopped) s.queue.put(copy);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Sub s : subs) {
            try {
                if (!s.stopped) s.queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.thread.interrupt();
            }
        }
    }

    private final class Sub implements Subscription {
        final BlockingQueue<List<ProcessTriple>> queue;
        final Thread thread;
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean stopped;
        volatile Throwable failure;

        Sub(String name, Subscriber subscriber, BlockingQueue<List<ProcessTriple>> queue) {
            this.queue = queue;
            this.thread = new Thread(() -> run(subscriber), "coalition-stream-access-" + name);
            this.thread.setDaemon(true);
        }

        private void run(Subscriber subscriber) {
            try {
                while (true) {
                    List<ProcessTriple> block = queue.take();
                    if (block == END) {
                        subscriber.end();
                        return;
                    }
                    subscriber.block(block);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                stopped = true;
                queue.clear(); // a failed subscriber must not block publishers
                done.countDown();
            }
        }

        @Override
        public void awaitEnd() throws InterruptedException {
            done.await();
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            stopped = true;
            subs.remove(this);
            thread.interrupt();
        }
    }
}
