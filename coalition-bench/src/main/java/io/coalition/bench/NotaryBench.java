package io.coalition.bench;

import io.coalition.trust.notary.MerkleLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The latency of one durable notary append (one provider batch: {@value #BATCH} LogNotary-sized entries, one
 * {@code FileChannel.force(false)}), against what the disk allows: a raw append to a growing file, a raw write into
 * a preallocated zero-filled file (the chunk's own write and force counted in the append that adds it), and a
 * force with nothing to write (the device's cache flush alone). The four are interleaved append by append, in a
 * rotating order, each in its own file, so background I/O hits them alike.
 *
 * <p>It answers whether preallocating the notary file would shorten its fsync on a given disk: only where the
 * growing file's metadata costs more than the flush (a journalled filesystem whose commit is the slow part).
 */
final class NotaryBench implements Bench.Benchmark {
    static final int BATCH = 6;
    /** A LogNotary entry: a 32-byte hash and an 8-byte time. */
    static final int ENTRY = 40;
    /** The notary's framing: a 4-byte length and a 4-byte CRC per entry. */
    static final int RECORD = BATCH * (ENTRY + 8);
    static final int APPENDS_PER_RUN = 250;
    static final int CHUNK = 1 << 20;

    private interface Append {
        void run() throws IOException;
    }

    @Override
    public String description() {
        return "durable notary append latency (MerkleLog.appendAll) vs raw growing and preallocated appends and a bare flush";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        // -Dcoalition.bench.notaryDir=/dev/shm measures without the disk, like the trusted-mining job
        String parent = System.getProperty("coalition.bench.notaryDir");
        Path dir = parent == null ? Files.createTempDirectory("coalition-bench-notary-")
                : Files.createTempDirectory(Path.of(parent), "coalition-bench-notary-");
        System.out.printf("notary: batches of %d entries of %d bytes (%d bytes framed), %d appends per run, %d warm-up"
                        + " and %d measured runs, in %s%n", BATCH, ENTRY, RECORD, APPENDS_PER_RUN, options.warmup(),
                options.runs(), dir);
        Random random = new Random(1);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            byte[] entry = new byte[ENTRY];
            random.nextBytes(entry);
            batch.add(entry);
        }
        byte[] record = new byte[RECORD];
        random.nextBytes(record);

        Map<String, List<Double>> millis = new LinkedHashMap<>();
        try (MerkleLog log = MerkleLog.open(dir.resolve("merkle.log"), "coalition.bench/notary");
             FileChannel growing = open(dir.resolve("growing.raw"));
             FileChannel preallocated = open(dir.resolve("preallocated.raw"));
             FileChannel flushOnly = open(dir.resolve("flush-only.raw"))) {
            long[] ends = new long[2];
            long[] allocated = new long[1];
            Map<String, Append> appends = new LinkedHashMap<>();
            appends.put("merkle_log", () -> log.appendAll(batch));
            appends.put("raw_growing", () -> {
                write(growing, record, ends[0]);
                growing.force(false);
                ends[0] += RECORD;
            });
            appends.put("raw_preallocated", () -> {
                if (ends[1] + RECORD > allocated[0]) {
                    write(preallocated, new byte[CHUNK], allocated[0]);
                    preallocated.force(false);
                    allocated[0] += CHUNK;
                }
                write(preallocated, record, ends[1]);
                preallocated.force(false);
                ends[1] += RECORD;
            });
            appends.put("flush_only", () -> flushOnly.force(false));
            List<String> names = new ArrayList<>(appends.keySet());
            int rounds = (options.warmup() + options.runs()) * APPENDS_PER_RUN;
            for (int round = 0; round < rounds; round++) {
                boolean measured = round >= options.warmup() * APPENDS_PER_RUN;
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((round + k) % names.size());
                    long t0 = System.nanoTime();
                    appends.get(name).run();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (measured) millis.computeIfAbsent(name, x -> new ArrayList<>()).add(ms);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "notary");
        json.put("dir", dir.getParent().toString());
        json.put("batchBytes", RECORD);
        json.put("appends", options.runs() * APPENDS_PER_RUN);
        System.out.printf("%-17s %9s %9s %9s %9s (ms per durable append)%n", "", "median", "mean", "p90", "p99");
        millis.forEach((name, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("median_ms", Stats.median(values));
            figures.put("mean_ms", mean);
            figures.put("p90_ms", sorted.get(sorted.size() * 9 / 10));
            figures.put("p99_ms", sorted.get(sorted.size() * 99 / 100));
            json.put(name, figures);
            System.out.printf("%-17s %9.3f %9.3f %9.3f %9.3f%n", name, figures.get("median_ms"), mean,
                    figures.get("p90_ms"), figures.get("p99_ms"));
        });
        System.out.println("figures written to " + Results.write("notary", json));
        return 0;
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static void write(FileChannel channel, byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) channel.write(buffer, position + buffer.position());
    }
}
