package io.coalition.app;

import io.coalition.planning.wsp.SearchProgress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long WSP or plan search on stderr: a line at most every {@link #PERIOD_NANOS} (none for searches
 * that end sooner), with nodes visited, steps assigned now and at best so far, and the elapsed time. Wall time is
 * only used to pace the lines; the search itself stays deterministic.
 */
final class SolveProgress implements SearchProgress {
    static final long PERIOD_NANOS = 2_000_000_000L;
    private final String what;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last = start;

    SolveProgress(String what, PrintWriter err) {
        this.what = what;
        this.err = err;
    }

    @Override
    public boolean report(long nodes, int assigned, int deepest, int steps) {
        long now = System.nanoTime();
        if (now - last >= PERIOD_NANOS) {
            last = now;
            err.printf(Locale.ROOT, "%s: %,d nodes, %d of %d steps assigned (deepest %d), %.0f s%n", what, nodes, assigned,
                    steps, deepest, (now - start) / 1e9);
            err.flush();
        }
        return !Thread.currentThread().isInterrupted();
    }
}
