package io.coalition.mining.heuristics;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;

import java.util.List;
import java.util.Objects;

/**
 * The Heuristics Miner fed one case at a time: {@link #add(Trace)} updates the counts in time linear in the
 * trace, {@link #model()} mines the net from the counts so far. The model after adding some cases equals
 * {@link HeuristicsMiner#mine} on a log of exactly those cases.
 *
 * <p>Not thread-safe: one feeder at a time (or synchronise externally).
 */
public final class IncrementalHeuristicsMiner {
    private final HeuristicsParameters parameters;
    private final Classifier classifier;
    private final Counts counts = new Counts();
    private long cases;

    public IncrementalHeuristicsMiner(HeuristicsParameters parameters) {
        this(parameters, Classifier.ACTIVITY);
    }

    public IncrementalHeuristicsMiner(HeuristicsParameters parameters, Classifier classifier) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /** Adds one case. */
    public IncrementalHeuristicsMiner add(Trace trace) {
        List<Event> es = trace.events();
        int[] ids = new int[es.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = counts.id(classifier.classOf(es.get(i).attributes()));
        counts.addTrace(ids, 1);
        cases++;
        return this;
    }

    /** Adds one case given as its activity names. */
    public IncrementalHeuristicsMiner add(List<String> activities) {
        int[] ids = new int[activities.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = counts.id(activities.get(i));
        counts.addTrace(ids, 1);
        cases++;
        return this;
    }

    /** The number of cases added so far. */
    public long caseCount() {
        return cases;
    }

    /** The heuristics net of the cases added so far. */
    public HeuristicsNet model() {
        return HeuristicsMiner.mine(counts.canonical(), parameters);
    }
}
