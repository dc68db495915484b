package io.coalition.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.ocel.OcelReader;
import io.coalition.eventlog.stats.LogStatistics;
import io.coalition.eventlog.stats.LogStatistics.Count;
import io.coalition.eventlog.stats.LogStatistics.VariantCount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code coalition log ...}: inspect and convert event logs. */
@Command(name = "log", description = "Inspect and convert event logs (XES, XES.GZ, CSV, OCEL 2.0).",
        mixinStandardHelpOptions = true,
        subcommands = {LogCommand.Info.class, LogCommand.Convert.class})
final class LogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"Print a log's statistics: cases, events, activities, variants, start and end "
                    + "activities, time span and case durations.",
                    "An OCEL log shows its event and object types, unless --object-type flattens it.",
                    "XES files are streamed case by case, so logs larger than memory work."})
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the log: .xes, .xes.gz, .csv, .jsonocel or .xmlocel")
        Path file;

        @Option(names = "--json", description = "print the statistics as JSON (all entries, no limit)")
        boolean json;

        @Option(names = "--top", paramLabel = "N", defaultValue = "10",
                description = "rows of the activity and variant tables (default: ${DEFAULT-VALUE})")
        int top;

        @Mixin
        ReadMixin read;

        @Override
        public Integer call() {
            if (LogFiles.Format.of(file) == LogFiles.Format.OCEL && read.objectType == null) {
                OcelSummary summary = OcelSummary.of(read.read(file, OcelReader::read));
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(summary.toJson());
                } else {
                    summary.print(out, file.toString());
                }
                return 0;
            }
            LogStatistics stats = read.read(file, LogFiles::statistics);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(toJson(stats));
            } else {
                printTable(out, file.toString(), stats, top);
            }
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Convert a log between formats, chosen by the file extensions: "
                    + "XES <-> CSV, and OCEL 2.0 -> XES or CSV by flattening on --object-type.",
                    "The output is written to a temporary file and moved into place, so a failed "
                            + "conversion never leaves a half-written file."})
    static final class Convert implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "input log (.xes, .xes.gz, .csv, .jsonocel, .xmlocel)")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "output log (.xes, .xes.gz or .csv)")
        Path out;

        @Mixin
        ReadMixin read;

        @Override
        public Integer call() {
            EventLog log = read.log(in);
            LogFiles.write(log, out);
            spec.commandLine().getOut().printf("wrote %s (%,d cases, %,d events)%n",
                    out.toAbsolutePath().normalize(), log.traces().size(), log.eventCount());
            return 0;
        }
    }

    static void printTable(PrintWriter out, String title, LogStatistics s, int top) {
        out.println(title);
        new Table("measure", "value")
                .row("cases", String.format("%,d", s.cases()))
                .row("events", String.format("%,d", s.events()))
                .row("activities", s.activityCount())
                .row("variants", s.variants().size())
                .row("first event", s.firstTimestamp() == null ? "-" : s.firstTimestamp())
                .row("last event", s.lastTimestamp() == null ? "-" : s.lastTimestamp())
                .row("time span", human(s.timeSpan()))
                .row("case duration", s.caseDuration() == null ? "-"
                        : "min " + human(s.caseDuration().min()) + ", mean " + human(s.caseDuration().mean())
                        + ", median " + human(s.caseDuration().median()) + ", max " + human(s.caseDuration().max()))
                .print(out);
        out.println();
        out.printf("Activities (%d of %d)%n", Math.min(top, s.activities().size()), s.activities().size());
        Table activities = new Table("events", "activity").numeric(0);
        s.activities().stream().limit(top).forEach(c -> activities.row(String.format("%,d", c.count()), c.name()));
        activities.print(out);
        out.println();
        printCounts(out, "Start activities", s.startActivities());
        printCounts(out, "End activities", s.endActivities());
        out.println();
        out.printf("Variants (%d of %d)%n", Math.min(top, s.variants().size()), s.variants().size());
        Table variants = new Table("cases", "events", "variant").numeric(0, 1);
        s.variants().stream().limit(top).forEach(v -> variants.row(String.format("%,d", v.count()),
                v.activities().size(), abbreviate(String.join(", ", v.activities()), 100)));
        variants.print(out);
    }

    private static void printCounts(PrintWriter out, String title, List<Count> counts) {
        StringBuilder sb = new StringBuilder(title).append(": ");
        for (int i = 0; i < counts.size() && i < 5; i++) {
            if (i > 0) sb.append(", ");
            sb.append(counts.get(i).name()).append(" (").append(counts.get(i).count()).append(')');
        }
        if (counts.size() > 5) sb.append(", ... ").append(counts.size() - 5).append(" more");
        out.println(sb);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** A duration as days, hours, minutes and seconds, e.g. {@code 3d 4h 5m}. */
    static String human(Duration d) {
        if (d == null) return "-";
        long s = d.getSeconds();
        if (s == 0) return d.toMillis() + "ms";
        StringBuilder sb = new StringBuilder();
        long days = s / 86400, hours = s % 86400 / 3600, minutes = s % 3600 / 60, seconds = s % 60;
        if (days > 0) sb.append(days).append("d ");
        if (hours > 0) sb.append(hours).append("h ");
        if (minutes > 0 && days == 0) sb.append(minutes).append("m ");
        if (seconds > 0 && days == 0 && hours == 0) sb.append(seconds).append("s ");
        return sb.toString().trim();
    }

    static String toJson(LogStatistics s) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("cases", s.cases());
        root.put("events", s.events());
        root.put("activityCount", s.activityCount());
        root.put("variantCount", s.variants().size());
        root.put("firstTimestamp", s.firstTimestamp() == null ? null : s.firstTimestamp().toString());
        root.put("lastTimestamp", s.lastTimestamp() == null ? null : s.lastTimestamp().toString());
        root.put("timeSpanSeconds", s.timeSpan() == null ? null : s.timeSpan().toMillis() / 1000.0);
        if (s.caseDuration() != null) {
            ObjectNode d = root.putObject("caseDurationSeconds");
            d.put("cases", s.caseDuration().cases());
            d.put("min", s.caseDuration().min().toMillis() / 1000.0);
            d.put("mean", s.caseDuration().mean().toMillis() / 1000.0);
            d.put("median", s.caseDuration().median().toMillis() / 1000.0);
            d.put("max", s.caseDuration().max().toMillis() / 1000.0);
        }
        counts(root.putArray("activities"), s.activities());
        counts(root.putArray("startActivities"), s.startActivities());
        counts(root.putArray("endActivities"), s.endActivities());
        ArrayNode variants = root.putArray("variants");
        for (VariantCount v : s.variants()) {
            ObjectNode n = variants.addObject();
            n.put("count", v.count());
            ArrayNode acts = n.putArray("activities");
            v.activities().forEach(acts::add);
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void counts(ArrayNode array, List<Count> counts) {
        for (Count c : counts) array.addObject().put("name", c.name()).put("count", c.count());
    }
}
