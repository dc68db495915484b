package io.coalition.app;

import io.coalition.eventlog.simulation.SimulationResult;
import io.coalition.eventlog.stats.LogStatistics;
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

/**
 * {@code coalition demo}: the main job on embedded defaults. For now it simulates the healthcare scenario and
 * summarises each organization's log; the trusted mining issue turns it into a joint mining run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate the built-in healthcare scenario (hospital, clinic, laboratory, insurer) into a "
                + "folder and print each organization's log summary. Needs no setup."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "500", description = "cases to simulate (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for the logs (default: a new temporary folder)")
    Path out;

    @Override
    public Integer call() {
        if (cases < 1) throw new IllegalArgumentException("--cases must be at least 1, got " + cases);
        Path dir = out != null ? out : newTempDir();
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Coalition demo: simulating %,d cases of the healthcare scenario (seed %d)%n%n", cases, seed);
        SimulationResult result = SimulateCommand.simulate(SimulateCommand.loadScenario("healthcare"), seed, cases);
        Map<String, Path> files = SimulateCommand.writeAll(result, dir, "xes");
        for (Map.Entry<String, Path> e : files.entrySet()) {
            w.println("== " + e.getKey() + " ==");
            LogCommand.printTable(w, e.getValue().toString(), LogStatistics.of(result.log(e.getKey())), 5);
            w.println();
        }
        w.println("The logs share case ids: each organization sees only its own part of every case.");
        w.println("Inspect one with:  ./coalition log info " + files.values().iterator().next());
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
