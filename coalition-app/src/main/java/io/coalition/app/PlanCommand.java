package io.coalition.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.coalition.planning.iow.AssignmentPlanner;
import io.coalition.planning.iow.PlanReport;
import io.coalition.planning.iow.ResilienceSimulation;
import io.coalition.planning.iow.Workflow;
import io.coalition.planning.iow.WorkflowReader;
import io.coalition.planning.mcdm.Ahp;
import io.coalition.planning.plot.PosteriorPlots;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code coalition plan}: seed 001's resilient assignment plan for an inter-organizational workflow. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Select the task-organization plan of an inter-organizational workflow with the lowest risk of"
                + " becoming unsatisfiable (seed 001): task priority and risk matrix, Bayesian availability, AHP +"
                + " grey TOPSIS ranking, exact constrained plan search, delegates per task, and Monte Carlo"
                + " resiliency with and without delegation. The schema is described in coalition-planning/README.md."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--workflow", paramLabel = "IOW", description = "the workflow schema, YAML (.yaml/.yml) or JSON")
        Path workflow;

        @Option(names = "--example", description = "use seed 001's running example (healthcare, 5 tasks, 6 organizations)")
        boolean example;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--json", description = "print the full report as JSON")
    boolean json;

    @Option(names = "--plans", defaultValue = "3", paramLabel = "N", description = "how many ranked plans (default: ${DEFAULT-VALUE})")
    int plans;

    @Option(names = "--ahp", defaultValue = "GEOMETRIC_MEAN", paramLabel = "METHOD",
            description = "AHP weights: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Ahp.Method ahp;

    @Option(names = "--allow-inconsistent", description = "accept criteria comparisons with a consistency ratio above 0.1")
    boolean allowInconsistent;

    @Option(names = "--runs", defaultValue = "10000", paramLabel = "N", description = "Monte Carlo runs per level (default: ${DEFAULT-VALUE}; 0 skips)")
    int runs;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "write a PNG of the availability posteriors (Beta densities, 95% credible intervals) per task into DIR")
    Path plots;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Monte Carlo seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Workflow w = source.example ? WorkflowReader.runningExample() : WorkflowReader.read(source.workflow);
        PlanReport r = AssignmentPlanner.plan(w, new AssignmentPlanner.Options(ahp, allowInconsistent, plans),
                new SolveProgress("plan search", spec.commandLine().getErr()));
        List<ResilienceSimulation.Result> sims = new ArrayList<>();
        if (runs < 0) throw new IllegalArgumentException("--runs must be >= 0, got " + runs);
        if (runs > 0) for (var level : ResilienceSimulation.Level.values()) sims.add(ResilienceSimulation.run(w, r, level, runs, seed));
        List<Path> plotFiles = plots == null ? List.of() : PosteriorPlots.write(r, plots);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("report", r);
            doc.put("resilience", sims);
            if (plots != null) doc.put("plots", plotFiles.stream().map(Path::toString).toList());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            return 0;
        }
        out.printf(Locale.ROOT, "workflow %s: %d tasks, %d organizations, %d constraints%n", w.name(), w.tasks().size(),
                w.organizations().size(), w.constraints() == null ? 0 : w.constraints().size());
        out.println("risk matrix (step 1), tasks by priority:");
        for (String t : r.priorityOrder()) {
            PlanReport.TaskRow row = r.tasks().stream().filter(x -> x.id().equals(t)).findFirst().orElseThrow();
            out.printf(Locale.ROOT, "  %-6s priority %.2f  constraints %d  risk %s%n", t, row.priority(), row.constraints(), row.risk());
        }
        StringBuilder weights = new StringBuilder();
        for (int j = 0; j < r.criteria().size(); j++) weights.append(String.format(Locale.ROOT, " %s %.4f", r.criteria().get(j), r.criteriaWeights()[j]));
        out.printf(Locale.ROOT, "criteria weights (AHP %s, CR %.4f):%s%n", ahp.name().toLowerCase(Locale.ROOT).replace('_', ' '), r.consistencyRatio(), weights);
        if (!r.completedComparisons().isEmpty()) {
            StringBuilder c = new StringBuilder();
            for (PlanReport.Comparison x : r.completedComparisons()) c.append(String.format(Locale.ROOT, " %s/%s = %.4f", x.first(), x.second(), x.value()));
            out.printf(Locale.ROOT, "criteria pairs the workflow does not compare, completed to minimise lambda_max (Bozoki et al. 2010):%s%n", c);
        }
        out.println("ranked plans (step 4):");
        for (int i = 0; i < r.plans().size(); i++) {
            StringBuilder a = new StringBuilder();
            r.plans().get(i).assignment().forEach((t, o) -> a.append(' ').append(t).append('=').append(o));
            out.printf(Locale.ROOT, "  %d.%s  score %.4f%n", i + 1, a, r.plans().get(i).score());
        }
        out.println("delegates for plan 1 (best first):");
        r.delegates().forEach((t, d) -> out.printf("  %-6s %s%n", t, d.isEmpty() ? "none" : String.join(", ", d)));
        out.println("tasks without a valid delegate: " + (r.tasksWithoutDelegate().isEmpty() ? "none" : String.join(", ", r.tasksWithoutDelegate())));
        if (!sims.isEmpty()) {
            out.printf(Locale.ROOT, "completion probability (Monte Carlo, %d runs, seed %d), without / with delegation:%n", runs, seed);
            for (var s : sims) {
                out.printf(Locale.ROOT, "  %-11s %.4f / %.4f%n", s.level().name().toLowerCase(Locale.ROOT), s.probabilityWithout(), s.probabilityWith());
            }
        }
        if (plots != null) out.printf(Locale.ROOT, "posterior plots: %d PNG files in %s%n", plotFiles.size(), plots);
        return 0;
    }
}
