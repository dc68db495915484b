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
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Dot;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.Pnml;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code coalition mine ...}: process discovery. */
@Command(name = "mine", description = "Discover process models from event logs and check logs against models.",
        mixinStandardHelpOptions = true, subcommands = {MineCommand.Discover.class, MineConformCommand.class})
final class MineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Algorithm { DFG, ALPHA, HEURISTICS, INDUCTIVE }

    enum Preset { PM4PY, CONFINE }

    /** {@code im-clean}, {@code im-clean-late}, {@code pm4py-2.2}, {@code pm4py-2.7}, {@code pm4py-imdf} or {@code prom}; anything else is an error naming the accepted values. */
    static final class InductiveVariantConverter implements picocli.CommandLine.ITypeConverter<InductiveMiner.Variant> {
        @Override
        public InductiveMiner.Variant convert(String value) {
            return switch (value) {
                case "im-clean" -> InductiveMiner.Variant.IM_CLEAN;
                case "im-clean-late" -> InductiveMiner.Variant.IM_CLEAN_LATE;
                case "pm4py-2.2" -> InductiveMiner.Variant.PM4PY_PLAIN;
                case "pm4py-2.7" -> InductiveMiner.Variant.PM4PY_FRAMEWORK;
                case "pm4py-imdf" -> InductiveMiner.Variant.PM4PY_IMDF;
                case "prom" -> InductiveMiner.Variant.PROM;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected im-clean, im-clean-late, pm4py-2.2, pm4py-2.7, pm4py-imdf or prom but was '" + value + "'");
            };
        }
    }

    /** How a process tree becomes a Petri net: pm4py's direct converter, its route through BPMN, or pm4py 1.x's. */
    enum NetConversion {
        DIRECT, PM4PY_BPMN, PM4PY_1;

        AcceptingPetriNet convert(ProcessTree tree) {
            return switch (this) {
                case DIRECT -> TreeToPetriNet.convert(tree);
                case PM4PY_BPMN -> TreeToPetriNet.convertViaPm4pyBpmn(tree);
                case PM4PY_1 -> TreeToPetriNet.convertAsPm4py1(tree);
            };
        }
    }

    static final String NET_CONVERSION_HELP = "direct (pm4py's process-tree-to-Petri-net converter) or pm4py-bpmn "
            + "(pm4py's route tree -> BPMN -> Petri net, as pm4py.convert_to_bpmn then pm4py.convert_to_petri_net: "
            + "the same language with other silent steps, so token replay and ETC precision differ) or pm4py-1 "
            + "(pm4py 1.x's unreduced converter with its source and sink steps, as pm_extr_report.txt's IMDF nets) "
            + "(default: ${DEFAULT-VALUE})";

    /** {@code direct}, {@code pm4py-bpmn} or {@code pm4py-1}; anything else is an error naming the accepted values. */
    static final class NetConversionConverter implements picocli.CommandLine.ITypeConverter<NetConversion> {
        @Override
        public NetConversion convert(String value) {
            return switch (value) {
                case "direct" -> NetConversion.DIRECT;
                case "pm4py-bpmn" -> NetConversion.PM4PY_BPMN;
                case "pm4py-1" -> NetConversion.PM4PY_1;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected direct, pm4py-bpmn or pm4py-1 but was '" + value + "'");
            };
        }
    }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = {"Discover a model from LOG and write it to the -o file, in the format its extension names: "
                    + ".pnml (Petri net, PNML 2009), .bpmn (BPMN 2.0 with diagram), .dot (Graphviz), .svg (needs "
                    + "Graphviz's dot) or .ptml (process tree, inductive only).",
                    "dfg: directly-follows graph with frequencies and mean durations (.dot or .svg); "
                            + "alpha: classic Alpha miner; heuristics: Heuristics Miner (presets pm4py or confine); "
                            + "inductive: Inductive Miner, IMf with --noise (default 0.2), IM with --noise 0; its "
                            + ".bpmn is built from the process tree."})
    static final class Discover implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "LOG", description = "the event log (.xes, .xes.gz, .csv, .jsonocel, .xmlocel)")
        Path log;

        @Option(names = {"-a", "--algorithm"}, paramLabel = "NAME", defaultValue = "heuristics",
                description = "dfg, alpha, heuristics or inductive (default: ${DEFAULT-VALUE})")
        Algorithm algorithm;

        @Option(names = "--noise", paramLabel = "X",
                description = "inductive: IMf noise threshold, 0 to 1; 0 is IM (default: 0.2; 0 with "
                        + "--inductive-variant pm4py-imdf, whose noiseThreshold it sets)")
        Double noise;

        @Option(names = "--inductive-variant", paramLabel = "NAME", defaultValue = "im-clean",
                converter = InductiveVariantConverter.class,
                description = "inductive: im-clean (pm4py's im_clean semantics), im-clean-late (the later "
                        + "im_clean: end counts in IMf's filter, strict sequence cut), pm4py-2.2 (pm4py 2.0-2.2's "
                        + "log-based variants/im and variants/im_f) or pm4py-2.7 (pm4py 2.3-2.7's "
                        + "framework: its IMf filters the DFG in every recursion, models need not fit) or "
                        + "pm4py-imdf (pm4py 1.x's DFG-based IM of pm_extr_report.txt; --noise defaults to 0, pm4py "
                        + "1.x's default, and as in that version only reorders the choices of a flower) "
                        + "or prom (ProM's Inductive Miner: IM, IMf with --noise) "
                        + "(default: ${DEFAULT-VALUE})")
        InductiveMiner.Variant inductiveVariant;

        @Option(names = "--prom-order-seed", paramLabel = "N",
                description = "inductive, --inductive-variant prom: draw the choices ProM leaves to hash order and "
                        + "to the race of its parallel jobs from seed N instead of ProM's default order (ProM's "
                        + "own runs may give any of these trees)")
        Long promOrderSeed;

        @Option(names = "--net-conversion", paramLabel = "NAME", defaultValue = "direct",
                converter = NetConversionConverter.class,
                description = "inductive, for .pnml, .dot and .svg: how the process tree becomes a Petri net: "
                        + NET_CONVERSION_HELP)
        NetConversion netConversion;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "where to write the model: .pnml, .bpmn, .dot, .svg or .ptml")
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
            onlyFor(Algorithm.INDUCTIVE, "--noise", "--inductive-variant", "--net-conversion", "--prom-order-seed");
            if (promOrderSeed != null && inductiveVariant != InductiveMiner.Variant.PROM) {
                throw new IllegalArgumentException("--prom-order-seed applies to --inductive-variant prom only");
            }
            onlyFor(Algorithm.HEURISTICS, "--preset", "--dependency");
            onlyFor(Algorithm.DFG, "--min-activity-frequency", "--min-path-frequency");
            if (noise != null) requireFraction("--noise", noise);
            checkFormat(format);
            if ((format.equals("ptml") || format.equals("bpmn"))
                    && spec.commandLine().getParseResult().hasMatchedOption("--net-conversion")) {
                throw new IllegalArgumentException("--net-conversion applies to Petri net outputs (.pnml, .dot, "
                        + ".svg) only, not to ." + format);
            }
            EventLog eventLog = read.log(log);
            IndexedLog indexed = Discovery.index(eventLog);
            PrintWriter out = spec.commandLine().getOut();
            if (algorithm == Algorithm.INDUCTIVE) return inductive(indexed, format, out);
            if (algorithm == Algorithm.DFG) {
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
            out.printf("%s: %s -> %s%n", algorithm.name().toLowerCase(Locale.ROOT), netSummary(net.net()), output);
            return 0;
        }

        /** An option meant for another algorithm is an error, not silently ignored. */
        private void onlyFor(Algorithm owner, String... options) {
            if (algorithm == owner) return;
            for (String option : options) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " applies to -a " + owner.name().toLowerCase(Locale.ROOT)
                            + " only, not to " + algorithm.name().toLowerCase(Locale.ROOT));
                }
            }
        }

        /** Fails before any work when the algorithm cannot produce the output format. */
        private void checkFormat(String format) {
            if (algorithm == Algorithm.DFG) {
                if (!format.equals("dot") && !format.equals("svg")) throw unsupported(format, ".dot or .svg");
            } else if (format.equals("ptml") && algorithm != Algorithm.INDUCTIVE) {
                throw new EventLogException(Location.of(output.toString()), "cannot write "
                        + algorithm.name().toLowerCase(Locale.ROOT) + " output as .ptml: only -a inductive "
                        + "discovers a process tree; expected .pnml, .bpmn, .dot or .svg");
            } else if (!List.of("pnml", "bpmn", "dot", "svg", "ptml").contains(format)) {
                throw unsupported(format, algorithm == Algorithm.INDUCTIVE ? ".pnml, .bpmn, .dot, .svg or .ptml"
                        : ".pnml, .bpmn, .dot or .svg");
            }
        }

        private int inductive(IndexedLog indexed, String format, PrintWriter out) {
            // pm4py 1.x's DFG-based IM defaults to noiseThreshold 0 (shared_constants.NOISE_THRESHOLD)
            boolean imdf = inductiveVariant == InductiveMiner.Variant.PM4PY_IMDF;
            double threshold = noise != null ? noise : imdf ? 0 : InductiveMiner.DEFAULT_NOISE;
            ProcessTree tree = promOrderSeed != null ? Discovery.inductiveTreeProm(indexed, threshold, promOrderSeed)
                    : Discovery.inductiveTree(indexed, threshold, inductiveVariant);
            String variant = (threshold == 0 ? "IM" : (imdf ? "IM, noise " : "IMf, noise ") + threshold)
                    + (inductiveVariant == InductiveMiner.Variant.PM4PY_FRAMEWORK ? ", pm4py 2.7"
                            : inductiveVariant == InductiveMiner.Variant.PM4PY_PLAIN ? ", pm4py 2.2"
                            : inductiveVariant == InductiveMiner.Variant.IM_CLEAN_LATE ? ", late im_clean"
                            : inductiveVariant == InductiveMiner.Variant.PM4PY_IMDF ? ", pm4py 1.x DFG-based"
                            : inductiveVariant == InductiveMiner.Variant.PROM ? ", ProM"
                                    + (promOrderSeed != null ? ", order seed " + promOrderSeed : "") : "");
            String what;
            switch (format) {
                case "ptml" -> {
                    Ptml.write(tree, output);
                    what = "process tree";
                }
                case "bpmn" -> {
                    BpmnExport.write(tree, output);
                    what = "BPMN from the process tree";
                }
                default -> {
                    AcceptingPetriNet net = netConversion.convert(tree);
                    switch (format) {
                        case "pnml" -> Pnml.write(net, output);
                        case "dot" -> writeText(output, Dot.of(net));
                        default -> writeText(output, Graphviz.toSvg(Dot.of(net)));
                    }
                    what = netSummary(net.net())
                            + (netConversion == NetConversion.PM4PY_BPMN ? " (via pm4py's BPMN route)"
                                    : netConversion == NetConversion.PM4PY_1 ? " (pm4py 1.x's converter)" : "");
                }
            }
            out.printf("inductive (%s): process tree of %d nodes over %d activities; %s -> %s%n", variant,
                    tree.size(), new java.util.TreeSet<>(tree.activities()).size(), what, output);
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
            String as = format.isEmpty() ? "a file without extension (-o names the file, its extension the format)"
                    : "." + format;
            return new EventLogException(Location.of(output.toString()), "cannot write " + algorithm.name()
                    .toLowerCase(Locale.ROOT) + " output as " + as + ": expected " + expected);
        }
    }

    static String netSummary(PetriNet n) {
        long invisible = n.transitions().stream().filter(PetriNet.Transition::isInvisible).count();
        return String.format("Petri net with %d places, %d transitions (%d invisible), %d arcs", n.places().size(),
                n.transitions().size(), invisible, n.arcs().size());
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
