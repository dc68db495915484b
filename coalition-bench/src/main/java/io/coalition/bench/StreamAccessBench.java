package io.coalition.bench;

import io.coalition.eventlog.ProgressListener;
import io.coalition.streamaccess.StreamAccess;
import io.coalition.streamaccess.filter.DynamicFilter;
import io.coalition.streamaccess.filter.StaticFilter;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Seed 003 section 7.2: the BPIC 2012 triple stream at full speed through 1, 10 and 100 requesters' filters,
 * dynamic (seed 003) against static (whole policy per process, SQR-style) in the same run, on one thread. Throughput
 * is stream triples per second with every requester served; latency is the compute time of one block of 10 triples
 * (the seed's block) through all requesters' filters (buffering until the decision point is policy semantics, not
 * compute, and is not counted). The stream is converted once and held in memory (the first {@link #CASES} cases);
 * {@code --warmup} passes are run and discarded, then {@code --runs} measured passes, dynamic and static interleaved
 * so both see the same machine load; the median pass is reported.
 */
final class StreamAccessBench implements Bench.Benchmark {
    static final double TARGET_TRIPLES_PER_SECOND_10 = 100_000;
    static final double TARGET_SPEEDUP = 5;

    @Override
    public String description() {
        return "seed 003 stream filters on BPIC 2012: triples/s and block latency, 1/10/100 requesters, dynamic vs static";
    }

    /** BPIC 2012 cases held in memory and streamed in every pass (system property to change it). */
    static final int CASES = Integer.getInteger("coalition.bench.stream.cases", 1000);

    @Override
    public int run(BenchOptions options) throws Exception {
        Path file = options.fileOr("xes/bpic2012.xes.gz");
        List<ProcessTriple> stream = new ArrayList<>();
        int[] cases = {0};
        try {
            XesToRdf.bpic2012().stream(file, ProgressListener.NONE, block -> {
                if (cases[0]++ < CASES) stream.addAll(block);
                else throw new StopReading();
            });
        } catch (StopReading done) {
            // enough cases
        }
        int nCases = Math.min(cases[0], CASES);
        System.out.printf("stream-access: %s, %,d cases, %,d triples in memory; per configuration %d warm-up and %d"
                + " measured passes each of dynamic and static, interleaved; median reported%n", file.getFileName(),
                nCases, stream.size(), options.warmup(), options.runs());
        Path dir = StreamAccess.writeExamplePolicies(Files.createTempDirectory("coalition-stream-policies"));
        List<RequesterPolicy> all = new ArrayList<>();
        RequesterPolicy seed;
        try (StreamPolicies sp = StreamPolicies.load(dir)) {
            for (String role : StreamAccess.EXAMPLE_ROLES) {
                all.add(sp.forRequester(role, StreamPolicies.request("bpic2012", Map.of("role", role))));
            }
            seed = sp.forRequester("seed", StreamPolicies.request("bpic2012", Map.of("role", "process-analyst-scaled")));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cases", nCases);
        figures.put("triples", stream.size());
        figures.put("warmup", options.warmup());
        figures.put("runs", options.runs());
        boolean ok = true;
        System.out.printf("  %-28s %12s %12s %12s %12s%n", "run", "triples/s", "block p50 us", "block p99 us",
                "visible");
        for (int requesters : new int[] {1, 10, 100}) {
            List<RequesterPolicy> rs = new ArrayList<>();
            for (int i = 0; i < requesters; i++) rs.add(all.get(i % all.size()));
            double speedup = compare(requesters + " requesters", stream, rs, options, figures);
            if (requesters == 10 && (double) figures.get("dynamic." + requesters + ".requesters.triplesPerSecond")
                    < TARGET_TRIPLES_PER_SECOND_10) ok = false;
            figures.put("speedup." + requesters, speedup);
        }
        double speedup = compare("seed policy", stream, List.of(seed), options, figures);
        figures.put("speedup.seedPolicy", speedup);
        System.out.printf("  dynamic/static on the seed policy: %.2fx (target %.0fx)%n", speedup, TARGET_SPEEDUP);
        if (speedup < TARGET_SPEEDUP) ok = false;
        System.out.println("  results: " + Results.write("stream-access", figures));
        return ok ? 0 : 1;
    }

    /** Warm-up, then measured passes of dynamic and static interleaved; prints medians; returns the speedup. */
    private static double compare(String name, List<ProcessTriple> stream, List<RequesterPolicy> rs,
                                  BenchOptions options, Map<String, Object> figures) {
        for (int i = 0; i < options.warmup(); i++) {
            measure(stream, rs, true);
            measure(stream, rs, false);
        }
        List<Pass> dyn = new ArrayList<>();
        List<Pass> sta = new ArrayList<>();
        for (int i = 0; i < options.runs(); i++) {
            dyn.add(measure(stream, rs, true));
            sta.add(measure(stream, rs, false));
        }
        Pass d = median(dyn);
        Pass s = median(sta);
        report("dynamic, " + name, d, figures);
        report("static,  " + name, s, figures);
        if (d.visible != s.visible) {
            throw new IllegalStateException(name + ": dynamic and static disagree (" + d.visible + " vs " + s.visible
                    + " visible triples)");
        }
        return d.triplesPerSecond / s.triplesPerSecond;
    }

    private record Pass(double triplesPerSecond, double p50, double p99, long visible) {
    }

    private static Pass median(List<Pass> passes) {
        List<Pass> sorted = new ArrayList<>(passes);
        sorted.sort((a, b) -> Double.compare(a.triplesPerSecond, b.triplesPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String name, Pass p, Map<String, Object> figures) {
        System.out.printf("  %-28s %,12.0f %12.1f %12.1f %,12d%n", name, p.triplesPerSecond, p.p50, p.p99, p.visible);
        String key = name.replaceAll("[ ,]+", ".");
        figures.put(key + ".triplesPerSecond", p.triplesPerSecond);
        figures.put(key + ".blockP50Micros", p.p50);
        figures.put(key + ".blockP99Micros", p.p99);
        figures.put(key + ".visible", p.visible);
    }

    /** One pass of the whole stream through fresh filters. */
    private static Pass measure(List<ProcessTriple> stream, List<RequesterPolicy> rs, boolean dynamic) {
        long[] visible = {0};
        Consumer<ProcessTriple> sink = t -> visible[0]++;
        List<Consumer<ProcessTriple>> filters = new ArrayList<>();
        List<Runnable> finishers = new ArrayList<>();
        for (RequesterPolicy r : rs) {
            if (dynamic) {
                DynamicFilter f = new DynamicFilter(r, sink);
                filters.add(f::accept);
                finishers.add(f::finish);
            } else {
                StaticFilter f = new StaticFilter(r, sink);
                filters.add(f::accept);
                finishers.add(f::finish);
            }
        }
        int blocks = (stream.size() + 9) / 10;
        long[] blockNanos = new long[blocks];
        long t0 = System.nanoTime();
        for (int b = 0; b < blocks; b++) {
            long s = System.nanoTime();
            int end = Math.min(stream.size(), b * 10 + 10);
            for (int i = b * 10; i < end; i++) {
                ProcessTriple t = stream.get(i);
                for (Consumer<ProcessTriple> f : filters) f.accept(t);
            }
            blockNanos[b] = System.nanoTime() - s;
        }
        finishers.forEach(Runnable::run);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(blockNanos);
        return new Pass(stream.size() / seconds, blockNanos[blocks / 2] / 1e3,
                blockNanos[(int) Math.min(blocks - 1, Math.floor(blocks * 0.99))] / 1e3, visible[0]);
    }

    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }
}
