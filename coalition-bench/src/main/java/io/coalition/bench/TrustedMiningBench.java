package io.coalition.bench;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.eventlog.xes.XesWriter;
import io.coalition.mining.Discovery;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.UsagePolicy;
import io.coalition.trustedmining.transport.LoopbackDeployment;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Seed 000's convergence/overhead study. The Trusted Miner's run (sim TEE attestation, sealed and notarized
 * segment transfer, merge, Heuristics Miner with CONFINE's preset: CONFINE's own analysis) next to local mining
 * of the merged log in the same run, against two baselines: (a) mining the merged log held in memory (index +
 * Heuristics Miner), (b) what a user does locally without Coalition: reading the merged log's XES file and mining it:
 * <ol>
 *   <li>1, 2, 4, 8 organizations x 128 .. 8192 cases (CONFINE's 8-organization split; its first k
 *       organizations; more than its 1,000 cases by repeating them under new case ids), 100 KiB segments in
 *       1 MiB batches (the defaults): median wall and CPU time and peak heap of both, overhead ratio (target:
 *       under 1.5x);</li>
 *   <li>peak heap against segment size, 100 KiB .. 8 MiB, one segment per batch (as CONFINE fetches), on 8
 *       organizations x 8192 cases and CONFINE's
 *       1,000-case log; and CONFINE's Sepsis and BPIC 2013 splits at 100 KiB (CONFINE: about 10, 7.4 and 9.4 MB).</li>
 * </ol>
 * Peak heap = the largest live heap (forcing a full GC every 5 ms while the job repeats for at least 300 ms, and
 * reading the heap as each GC left it) above the heap holding only the organizations' own logs. For local mining that includes the merged
 * log it mines; for the protocol it includes the providers' working memory (in a real deployment on other
 * machines), so it is an upper bound of the miner's.
 */
final class TrustedMiningBench implements Bench.Benchmark {
    private static final List<String> EIGHT = List.of("hospital", "administration", "pharma", "lab", "infirmary",
            "intensive_care", "specialised", "test_center");
    private static final Set<Analysis> ANALYSES = EnumSet.of(Analysis.HEURISTICS);
    private static final int KIB = 1024;

    @Override
    public String description() {
        return "trusted mining protocol (sim TEE) vs local mining: overhead and peak heap over organizations, cases and segment size";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        Path data = BenchOptions.dataRoot().resolve("interorg/confine");
        Map<String, EventLog> eight = new LinkedHashMap<>();
        for (String org : EIGHT) eight.put(org, read(data.resolve("log_test_organizations/8/" + org + "_8.xes")));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "trusted-mining");
        // where the providers' notary logs (fsync'd per batch) live: -Dcoalition.bench.notaryDir=/dev/shm shows the
        // protocol without the disk's fsync latency
        String notaryParent = System.getProperty("coalition.bench.notaryDir");
        Path notaries = notaryParent == null ? Files.createTempDirectory("coalition-bench-notary-")
                : Files.createTempDirectory(Path.of(notaryParent), "coalition-bench-notary-");
        json.put("notaryDir", notaries.getParent().toString());
        if (Boolean.getBoolean("coalition.bench.fixedCostOnly")) {
            // -Dcoalition.bench.fixedCostOnly=true: only the per-run cost on small logs (about a minute)
            json.put("fixedCost", fixedCost(eight, notaries.resolve("fixed")));
            System.out.println("figures written to " + Results.write("trusted-mining-fixed-cost", json));
            return 0;
        }
        if (Boolean.getBoolean("coalition.bench.analysisHeapOnly")) {
            // -Dcoalition.bench.analysisHeapOnly=true: only the miner's peak heap per analysis (issue 6)
            json.put("heapByAnalysis", heapByAnalysis(eight, data, notaries.resolve("analysis")));
            System.out.println("figures written to " + Results.write("trusted-mining-analysis-heap", json));
            return 0;
        }
        boolean allMet = true;
        boolean allMetXes = true;
        json.put("analyses", "heuristics (CONFINE preset)");
        // -Dcoalition.bench.heapOnly=true: only the peak-heap sections (segment size, cases), no timed grid
        boolean heapOnly = Boolean.getBoolean("coalition.bench.heapOnly");

