package io.coalition.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.coalition.eventlog.Location;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.MiningException;
import io.coalition.mining.conformance.Alignments;
import io.coalition.mining.conformance.Generalization;
import io.coalition.mining.conformance.Precision;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Pnml;
import io.coalition.mining.tree.Ptml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code coalition mine conform}: a log against a model, with pm4py's measures (see coalition-mining's README). */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = {"Check LOG against the --model (a .pnml workflow net with initial and final marking, or a "
                + ".ptml process tree) and print token-replay fitness, alignment fitness, ETC precision, "
                + "generalization, simplicity and a table of the most frequent variants.",
                "A variant fits when token replay needs no missing and leaves no remaining tokens."})
final class MineConformCommand implements Callable<Integer> {
    enum PrecisionMethod { TOKEN, ALIGNMENT }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "the event log (.xes, .xes.gz, .csv, .jsonocel, .xmlocel)")
    Path log;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true,
            description = "the model: .pnml (Petri net with initial and final marking) or .ptml (process tree)")
    Path model;

    @Option(names = "--net-conversion", paramLabel = "NAME", defaultValue = "direct",
            converter = MineCommand.NetConversionConverter.class,
            description = "for a .ptml model: how the process tree becomes a Petri net: " + MineCommand.NET_CONVERSION_HELP)
    MineCommand.NetConversion netConversion;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--alignments", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "compute optimal alignments (A*, standard costs); --no-alignments skips them "
                    + "(default: on)")
    boolean alignments;

    @Option(names = "--precision", paramLabel = "METHOD", defaultValue = "token",
            description = "ETC precision from token replay (token) or prefix alignments (alignment) "
                    + "(default: ${DEFAULT-VALUE})")
    PrecisionMethod precision;

    @Option(names = "--pm4py-input", paramLabel = "KIND", defaultValue = "event-log",
            converter = Pm4pyInputConverter.class,
            description = "ETC precision as pm4py computes it on an event-log (its empty prefix weighs the traces) "
                    + "or a data-frame (pm4py 2.3+ after pm4py.read_xes: it weighs the events), or as pm4py-1 (pm4py "
                    + "1.x: no empty-prefix term, token-based only; pm_extr_report.txt's figures) "
                    + "(default: ${DEFAULT-VALUE})")
    Precision.Pm4pyInput pm4pyInput;

    /** {@code event-log} or {@code data-frame}; anything else is an error naming the accepted values. */
    static final class Pm4pyInputConverter implements picocli.CommandLine.ITypeConverter<Precision.Pm4pyInput> {
        @Override
        public Precision.Pm4pyInput convert(String value) {
            return switch (value) {
                case "event-log" -> Precision.Pm4pyInput.EVENT_LOG;
                case "data-frame" -> Precision.Pm4pyInput.DATA_FRAME;
                case "pm4py-1" -> Precision.Pm4pyInput.PM4PY_1;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected event-log, data-frame or pm4py-1 but was '" + value + "'");
            };
        }
    }

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "variants in the table (and in --json), most frequent first (default: ${DEFAULT-VALUE})")
    int top;

    @Mixin
    ReadMixin read;

    /** The figures one run produces; {@code alignments} is null when they were skipped. */
    record Report(Path model, Path log, int traces, int variants, TokenReplay.Result tokenReplay,
                  Alignments.Result alignments, PrecisionMethod precisionMethod, double precision,
                  double generalization, double simplicity, Precision.Pm4pyInput pm4pyInput) {
    }

    @Override
    public Integer call() {
        if (top < 0) throw new IllegalArgumentException("--top must be 0 or more, got " + top);
        if (pm4pyInput == Precision.Pm4pyInput.PM4PY_1 && precision == PrecisionMethod.ALIGNMENT) {
            throw new IllegalArgumentException("--pm4py-input pm4py-1 applies to token-based precision only");
        }
        if (!MineCommand.extension(model).equals("ptml")
                && spec.commandLine().getParseResult().hasMatchedOption("--net-conversion")) {
            throw new IllegalArgumentException("--net-conversion applies to a .ptml model only, not to ."
                    + MineCommand.extension(model));
        }
        AcceptingPetriNet net = readModel(model, netConversion);
        IndexedLog indexed = Discovery.index(read.log(log));
        int variants = indexed.variants().size();
        TokenReplay.Result replay;
        try (Progress p = Progress.phase(String.format("Token replay of %,d variants", variants))) {
            replay = Conformance.tokenReplay(indexed, net);
        }
        Alignments.Result aligned = null;
        if (alignments) {
            try (Progress p = Progress.phase(String.format("Alignments of %,d variants", variants))) {
                aligned = Conformance.alignments(indexed, net);
            }
        }
        double prec;
        try (Progress p = Progress.phase("ETC precision (" + precision.name().toLowerCase(Locale.ROOT) + ")")) {
            prec = precision == PrecisionMethod.TOKEN ? Conformance.precision(indexed, net, pm4pyInput)
                    : Conformance.alignmentPrecision(indexed, net, pm4pyInput);
        }
        Report report = new Report(model, log, indexed.traceCount(), variants, replay, aligned, precision, prec,
                Generalization.of(net, replay), Conformance.simplicity(net), pm4pyInput);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(toJson(report, top));
        else print(out, report, top);
        return 0;
    }

    /** Reads a .pnml or .ptml model as a workflow net with initial and final marking (a tree converted as {@code conversion} says). */
    static AcceptingPetriNet readModel(Path file, MineCommand.NetConversion conversion) {
        String format = MineCommand.extension(file);
        Location where = Location.of(file.toString());
        if (!format.equals("pnml") && !format.equals("ptml")) {
            throw new MiningException(where, "unknown model format '." + format + "': expected .pnml or .ptml");
        }
        if (!Files.isRegularFile(file)) throw new MiningException(where, "no such model file");
        if (format.equals("ptml")) return conversion.convert(Ptml.read(file));
        AcceptingPetriNet net = Pnml.read(file);
        if (net.initial().tokens().isEmpty()) {
            throw new MiningException(where, "the net has no initial marking: conformance checking needs one "
                    + "(<initialMarking> of a place)");
        }
        if (net.fin().tokens().isEmpty()) {
            throw new MiningException(where, "the net has no final marking: conformance checking needs one "
                    + "(<finalmarkings> as pm4py writes it)");
        }
        return net;
    }

    /** One row per variant, most frequent first (ties: first seen in the log first). */
    record Row(int rank, List<String> activities, int count, TokenReplay.TraceResult token,
               Alignments.TraceAlignment alignment) {
    }

    static List<Row> rows(Report r) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < r.tokenReplay().variants().size(); i++) order.add(i);
        order.sort(Comparator.comparingInt((Integer i) -> -r.tokenReplay().variants().get(i).count()));
        List<Row> rows = new ArrayList<>();
        for (int i : order) {
            TokenReplay.VariantResult v = r.tokenReplay().variants().get(i);
            Alignments.TraceAlignment a = null;
            if (r.alignments() != null) {
                Alignments.VariantResult av = r.alignments().variants().get(i);
                // both results list the log's variants in the same order; a mismatch is our bug
                if (!av.activities().equals(v.activities())) throw new IllegalStateException("variant order differs");
                a = av.alignment();
            }
            rows.add(new Row(rows.size() + 1, v.activities(), v.count(), v.result(), a));
        }
        return rows;
    }

    static void print(PrintWriter out, Report r, int top) {
        out.printf("%s against %s (%,d traces, %,d variants)%n", r.log(), r.model(), r.traces(), r.variants());
        TokenReplay.Result t = r.tokenReplay();
        out.printf("  token replay    log fitness %.6f, average trace fitness %.6f, %.2f %% fitting traces%n",
                t.logFitness(), t.averageTraceFitness(), t.percentageFittingTraces());
        if (r.alignments() != null) {
            Alignments.Result a = r.alignments();
            out.printf("  alignments      log fitness %.6f, average trace fitness %.6f, %.2f %% fitting traces%n",
                    a.logFitness(), a.averageTraceFitness(), a.percentageFittingTraces());
        } else {
            out.println("  alignments      skipped (--no-alignments)");
        }
        out.printf("  precision       %.6f (ETC, %s%s)%n", r.precision(), r.precisionMethod().name().toLowerCase(Locale.ROOT),
                r.pm4pyInput() == Precision.Pm4pyInput.DATA_FRAME ? ", empty prefix weighted by events as pm4py on a DataFrame"
                        : r.pm4pyInput() == Precision.Pm4pyInput.PM4PY_1 ? ", no empty-prefix term as pm4py 1.x" : "");
        out.printf("  generalization  %.6f%n", r.generalization());
        out.printf("  simplicity      %.6f%n", r.simplicity());
        List<Row> rows = rows(r);
        out.println();
        out.printf("Variants (%d of %d)%n", Math.min(top, rows.size()), rows.size());
        if (top == 0) return;
        Table table = new Table("rank", "count", "length", "token fitness", "alignment cost", "alignment fitness",
                "fits", "variant").numeric(0, 1, 2, 3, 4, 5);
        for (Row row : rows.subList(0, Math.min(top, rows.size()))) {
            table.row(row.rank(), String.format("%,d", row.count()), row.activities().size(),
                    String.format("%.4f", row.token().fitness()),
                    row.alignment() == null ? "-" : String.valueOf(row.alignment().cost()),
                    row.alignment() == null ? "-" : String.format("%.4f", row.alignment().fitness()),
                    row.token().fit() ? "yes" : "no", abbreviate(String.join(",", row.activities()), 60));
        }
        table.print(out);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String toJson(Report r, int top) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", r.model().toString());
        root.put("log", r.log().toString());
        root.put("traces", r.traces());
        root.put("variants", r.variants());
        TokenReplay.Result t = r.tokenReplay();
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("logFitness", t.logFitness());
        token.put("averageTraceFitness", t.averageTraceFitness());
        token.put("percentageFittingTraces", t.percentageFittingTraces());
        token.put("produced", t.produced());
        token.put("consumed", t.consumed());
        token.put("missing", t.missing());
        token.put("remaining", t.remaining());
        root.put("tokenReplay", token);
        if (r.alignments() != null) {
            Map<String, Object> al = new LinkedHashMap<>();
            al.put("logFitness", r.alignments().logFitness());
            al.put("averageTraceFitness", r.alignments().averageTraceFitness());
            al.put("percentageFittingTraces", r.alignments().percentageFittingTraces());
            root.put("alignments", al);
        } else {
            root.put("alignments", null);
        }
        Map<String, Object> prec = new LinkedHashMap<>();
        prec.put("method", r.precisionMethod().name().toLowerCase(Locale.ROOT));
        prec.put("value", r.precision());
        prec.put("pm4pyInput", r.pm4pyInput() == Precision.Pm4pyInput.DATA_FRAME ? "data-frame" : "event-log");
        root.put("precision", prec);
        root.put("generalization", r.generalization());
        root.put("simplicity", r.simplicity());
        List<Map<String, Object>> vs = new ArrayList<>();
        for (Row row : rows(r).subList(0, Math.min(top, r.variants()))) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("rank", row.rank());
            v.put("count", row.count());
            v.put("length", row.activities().size());
            v.put("tokenFitness", row.token().fitness());
            v.put("missing", row.token().missing());
            v.put("remaining", row.token().remaining());
            v.put("alignmentCost", row.alignment() == null ? null : row.alignment().cost());
            v.put("alignmentFitness", row.alignment() == null ? null : row.alignment().fitness());
            v.put("fits", row.token().fit());
            v.put("activities", row.activities());
            vs.add(v);
        }
        root.put("variantTable", vs);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
