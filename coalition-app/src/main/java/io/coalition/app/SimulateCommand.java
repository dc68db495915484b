package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.simulation.Scenario;
import io.coalition.eventlog.simulation.SimulationResult;
import io.coalition.eventlog.simulation.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code coalition simulate}: one event log per organization of an inter-organizational process. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate an inter-organizational process and write one event log per organization, "
                + "with shared case ids, realistic timestamps and resources.",
                "The same scenario, --cases and --seed always give the same logs."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "healthcare",
            description = "a built-in scenario (${COMPLETION-CANDIDATES}) or a scenario JSON file (default: ${DEFAULT-VALUE})",
            completionCandidates = BuiltInScenarios.class)
    String scenario;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "1000", description = "cases to simulate (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder for the logs (created if missing)")
    Path out;

    @Option(names = "--format", paramLabel = "EXT", defaultValue = "xes",
            description = "file format of the logs: xes, xes.gz or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        if (cases < 1) throw new IllegalArgumentException("--cases must be at least 1, got " + cases);
        if (!format.equals("xes") && !format.equals("xes.gz") && !format.equals("csv")) {
            throw new IllegalArgumentException("--format must be xes, xes.gz or csv, got '" + format + "'");
        }
        SimulationResult result = simulate(loadScenario(scenario), seed, cases);
        Map<String, Path> files = writeAll(result, out, format);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("simulated %,d cases of scenario '%s' (seed %d)%n", cases, scenario, seed);
        files.forEach((org, file) -> {
            EventLog log = result.log(org);
            w.printf("  %-10s %,7d cases %,9d events  %s%n", org, log.traces().size(), log.eventCount(), file);
        });
        return 0;
    }

    static Scenario loadScenario(String nameOrFile) {
        if (Scenario.builtInNames().contains(nameOrFile)) return Scenario.builtIn(nameOrFile);
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--scenario: '" + nameOrFile + "' is neither a built-in scenario "
                    + Scenario.builtInNames() + " nor a file");
        }
        return Scenario.load(file);
    }

    static SimulationResult simulate(Scenario scenario, long seed, int cases) {
        return new Simulator(scenario, seed).run(cases);
    }

    /** Writes each organization's log to {@code dir/ORG.EXT}; returns the files by organization. */
    static Map<String, Path> writeAll(SimulationResult result, Path dir, String extension) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (String org : result.organizations()) {
            Path file = dir.resolve(org + "." + extension).toAbsolutePath().normalize();
            LogFiles.write(result.log(org), file);
            files.put(org, file);
        }
        return files;
    }

    static final class BuiltInScenarios implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Scenario.builtInNames().iterator();
        }
    }
}