        System.out.printf("trusted-mining: %d warm-up and %d measured runs each, 100 KiB segments, notary logs in %s%n%n",
                options.warmup(), options.runs(), notaries.getParent());
        System.out.printf("(a) = mining the merged log in memory (index + Heuristics Miner); (b) = what a user does locally"
                + " without Coalition: read the merged log's XES file, index, Heuristics Miner%n");
        System.out.printf("network = the same protocol over HTTPS providers on loopback (TLS 1.3, one JVM)%n");
        System.out.printf("%5s %6s %8s | %8s %8s %9s %8s | %8s %8s %8s | %8s %8s %9s %8s | %8s %8s %8s | %s%n", "orgs", "cases", "events",
                "(a) ms", "(b) ms", "proto ms", "net ms", "ovh (a)", "ovh (b)", "net/(b)", "(a) cpu", "(b) cpu", "proto cpu", "net cpu",
                "local MB", "proto MB", "miner MB", "<1.5x (a) / (b)");
        List<Map<String, Object>> grid = new ArrayList<>();
        int k = 0;
        // -Dcoalition.bench.orgs=1,8 and -Dcoalition.bench.cases=128 select rows of the grid (issue 6: the small rows)
        for (int orgs : heapOnly ? new int[0] : ints("coalition.bench.orgs", 1, 2, 4, 8)) {
            for (int cases : ints("coalition.bench.cases", 128, 512, 2048, 8192)) {
                Map<String, EventLog> logs = scaled(eight, orgs, cases);
                Row r = measure(logs, 100 * KIB, 1024 * KIB, notaries.resolve("grid" + k++), options, true);
                boolean met = r.protocolMillis / r.localMillis < 1.5;
                boolean metXes = r.protocolMillis / r.xesMillis < 1.5;
                allMet &= met;
                allMetXes &= metXes;
                System.out.printf("%5d %6d %,8d | %8.1f %8.1f %9.1f %8.1f | %7.1fx %7.2fx %7.2fx | %8.0f %8.0f %9.0f %8.0f | %8.1f %8.1f %8.1f | %s / %s%n",
                        orgs, cases, r.events, r.localMillis, r.xesMillis, r.protocolMillis, r.networkMillis,
                        r.protocolMillis / r.localMillis, r.protocolMillis / r.xesMillis, r.networkMillis / r.xesMillis,
                        r.localCpuMillis, r.xesCpuMillis, r.protocolCpuMillis, r.networkCpuMillis, mb(r.localPeak),
                        mb(r.protocolPeak), mb(r.minerPeak), met ? "met" : "MISSED", metXes ? "met" : "MISSED");
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("organizations", orgs);
                row.put("cases", cases);
                row.put("events", r.events);
                row.put("localMedianMillis", r.localMillis);
                row.put("protocolMedianMillis", r.protocolMillis);
                row.put("overhead", r.protocolMillis / r.localMillis);
                row.put("xesMedianMillis", r.xesMillis);
                row.put("overheadVsXes", r.protocolMillis / r.xesMillis);
                row.put("xesMedianCpuMillis", r.xesCpuMillis);
                row.put("localMedianCpuMillis", r.localCpuMillis);
                row.put("protocolMedianCpuMillis", r.protocolCpuMillis);
                row.put("localPeakHeapBytes", r.localPeak);
                row.put("protocolPeakHeapBytes", r.protocolPeak);
                row.put("minerPeakHeapBytes", r.minerPeak);
                row.put("networkMedianMillis", r.networkMillis);
                row.put("networkMedianCpuMillis", r.networkCpuMillis);
                row.put("networkOverheadVsXes", r.networkMillis / r.xesMillis);
                grid.add(row);
            }
        }
        json.put("grid", grid);
        if (!heapOnly) json.put("fixedCost", fixedCost(eight, notaries.resolve("fixed")));
        if (Boolean.getBoolean("coalition.bench.gridOnly")) {
            System.out.println("figures written to " + Results.write("trusted-mining-grid", json));
            return allMet ? 0 : 1;
        }

