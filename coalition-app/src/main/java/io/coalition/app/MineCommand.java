package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.mining.Discovery;
import io.coalition.mining.Graphviz;
import io.coalition.mining.bpmn.BpmnExport;
import io.coalition.mining.dfg.Dfg;
import io.coalition.mining.dfg.DfgDot;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Dot;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.Pnml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code coalition mine ...}: process discovery. */
@Command(name = "mine", description = "Discover process models from event logs.", mixinStandardHelpOptions = true,
        subcommands = {MineCommand.Discover.class})
final class MineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Algorithm { DFG, ALPHA, HEURISTICS }

    enum Preset { PM4PY, CONFINE }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = {"Discover a model from LOG and write it to the -o file, in the format its extension names: "
                    + ".pnml (Petri net, PNML 2009), .bpmn (BPMN 2.0 with diagram), .dot (Graphviz) or .svg (needs Graphviz's dot).",
                    "dfg: directly-follows graph with frequencies and mean durations (.dot or .svg); "
                            + "alpha: classic Alpha miner; heuristics: Heuristics Miner (presets pm4py or confine)."})
    static final class Discover implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "LOG", description = "the event log (.xes, .xes.gz, .csv, .jsonocel, .xmlocel)")
        Path log;

        @Option(names = {"-a", "--algorithm"}, paramLabel = "NAME", defaultValue = "heuristics",
                description = "dfg, alpha or heuristics (default: ${DEFAULT-VALUE})")
        Algorithm algorithm;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "where to write the model: .pnml, .bpmn, .dot or .svg")
        Path output;

        @Option(names = "--preset", paramLabel = "NAME", defaultValue = "pm4py",
                description = "heuristics: parameter preset, pm4py (dependency 0.5, AND 0.65) or confine "
                        + "(dependency 0.3, 10 observations, AND 0.1) (default: ${DEFAULT-VALUE})")
        Preset preset;

        @Option(names = "--dependency", paramLabel = "X", description = "heuristics: dependency threshold (overrides the preset)")
        Double dependency;

        @Option(names = "--min-activity-frequency", paramLabel = "FRACTION", defaultValue = "0",
                description = "dfg: keep the activities at least this fraction as frequent as the most frequent "
                        + "one, 0 to 1 (default: ${DEFAULT-VALUE}, all)")
        double activityFraction;

        @Option(names = "--min-path-frequency", paramLabel = "FRACTION", defaultValue = "0",
                description = "dfg: keep the edges at least this fraction as frequent as the most frequent one, "
                        + "0 to 1 (default: ${DEFAULT-VALUE}, all)")
        double pathFraction;

        @Mixin
        ReadMixin read;

        @Override
        public Integer call() {
            String format = extension(output);
            requireFraction("--min-activity-frequency", activityFraction);
            requireFraction("--min-path-frequency", pathFraction);
            EventLog eventLog = read.log(log);
            IndexedLog indexed = Discovery.index(eventLog);
            PrintWriter out = spec.commandLine().getOut();
            if (algorithm == Algorithm.DFG) {
                if (!format.equals("dot") && !format.equals("svg")) throw unsupported(format, ".dot or .svg");
                Dfg dfg = Discovery.dfg(indexed).filterActivities(activityFraction).filterPaths(pathFraction);
                String dot = DfgDot.of(dfg);
                writeText(output, format.equals("svg") ? Graphviz.toSvg(dot) : dot);
                out.printf("directly-follows graph: %d activities, %d edges -> %s%n", dfg.activities().size(),
                        dfg.edges().size(), output);
                return 0;
            }
            AcceptingPetriNet net = algorithm == Algorithm.ALPHA ? Discovery.alpha(indexed)
                    : Discovery.heuristics(indexed, parameters());
            switch (format) {
                case "pnml" -> Pnml.write(net, output);
                case "dot" -> writeText(output, Dot.of(net));
                case "bpmn" -> BpmnExport.write(net, output);
                case "svg" -> writeText(output, Graphviz.toSvg(Dot.of(net)));
                default -> throw unsupported(format, ".pnml, .bpmn, .dot or .svg");
            }
            PetriNet n = net.net();
            long invisible = n.transitions().stream().filter(PetriNet.Transition::isInvisible).count();
            out.printf("%s: Petri net with %d places, %d transitions (%d invisible), %d arcs -> %s%n",
                    algorithm.name().toLowerCase(Locale.ROOT), n.places().size(), n.transitions().size(), invisible,
                    n.arcs().size(), output);
            return 0;
        }

        private static void requireFraction(String option, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(option + " must be between 0 and 1, got " + value);
            }
        }

        private HeuristicsParameters parameters() {
            HeuristicsParameters p = preset == Preset.CONFINE ? HeuristicsParameters.CONFINE : HeuristicsParameters.PM4PY;
            return dependency == null ? p : p.withDependencyThreshold(dependency);
        }

        private EventLogException unsupported(String format, String expected) {
            return new EventLogException(Location.of(output.toString()), "cannot write " + algorithm.name()
                    .toLowerCase(Locale.ROOT) + " output as ." + format + ": expected " + expected);
        }
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static void writeText(Path file, String text) {
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
