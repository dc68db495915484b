package io.coalition.bench;

import io.coalition.streamaccess.bus.InMemoryStreamBus;
import io.coalition.streamaccess.bus.LogReplayer;
import io.coalition.streamaccess.bus.RedisStreamBus;
import io.coalition.streamaccess.bus.StreamBus;
import io.coalition.streamaccess.filter.DynamicFilter;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream through a {@link StreamBus} end to end, as {@code coalition stream replay} runs it: one publisher
 * (blocks of 10), one subscriber thread per requester. Two workloads: transport only (subscribers count triples) and
 * seed 003's dynamic filter per requester. The embedded bus always; Redis Streams when {@code COALITION_REDIS_URL}
 * is set (a throwaway server: each pass uses its own stream and deletes its keys). Throughput = stream triples per
 * second of wall time from the first publish to the last subscriber's end; process CPU and redis-server CPU (from
 * {@code INFO cpu}) per pass show where the time goes on a shared machine.
 */
final class BusBench {
    private static final int BLOCK = 10;
    private static final int CAPACITY = 1024;

    private BusBench() {
    }

    static void run(List<ProcessTriple> stream, List<RequesterPolicy> rs, BenchOptions options,
                    Map<String, Object> figures) throws Exception {
        String redis = System.getenv("COALITION_REDIS_URL");
        List<String> buses = new ArrayList<>(List.of(StreamBus.EMBEDDED));
        if (redis != null && !redis.isBlank()) buses.add(redis);
        else System.out.println("  bus: COALITION_REDIS_URL is not set; embedded bus only");
        System.out.printf("  %-36s %12s %14s %14s%n", "bus run (" + rs.size() + " subscribers)", "triples/s",
                "JVM cpu s", "redis cpu s");
        for (boolean filters : new boolean[] {false, true}) {
            for (String bus : buses) {
                for (int i = 0; i < options.warmup(); i++) pass(stream, rs, bus, filters);
                List<double[]> passes = new ArrayList<>();
                for (int i = 0; i < options.runs(); i++) passes.add(pass(stream, rs, bus, filters));
                passes.sort((a, b) -> Double.compare(a[0], b[0]));
                double[] m = passes.get(passes.size() / 2);
                String label = (bus.equals(StreamBus.EMBEDDED) ? "embedded" : "redis") + ", "
                        + (filters ? "dynamic filters" : "transport only");
                System.out.printf("  %-36s %,12.0f %14.2f %14s%n", label, m[0], m[1],
                        m[2] < 0 ? "-" : String.format("%.2f", m[2]));
                String key = "bus." + (bus.equals(StreamBus.EMBEDDED) ? "embedded" : "redis") + "."
                        + (filters ? "filters" : "transport");
                figures.put(key + ".triplesPerSecond", m[0]);
                figures.put(key + ".jvmCpuSeconds", m[1]);
                if (m[2] >= 0) figures.put(key + ".redisCpuSeconds", m[2]);
            }
        }
        figures.put("bus.subscribers", rs.size());
    }

    /** One pass: {triples/s, JVM CPU seconds, redis-server CPU seconds or -1}. */
    private static double[] pass(List<ProcessTriple> stream, List<RequesterPolicy> rs, String bus, boolean filters)
            throws Exception {
        String name = "bench-" + UUID.randomUUID();
        boolean embedded = bus.equals(StreamBus.EMBEDDED);
        double redis0 = embedded ? -1 : redisCpu(bus);
        List<StreamBus.Subscription> subs = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        long cpu0 = processCpuNanos();
        long t0;
        try (StreamBus b = embedded ? new InMemoryStreamBus(CAPACITY) : RedisStreamBus.connect(bus, name, CAPACITY)) {
            for (int i = 0; i < rs.size(); i++) {
                long[] count = {0};
                StreamBus.Subscriber s;
                if (filters) {
                    DynamicFilter f = new DynamicFilter(rs.get(i), pt -> count[0]++);
                    s = new StreamBus.Subscriber() {
                        public void block(List<ProcessTriple> block) {
                            for (ProcessTriple pt : block) f.accept(pt);
                        }

                        public void end() {
                            f.finish();
                            received.addAndGet(count[0]);
                        }
                    };
                } else {
                    s = new StreamBus.Subscriber() {
                        public void block(List<ProcessTriple> block) {
                            count[0] += block.size();
                        }

                        public void end() {
                            received.addAndGet(count[0]);
                        }
                    };
                }
                subs.add(b.subscribe("r" + i, s));
            }
            t0 = System.nanoTime();
            new LogReplayer(BLOCK, Duration.ZERO).replay(stream, b);
        }
        for (StreamBus.Subscription s : subs) {
            s.awaitEnd();
            if (s.failure() != null) throw new IllegalStateException("bus " + bus + ": subscriber failed", s.failure());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        if (!filters && received.get() != (long) stream.size() * rs.size()) {
            throw new IllegalStateException("bus " + bus + ": " + received.get() + " triples received, expected "
                    + (long) stream.size() * rs.size());
        }
        double redisCpu = -1;
        if (!embedded) {
            redisCpu = redisCpu(bus) - redis0;
            withRedis(bus, r -> {
                List<String> keys = r.keys("coalition:stream-access:{" + name + "}*");
                if (!keys.isEmpty()) r.del(keys.toArray(String[]::new));
                return null;
            });
        }
        return new double[] {stream.size() / seconds, cpu, redisCpu};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** used_cpu_user + used_cpu_sys of the redis-server process, seconds. */
    private static double redisCpu(String url) {
        return withRedis(url, r -> {
            double sum = 0;
            for (String line : r.info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    sum += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return sum;
        });
    }

    private static <T> T withRedis(String url, java.util.function.Function<RedisCommands<String, String>, T> f) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