        System.out.printf("%npeak heap (MB) against segment size, one segment per batch (as CONFINE)%n%-26s %8s %10s %10s %10s%n",
                "log", "segment", "local MB", "proto MB", "miner MB");
        Map<String, Map<String, EventLog>> heapLogs = new LinkedHashMap<>();
        heapLogs.put("8 orgs, 8192 cases", scaled(eight, 8, 8192));
        heapLogs.put("8 orgs, 1000 cases (CONFINE)", eight);
        List<Map<String, Object>> heap = new ArrayList<>();
        for (Map.Entry<String, Map<String, EventLog>> e : heapLogs.entrySet()) {
            for (int seg : new int[]{100 * KIB, 400 * KIB, 1600 * KIB, 8192 * KIB}) {
                Row r = measure(e.getValue(), seg, seg, notaries.resolve("heap" + k++), options, false);
                System.out.printf("%-26s %6d KiB %10.1f %10.1f %10.1f%n", e.getKey(), seg / KIB, mb(r.localPeak), mb(r.protocolPeak),
                        mb(r.minerPeak));
                heap.add(Map.of("log", e.getKey(), "segmentBytes", seg, "events", r.events, "localPeakHeapBytes", r.localPeak,
                        "protocolPeakHeapBytes", r.protocolPeak, "minerPeakHeapBytes", r.minerPeak));
            }
        }
        Map<String, Map<String, EventLog>> confine = new LinkedHashMap<>();
        confine.put("Sepsis IC/NC", logs(data.resolve("sepsis_split_IC_NC_incomplete"), "Admission_IC", "Admission_NC"));
        confine.put("BPIC 2013 support lines", logs(data.resolve("bpic13_split_by_support_line"), "1st", "2nd", "3rd"));
        for (Map.Entry<String, Map<String, EventLog>> e : confine.entrySet()) {
            Row r = measure(e.getValue(), 100 * KIB, 100 * KIB, notaries.resolve("heap" + k++), options, false);
            System.out.printf("%-26s %6d KiB %10.1f %10.1f %10.1f%n", e.getKey(), 100, mb(r.localPeak), mb(r.protocolPeak),
                    mb(r.minerPeak));
            heap.add(Map.of("log", e.getKey(), "segmentBytes", 100 * KIB, "events", r.events, "localPeakHeapBytes", r.localPeak,
                    "protocolPeakHeapBytes", r.protocolPeak, "minerPeakHeapBytes", r.minerPeak));
        }
        json.put("heapBySegmentSize", heap);

