package io.coalition.app;

import io.coalition.decisions.demo.CampaignDemo;
import io.coalition.decisions.spec.DecisionOutcome;
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
 * {@code coalition demo decisions}: seed 004's vaccine campaign (medical hub, patients, vaccination centers,
 * carriers) with its three decision tables, on embedded defaults, printing every decision.
 */
@Command(name = "decisions", mixinStandardHelpOptions = true,
        description = {"Run seed 004's vaccine campaign: certified patients, vaccination centers and carriers submit"
                + " encrypted records to a CCU; the medical hub gets patient prioritization (Table IV with meanAge/sumAge),"
                + " restocking (Table VII) and carrier selection (Table VIII) per record; a vaccination center and a"
                + " carrier get only the aggregated outcome their policy allows; a patient is refused. Needs no setup."})
final class DemoDecisionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for the store, notary log and specification"
            + " (default: a new temporary folder)")
    Path out;

    @Override
    public Integer call() {
        Path dir = out != null ? out : newTempDir();
        PrintWriter w = spec.commandLine().getOut();
        w.println("Coalition demo: seed 004's vaccine campaign (confidential decision support)");
        w.println();
        CampaignDemo.Report r = CampaignDemo.run(dir);
        StringBuilder counts = new StringBuilder();
        r.recordsByDataName().forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ").append(v).append(' ').append(k));
        w.println("Records: " + counts + "; each submitted by its own certified provider in an HPKE envelope,");
        w.println("stored encrypted (full and light copy), content-addressed, and notarized.");
        for (CampaignDemo.Call c : r.calls()) {
            w.println();
            w.printf("== %s (%s) calls %s on %s ==%n", c.caller(), c.role(), c.function(), c.dataName());
            if (c.refusal() != null) {
                w.println("  refused: " + c.refusal());
                continue;
            }
            DecisionOutcome o = c.outcome();
            if (o.decisions().isEmpty()) {
                w.println("  aggregated outcome only (the policy allows summarize(" + c.function() + ") to this caller):");
            }
            for (DecisionOutcome.RecordDecision d : o.decisions()) {
                w.printf("  %-12s %s%n", d.recordId(), show(d.output()));
            }
            o.aggregates().forEach((k, v) -> w.printf("  %s = %s%n", k, v));
            w.println("  summary: " + summary(o.summary()));
        }
        w.println();
        w.println("Specification (DMN, ALFA), encrypted blobs and notary log: " + r.work());
        return 0;
    }

    private static String show(Object output) {
        return output == null ? "(no rule matched)" : String.valueOf(output);
    }

    private static String summary(Map<String, Long> s) {
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k.equals("null") ? "(no rule matched)" : k)
                .append(" x").append(v));
        return b.toString();
    }

    private static Path newTempDir() {
        try {
            return Files.createTempDirectory("coalition-demo-decisions-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }
}
