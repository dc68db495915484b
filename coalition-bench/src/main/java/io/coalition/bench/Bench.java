package io.coalition.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of the benchmark jar: {@code java -jar coalition-bench/target/coalition-bench.jar NAME [options]}.
 *
 * <p>Every benchmark measures a baseline in the same run (so figures from different machines compare as ratios),
 * prints a table, and writes its figures as JSON under {@code coalition-bench/target/bench-results/}.
 */
public final class Bench {
    private static final Map<String, Benchmark> BENCHMARKS = new TreeMap<>(Map.of(
            "xes-import", new XesImportBench(),
            "discovery", new DiscoveryBench(),
            "trust", new TrustBench(),
            "notary", new NotaryBench(),
            "conformance", new ConformanceBench(),
            "planning", new PlanningBench(),
            "privacy", new PrivacyBench(),
            "trusted-mining", new TrustedMiningBench(),
            "stream-access", new StreamAccessBench(),
            "decisions", new DecisionsBench()));

    /** One named benchmark. Returns the process exit code: 0 when every target was met. */
    interface Benchmark {
        String description();

        int run(BenchOptions options) throws Exception;
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("list")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        Benchmark benchmark = BENCHMARKS.get(args[0]);
        if (benchmark == null) {
            System.err.println("coalition-bench: unknown benchmark '" + args[0] + "'; known: " + BENCHMARKS.keySet());
            System.exit(2);
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("coalition-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(benchmark.run(options));
    }

    private static void usage() {
        System.out.println("Usage: java -jar coalition-bench.jar BENCHMARK [--file PATH] [--warmup N] [--runs N]");
        System.out.println();
        System.out.println("Benchmarks:");
        BENCHMARKS.forEach((name, b) -> System.out.printf("  %-12s %s%n", name, b.description()));
        System.out.println();
        System.out.println("Data is read from $COALITION_DATA (default ../shared/data next to the checkout).");
        System.out.println("Exit code 0 when every target is met, 1 when one is missed, 2 on bad usage.");
    }
}
