package io.coalition.bench;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.UsagePolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 000's convergence/overhead study on CONFINE's splits: the Trusted Miner's run (attestation, sealed segment
 * transfer, merge, Heuristics Miner CONFINE preset + DFG) against the baseline of mining the merged log locally
 * (index, Heuristics Miner, DFG) in the same run. Target (issue 6): overhead under 1.5x. Segment size 100 KiB.
 * Peak heap is not measured yet.
 */
final class TrustedMiningBench implements Bench.Benchmark {
    @Override
    public String description() {
        return "trusted mining protocol (sim TEE) vs local mining of the merged log on CONFINE's splits";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        Path data = BenchOptions.dataRoot().resolve("interorg/confine");
        Map<String, Map<String, EventLog>> splits = new LinkedHashMap<>();
        for (int n : new int[]{128, 256, 512}) {
            Map<String, EventLog> logs = new LinkedHashMap<>();
            for (String org : List.of("hospital", "pharma", "specialised")) {
                logs.put(org, read(data.resolve("log_test_cases/" + n + "/" + org + "_" + n + ".xes")));
            }
            splits.put("3 orgs, " + n + " cases", logs);
        }
        Map<String, EventLog> eight = new LinkedHashMap<>();
        for (String org : List.of("hospital", "administration", "pharma", "lab", "infirmary", "intensive_care",
                "specialised", "test_center")) {
            eight.put(org, read(data.resolve("log_test_organizations/8/" + org + "_8.xes")));
        }
        splits.put("8 orgs, 1000 cases", eight);

        Set<Analysis> analyses = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG);
        Path notaries = Files.createTempDirectory("coalition-bench-notary-");
        boolean allMet = true;
        Map<String, Object> figures = new LinkedHashMap<>();
        System.out.printf("trusted-mining: %d warm-up and %d measured runs each%n%n", options.warmup(), options.runs());
        System.out.printf("%-22s %8s %12s %12s %9s %s%n", "split", "events", "local ms", "protocol ms", "overhead", "target <1.5x");
        int k = 0;
        for (Map.Entry<String, Map<String, EventLog>> e : splits.entrySet()) {
            EventLog merged = CaseMerger.merge(new ArrayList<>(e.getValue().values()));
            List<Double> local = new ArrayList<>();
            List<Double> protocol = new ArrayList<>();
            try (SimulatedDeployment d = SimulatedDeployment.start(e.getValue(), UsagePolicy.minimal(Set.of("bench")),
                    100 * 1024, notaries.resolve("run" + k++))) {
                for (int i = 0; i < options.warmup() + options.runs(); i++) {
                    long t0 = System.nanoTime();
                    IndexedLog indexed = Discovery.index(merged);
                    Object h = Discovery.heuristics(indexed, HeuristicsParameters.CONFINE);
                    Object g = Discovery.dfg(indexed);
                    long t1 = System.nanoTime();
                    MiningResult r = d.run(analyses, "bench");
                    long t2 = System.nanoTime();
                    if (h == null || g == null || r.dfg().isEmpty()) throw new IllegalStateException("no result");
                    if (i >= options.warmup()) {
                        local.add((t1 - t0) / 1e6);
                        protocol.add((t2 - t1) / 1e6);
                    }
                }
            }
            double l = Stats.median(local), p = Stats.median(protocol), ratio = p / l;
            boolean met = ratio < 1.5;
            allMet &= met;
            System.out.printf("%-22s %,8d %12.1f %12.1f %8.1fx %s%n", e.getKey(), merged.eventCount(), l, p, ratio,
                    met ? "met" : "MISSED");
            figures.put(e.getKey(), Map.of("events", merged.eventCount(), "localMedianMillis", l,
                    "protocolMedianMillis", p, "overhead", ratio));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "trusted-mining");
        json.put("segmentBytes", 100 * 1024);
        json.put("splits", figures);
        json.put("targetsMet", allMet);
        System.out.println("figures written to " + Results.write("trusted-mining", json));
        return allMet ? 0 : 1;
    }

    private static EventLog read(Path file) {
        return XesReader.read(file, ReadOptions.DEFAULT);
    }
}
