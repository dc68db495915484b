package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.simulation.SimulationResult;
import io.coalition.eventlog.stats.LogStatistics;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.UsagePolicy;
import io.coalition.trustedmining.ResultFiles;
import io.coalition.trustedmining.report.MiningReport;
import io.coalition.trustedmining.transport.LoopbackDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code coalition demo}: the main job on embedded defaults. It simulates the healthcare scenario, summarises
 * each organization's log, and mines the organizations' logs jointly through the trusted mining protocol
 * (seed 000) on the simulated TEE backend.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoDecisionsCommand.class,
        description = {"Simulate the built-in healthcare scenario (hospital, clinic, laboratory, insurer) into a "
                + "folder, print each organization's log summary, and mine them jointly through Log Providers and an "
                + "attested Trusted Miner (simulated enclave). Needs no setup."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "500", description = "cases to simulate (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for the logs (default: a new temporary folder)")
    Path out;

    /** Seed 000's scenario has three organizations: the care providers take part, the insurer's log is only written. */
    static final List<String> DEFAULT_ORGANIZATIONS = List.of("hospital", "clinic", "lab");

    @Option(names = "--organizations", paramLabel = "ORG", split = ",",
            description = "the organizations whose Log Providers mine jointly, in provider order; the first is the "
                    + "requester (default: hospital,clinic,lab, the three care organizations; the insurer's log is "
                    + "written but not mined unless listed)")
    List<String> organizations = DEFAULT_ORGANIZATIONS;

    @Override
    public Integer call() {
        if (cases < 1) throw new IllegalArgumentException("--cases must be at least 1, got " + cases);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Coalition demo: simulating %,d cases of the healthcare scenario (seed %d)%n%n", cases, seed);
        SimulationResult result = SimulateCommand.simulate(SimulateCommand.loadScenario("healthcare"), seed, cases);
        Map<String, EventLog> mining = new LinkedHashMap<>();
        for (String org : organizations) {
            EventLog log = result.logs().get(org);
            if (log == null) {
                throw new IllegalArgumentException("--organizations: unknown organization '" + org
                        + "' (the healthcare scenario has " + String.join(", ", result.logs().keySet()) + ")");
            }
            if (mining.put(org, log) != null) {
                throw new IllegalArgumentException("--organizations: " + org + " is listed twice");
            }
        }
        Path dir = out != null ? out : newTempDir();
        Map<String, Path> files = SimulateCommand.writeAll(result, dir, "xes");
        for (Map.Entry<String, Path> e : files.entrySet()) {
            w.println("== " + e.getKey() + " ==");
            LogCommand.printTable(w, e.getValue().toString(), LogStatistics.of(result.log(e.getKey())), 5);
            w.println();
        }
        w.println("The logs share case ids: each organization sees only its own part of every case.");
        w.println("Inspect one with:  ./coalition log info " + files.values().iterator().next());
        w.println();
        // Seed 000: the same logs mined jointly by an attested Trusted Miner; no organization sees another's events.
        String requester = organizations.get(0);
        w.println("== trusted mining over HTTPS (one Log Provider per organization on loopback, Trusted Miner in a "
                + "SIMULATED enclave: sim TEE backend, not hardware) ==");
        Path mined = dir.resolve("trusted-mining");
        Set<Analysis> analyses = EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.DECLARE);
        UsagePolicy policy = UsagePolicy.minimal(Set.of(requester)).withAnalyses(analyses);
        List<String> left = result.logs().keySet().stream().filter(o -> !mining.containsKey(o)).toList();
        if (!left.isEmpty()) {
            w.println("  (not taking part: " + String.join(", ", left) + "; add with --organizations)");
        }
        try (LoopbackDeployment d = LoopbackDeployment.builder(mining, policy, mined.resolve("notary"))
                .requester(requester).start()) {
            List<MiningReport.Endpoint> endpoints = new ArrayList<>();
            int i = 0;
            for (String org : mining.keySet()) {
                endpoints.add(new MiningReport.Endpoint(org, d.urls().get(i).toString(), d.pins().get(i)));
                w.printf("  provider %-12s %s%n", org, d.urls().get(i++));
            }
            MiningResult r = d.run(analyses);
            MinerCommand.print(w, r, ResultFiles.write(r, mined, endpoints), mined);
        }
        w.println("Open " + mined.resolve("report.html") + " for the process map, contributions, attestation and receipts.");
        return 0;
    }

    private static Path newTempDir() {
        try {
            return Files.createTempDirectory("coalition-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }
}
