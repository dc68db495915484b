package io.coalition.app;

import io.coalition.planning.wsp.BacktrackingSolver;
import io.coalition.planning.wsp.PatternSolver;
import io.coalition.planning.wsp.PortfolioSolver;
import io.coalition.planning.wsp.SatSolver;
import io.coalition.planning.wsp.WspFormat;
import io.coalition.planning.wsp.WspInstance;
import io.coalition.planning.wsp.WspSolver;
import io.coalition.planning.wsp.WspValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code coalition wsp}: solve a workflow satisfiability instance in the text format of ../shared/data/wsp. */
@Command(name = "wsp", mixinStandardHelpOptions = true,
        description = {"Solve a workflow satisfiability problem (WSP) instance (format: ../shared/data/wsp/FORMAT.md)."
                + " Prints 'unsat' or one 's<i>: u<j>' line per step, after checking the plan with an independent"
                + " validator; long searches report progress on stderr."})
final class WspCommand implements Callable<Integer> {
    enum Solver { AUTO, PATTERN, BACKTRACKING, SAT }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INSTANCE", description = "the instance file")
    Path instance;

    @Option(names = "--solver", defaultValue = "AUTO", paramLabel = "S",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: pattern search and SAT4J in turns with growing budgets;"
                    + " pattern needs user-independent constraints, so one-team instances use backtracking)")
    Solver solver;

    @Option(names = "--max-nodes", defaultValue = "9223372036854775807", paramLabel = "N",
            description = "give up after N search nodes (pattern, backtracking)")
    long maxNodes;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS", description = "SAT solver time limit (default: ${DEFAULT-VALUE})")
    int timeout;

    @Override
    public Integer call() {
        WspInstance in = WspFormat.read(instance);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        boolean oneTeam = in.constraints().stream().anyMatch(c -> c instanceof io.coalition.planning.wsp.Constraint.OneTeam);
        Solver chosen = solver == Solver.PATTERN && oneTeam ? Solver.BACKTRACKING : solver;
        if (chosen != solver) err.println("wsp: " + instance + " has one-team constraints; using the backtracking solver");
        SolveProgress progress = new SolveProgress("wsp " + chosen.name().toLowerCase(Locale.ROOT), err);
        WspSolver s = switch (chosen) {
            case AUTO -> new PortfolioSolver(progress);
            case PATTERN -> new PatternSolver(maxNodes, progress);
            case BACKTRACKING -> new BacktrackingSolver(maxNodes, progress);
            case SAT -> new SatSolver(timeout);
        };
        long t0 = System.nanoTime();
        Optional<int[]> plan = s.solve(in);
        if (plan.isPresent()) {
            List<String> v = WspValidator.violations(in, plan.get());
            if (!v.isEmpty()) throw new IllegalStateException("solver returned an invalid plan: " + v);
        }
        out.print(WspFormat.formatSolution(plan));
        out.flush();
        err.printf(Locale.ROOT, "wsp: %s, %d steps, %d users: %s in %.1f ms (%s solver%s)%n", instance, in.steps(), in.users(),
                plan.isPresent() ? "sat" : "unsat", (System.nanoTime() - t0) / 1e6, chosen.name().toLowerCase(Locale.ROOT),
                plan.isPresent() ? ", plan validated" : "");
        return 0;
    }
}
