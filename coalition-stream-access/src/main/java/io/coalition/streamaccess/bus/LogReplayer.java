package io.coalition.streamaccess.bus;

import io.coalition.eventlog.ProgressListener;
import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a log onto a {@link StreamBus} in blocks of {@code blockSize} triples with {@code delay} between blocks
 * (seed 003 section 7.2: blocks of 10 triples, about 1 s apart), or at full speed when the delay is zero. Blocks
 * follow stream order and may span cases.
 */
public final class LogReplayer {
    /** Waits between blocks; a test seam so no unit test depends on wall-clock time. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final int blockSize;
    private final Duration delay;
    private final Sleeper sleeper;

    public LogReplayer(int blockSize, Duration delay) {
        this(blockSize, delay, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    LogReplayer(int blockSize, Duration delay, Sleeper sleeper) {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative, got " + delay);
        this.blockSize = blockSize;
        this.delay = delay;
        this.sleeper = sleeper;
    }

    /** Converts {@code xes} case by case and publishes it; returns the number of triples sent. */
    public long replay(Path xes, XesToRdf mapping, StreamBus bus, ProgressListener progress) {
        List<ProcessTriple> block = new ArrayList<>(blockSize);
        long[] blocks = {0};
        long sent = mapping.stream(xes, progress, caseTriples -> {
            for (ProcessTriple t : caseTriples) {
                block.add(t);
                if (block.size() == blockSize) {
                    send(bus, block, blocks[0]++ > 0);
                    block.clear();
                }
            }
        });
        if (!block.isEmpty()) send(bus, block, blocks[0] > 0);
        return sent;
    }

    /** Publishes already converted triples. */
    public long replay(List<ProcessTriple> triples, StreamBus bus) {
        for (int i = 0; i < triples.size(); i += blockSize) {
            send(bus, triples.subList(i, Math.min(triples.size(), i + blockSize)), i > 0);
        }
        return triples.size();
    }

    private void send(StreamBus bus, List<ProcessTriple> block, boolean waitFirst) {
        try {
            if (waitFirst && !delay.isZero()) sleeper.sleep(delay);
            bus.publish(block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamAccessException("replay interrupted", e);
        }
    }
}