        // flat as the log grows: the same organizations, more cases, 100 KiB segments one per batch
        System.out.printf("%npeak heap (MB) against cases, 8 organizations, 100 KiB segments one per batch%n%8s %9s %10s %10s %10s %12s%n",
                "cases", "events", "local MB", "proto MB", "miner MB", "miner B/case");
        List<Map<String, Object>> byCases = new ArrayList<>();
        for (int cases : new int[]{1000, 2048, 8192, 32768}) {
            Row r = measure(scaled(eight, 8, cases), 100 * KIB, 100 * KIB, notaries.resolve("cases" + k++), options, false);
            System.out.printf("%8d %,9d %10.1f %10.1f %10.1f %12.0f%n", cases, r.events, mb(r.localPeak), mb(r.protocolPeak),
                    mb(r.minerPeak), (double) r.minerPeak / cases);
            byCases.add(Map.of("organizations", 8, "cases", cases, "events", r.events, "localPeakHeapBytes", r.localPeak,
                    "protocolPeakHeapBytes", r.protocolPeak, "minerPeakHeapBytes", r.minerPeak));
        }
        json.put("heapByCases", byCases);
        json.put("heapByAnalysis", heapByAnalysis(eight, data, notaries.resolve("analysis")));
        json.put("overheadTargetMet", allMet);
        json.put("overheadTargetMetVsXes", allMetXes);
        System.out.println("figures written to " + Results.write(heapOnly ? "trusted-mining-heap" : "trusted-mining", json));
        return allMet ? 0 : 1;
    }

    /**
     * The protocol's per-run cost on small logs, where the grid's 10 ms CPU resolution cannot show it: the protocol
     * job alone, {@value #FIXED_RUNS} times after {@value #FIXED_WARMUP} warm-ups, process CPU and wall time per run.
     */
    private static List<Map<String, Object>> fixedCost(Map<String, EventLog> eight, Path notaryDir) throws Exception {
        // -Dcoalition.bench.fixedWarmup=N / fixedRuns=N: more runs for a profiler (JFR) to sample a warm JVM
        int warmup = Integer.getInteger("coalition.bench.fixedWarmup", FIXED_WARMUP);
        int runs = Integer.getInteger("coalition.bench.fixedRuns", FIXED_RUNS);
        // issue 6: baseline (b) in the same loop, in alternating blocks of BLOCK runs, so both see the same load;
        // the process CPU clock ticks in 10 ms, so it is read per block, not per run
        System.out.printf("%nfixed per-run cost: the protocol job and (b) %d times each after %d warm-ups, in alternating blocks"
                + " of %d, per run%n%5s %6s %10s %10s %10s %10s %9s%n", runs, warmup, BLOCK, "orgs", "cases", "CPU ms", "wall ms",
                "(b) CPU", "(b) wall", "wall/(b)");
        List<Map<String, Object>> rows = new ArrayList<>();
        int k = 0;
        for (int orgs : ints("coalition.bench.orgs", 1, 8)) {
            for (int cases : ints("coalition.bench.cases", 128, 512)) {
                Map<String, EventLog> logs = scaled(eight, orgs, cases);
                Path xesFile = Files.createTempFile("coalition-bench-merged-", ".xes");
                XesWriter.write(CaseMerger.merge(new ArrayList<>(logs.values())), xesFile);
                Runnable xesJob = () -> Discovery.heuristics(Discovery.index(XesReader.read(xesFile, ReadOptions.DEFAULT)),
                        HeuristicsParameters.CONFINE);
                try (SimulatedDeployment d = SimulatedDeployment.start(logs, UsagePolicy.minimal(Set.of("bench")),
                        100 * KIB, 1024 * KIB, Files.createDirectories(notaryDir.resolve("f" + k++)))) {
                    Runnable protocolJob = () -> d.run(ANALYSES, "bench");
                    for (int i = 0; i < warmup; i++) {
                        protocolJob.run();
                        xesJob.run();
                    }
                    long[] protocol = new long[2];
                    long[] xes = new long[2];
                    for (int done = 0; done < runs; done += BLOCK) {
                        int n = Math.min(BLOCK, runs - done);
                        block(protocolJob, n, protocol);
                        block(xesJob, n, xes);
                    }
                    double cpu = protocol[0] / 1e6 / runs;
                    double wall = protocol[1] / 1e6 / runs;
                    double xesCpu = xes[0] / 1e6 / runs;
                    double xesWall = xes[1] / 1e6 / runs;
                    System.out.printf("%5d %6d %10.1f %10.1f %10.1f %10.1f %8.2fx%n", orgs, cases, cpu, wall, xesCpu, xesWall,
                            wall / xesWall);
                    rows.add(Map.of("organizations", orgs, "cases", cases, "cpuMillisPerRun", cpu, "wallMillisPerRun", wall,
                            "xesCpuMillisPerRun", xesCpu, "xesWallMillisPerRun", xesWall));
                } finally {
                    Files.delete(xesFile);
                }
            }
        }
        return rows;
    }

    private static final int BLOCK = 20;

    /** Runs {@code job} {@code n} times; adds the process CPU and wall nanoseconds to {@code sums[0]} and {@code sums[1]}. */
    private static void block(Runnable job, int n, long[] sums) {
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) job.run();
        sums[1] += System.nanoTime() - t0;
        sums[0] += cpuNanos() - c0;
    }

    /** The comma-separated integers of system property {@code name}, or {@code defaults}. */
    private static int[] ints(String name, int... defaults) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) return defaults;
        try {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + v + ": expected comma-separated integers (e.g. 1,8)", e);
        }
    }

    private static final int FIXED_WARMUP = 20;
    private static final int FIXED_RUNS = 100;

    private record Row(long events, double localMillis, double xesMillis, double protocolMillis, double localCpuMillis,
                       double xesCpuMillis, double protocolCpuMillis, long localPeak, long protocolPeak, long minerPeak,
                       double networkMillis, double networkCpuMillis) {
    }

    /** CPU time of the whole process (all threads, GC and JIT included): unlike wall time, not inflated by a busy machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Times (if asked) and peak heaps of local mining and of the protocol on {@code logs}. */
    private static Row measure(Map<String, EventLog> logs, int segmentBytes, int batchBytes, Path notaryDir,
                               BenchOptions options, boolean timed) throws Exception {
        long base = liveHeap();
        double local = Double.NaN;
        double xes = Double.NaN;
        double xesCpu = Double.NaN;
        double protocol = Double.NaN;
        double localCpu = Double.NaN;
        double protocolCpu = Double.NaN;
        double network = Double.NaN;
        double networkCpu = Double.NaN;
        long events;
        long localPeak;
        long protocolPeak;
        long minerPeak;
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, UsagePolicy.minimal(Set.of("bench")), segmentBytes,
                batchBytes, notaryDir)) {
            // the network path: the same logs behind HTTPS providers on loopback (only for the timed grid; closed
            // before the heap is measured)
            LoopbackDeployment[] net = {timed ? LoopbackDeployment.builder(logs, UsagePolicy.minimal(Set.of("bench")),
                    Files.createDirectories(notaryDir.resolveSibling(notaryDir.getFileName() + "-net"))).segmentBytes(segmentBytes)
                    .start() : null};
            EventLog[] merged = {CaseMerger.merge(new ArrayList<>(logs.values()))};
            events = merged[0].eventCount();
            Supplier<Object> localJob = () -> {
                IndexedLog indexed = Discovery.index(merged[0]);
                return Discovery.heuristics(indexed, HeuristicsParameters.CONFINE);
            };
            // baseline (b): the merged log as the XES file a user would mine locally without Coalition
            Path xesFile = timed ? Files.createTempFile("coalition-bench-merged-", ".xes") : null;
            if (timed) XesWriter.write(merged[0], xesFile);
            Supplier<Object> xesJob = () -> {
                IndexedLog indexed = Discovery.index(XesReader.read(xesFile, ReadOptions.DEFAULT));
                return Discovery.heuristics(indexed, HeuristicsParameters.CONFINE);
            };
            Supplier<Object> protocolJob = () -> {
                MiningResult r = d.run(ANALYSES, "bench");
                if (r.heuristics().isEmpty() || r.events() != events) throw new IllegalStateException("protocol result incomplete");
                return r;
            };
            Supplier<Object> networkJob = () -> {
                MiningResult r = net[0].run(ANALYSES);
                if (r.heuristics().isEmpty() || r.events() != events) throw new IllegalStateException("network result incomplete");
                return r;
            };
            if (timed) {
                List<Double> l = new ArrayList<>();
                List<Double> p = new ArrayList<>();
                List<Double> lc = new ArrayList<>();
                List<Double> pc = new ArrayList<>();
                List<Double> x = new ArrayList<>();
                List<Double> xc = new ArrayList<>();
                List<Double> nw = new ArrayList<>();
                List<Double> nc = new ArrayList<>();
                for (int i = 0; i < options.warmup() + options.runs(); i++) {
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    Object h = localJob.get();
                    long t1 = System.nanoTime();
                    long c1 = cpuNanos();
                    Object r = protocolJob.get();
                    long t2 = System.nanoTime();
                    long c2 = cpuNanos();
                    Object hx = xesJob.get();
                    long t3 = System.nanoTime();
                    long c3 = cpuNanos();
                    Object rn = networkJob.get();
                    long t4 = System.nanoTime();
                    long c4 = cpuNanos();
                    if (h == null || r == null || hx == null || rn == null) throw new IllegalStateException("no result");
                    if (i >= options.warmup()) {
                        l.add((t1 - t0) / 1e6);
                        p.add((t2 - t1) / 1e6);
                        x.add((t3 - t2) / 1e6);
                        lc.add((c1 - c0) / 1e6);
                        pc.add((c2 - c1) / 1e6);
                        xc.add((c3 - c2) / 1e6);
                        nw.add((t4 - t3) / 1e6);
                        nc.add((c4 - c3) / 1e6);
                    }
                }
                Files.delete(xesFile);
                xes = Stats.median(x);
                xesCpu = Stats.median(xc);
                local = Stats.median(l);
                protocol = Stats.median(p);
                localCpu = Stats.median(lc);
                protocolCpu = Stats.median(pc);
                network = Stats.median(nw);
                networkCpu = Stats.median(nc);
                net[0].close();
                net[0] = null; // unreachable before the heap is measured
            }
            localPeak = peakHeap(localJob) - base;
            merged[0] = null; // the protocol's miner never holds the merged log
            // the heap with the providers started (their index and segment plan): what the miner's run adds is above it
            long withProviders = liveHeap();
            long peak = peakHeap(protocolJob);
            protocolPeak = peak - base;
            minerPeak = peak - withProviders;
        }
        return new Row(events, local, xes, protocol, localCpu, xesCpu, protocolCpu, localPeak, protocolPeak, minerPeak, network,
                networkCpu);
    }

    /**
     * Issue 6: the miner's peak heap for each analysis alone, at 8,192 and 32,768 cases (8 organizations, 100 KiB
     * segments one per batch): every analysis is incremental, so it should stay flat like the Heuristics Miner's,
     * except Declare conformance, whose output has one result per case.
     */
    private static List<Map<String, Object>> heapByAnalysis(Map<String, EventLog> eight, Path data, Path notaryDir)
            throws Exception {
        DeclareModel model = Declare.read(data.resolve("declare-models/declareModelMotivating.json"));
        System.out.printf("%nminer peak heap (MB) per analysis, 8 organizations, 100 KiB segments one per batch%n%-20s %8s %9s %10s %12s%n",
                "analysis", "cases", "events", "miner MB", "miner B/case");
        List<Map<String, Object>> rows = new ArrayList<>();
        int k = 0;
        for (Analysis a : Analysis.values()) {
            for (int cases : ints("coalition.bench.analysisCases", 8192, 32768)) {
                Map<String, EventLog> logs = scaled(eight, 8, cases);
                try (SimulatedDeployment d = SimulatedDeployment.start(logs, UsagePolicy.minimal(Set.of("bench")),
                        100 * KIB, 100 * KIB, Files.createDirectories(notaryDir.resolve("a" + k++)))) {
                    long withProviders = liveHeap();
                    long[] events = new long[1];
                    long peak = peakHeap(() -> {
                        MiningResult r = d.run(EnumSet.of(a), "bench", Optional.of(model));
                        events[0] = r.events();
                        return r;
                    });
                    long miner = peak - withProviders;
                    System.out.printf("%-20s %8d %,9d %10.1f %12.0f%n", a.name().toLowerCase(java.util.Locale.ROOT), cases,
                            events[0], mb(miner), (double) miner / cases);
                    rows.add(Map.of("analysis", a.name(), "organizations", 8, "cases", cases, "events", events[0],
                            "minerPeakHeapBytes", miner));
                }
            }
        }
        return rows;
    }

    /** The largest live heap seen while {@code job} repeats for at least 300 ms (and twice). */
    private static long peakHeap(Supplier<Object> job) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong(liveHeap());
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "coalition-bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long until = System.nanoTime() + 300_000_000L;
        int runs = 0;
        Object keep = null;
        while (runs < 2 || System.nanoTime() < until) {
            keep = job.get();
            runs++;
        }
        running.set(false);
        sampler.join();
        if (keep == null) throw new IllegalStateException("no result");
        return peak.get();
    }

    /**
     * Live heap: forces a full GC and reads the heap pools' usage as that GC left them (its GcInfo), so nothing
     * allocated by other threads after the collection is counted.
     */
    private static long liveHeap() {
        System.gc();
        com.sun.management.GcInfo last = null;
        for (java.lang.management.GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (b instanceof com.sun.management.GarbageCollectorMXBean g) {
                com.sun.management.GcInfo info = g.getLastGcInfo();
                if (info != null && (last == null || info.getEndTime() > last.getEndTime())) last = info;
            }
        }
        if (last == null) return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != java.lang.management.MemoryType.HEAP) continue;
            java.lang.management.MemoryUsage u = last.getMemoryUsageAfterGc().get(pool.getName());
            if (u != null) used += u.getUsed();
        }
        return used;
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    /** The first {@code orgs} organizations with {@code cases} cases each: CONFINE's cases in order, repeated under new ids. */
    private static Map<String, EventLog> scaled(Map<String, EventLog> eight, int orgs, int cases) {
        Map<String, EventLog> out = new LinkedHashMap<>();
        for (Map.Entry<String, EventLog> e : eight.entrySet()) {
            if (out.size() == orgs) break;
            List<Trace> traces = e.getValue().traces();
            EventLog.Builder b = EventLog.builder();
            for (int i = 0; i < cases; i++) {
                Trace t = traces.get(i % traces.size());
                int copy = i / traces.size();
                b.trace(copy == 0 ? t : Trace.of(t.caseId() + "#" + copy, t.events()));
            }
            out.put(e.getKey(), b.build());
        }
        return out;
    }

    private static Map<String, EventLog> logs(Path dir, String... names) {
        Map<String, EventLog> m = new LinkedHashMap<>();
        for (String n : names) m.put(n, read(dir.resolve(n + ".xes")));
        return m;
    }

    private static EventLog read(Path file) {
        return XesReader.read(file, ReadOptions.DEFAULT);
    }
}
