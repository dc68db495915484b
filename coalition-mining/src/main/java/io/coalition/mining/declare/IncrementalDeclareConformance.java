package io.coalition.mining.declare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link DeclareConformance#check} fed one case at a time: each case is checked when added and only its
 * {@link DeclareConformance.TraceResult} (case id, counts, the violated constraints of the model) is kept, at
 * the case's position; {@link #result()} equals the batch check on a log of the cases in position order,
 * whatever order they were added in.
 *
 * <p>A case's activities are numbered over the model's activities, with every other activity as one extra id:
 * the checks only ask whether, where and how often the model's activities occur, so this decides exactly as the
 * batch's log-wide ids (an activity of the model the log lacks is one that never occurs in either). Not
 * thread-safe.
 */
public final class IncrementalDeclareConformance {
    private final List<DeclareConstraint> constraints;
    private final DeclareTemplate[] tpl;
    private final int[] a;
    private final int[] b;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int other;
    private final int[] act, ful, vio;
    private final List<DeclareConformance.TraceResult> results = new ArrayList<>();
    /** Equal deviation lists shared: most cases violate one of a few sets of constraints. */
    private final Map<List<DeclareConstraint>, List<DeclareConstraint>> deviationSets = new HashMap<>();
    private int added;

    public IncrementalDeclareConformance(DeclareModel model) {
        constraints = List.copyOf(Objects.requireNonNull(model, "model").constraints());
        int m = constraints.size();
        tpl = new DeclareTemplate[m];
        a = new int[m];
        b = new int[m];
        for (int i = 0; i < m; i++) {
            DeclareConstraint c = constraints.get(i);
            tpl[i] = c.template();
            a[i] = ids.computeIfAbsent(c.a(), k -> ids.size());
            b[i] = c.template().isBinary() ? ids.computeIfAbsent(c.b(), k -> ids.size()) : -1;
        }
        other = ids.size();
        act = new int[m];
        ful = new int[m];
        vio = new int[m];
    }

    /**
     * Checks case {@code position} (its place in the result, from 0) with {@code activities} in order and keeps its
     * result only. Each position is added once.
     */
    public DeclareConformance.TraceResult add(int position, String caseId, List<String> activities) {
        if (position < 0) throw new IllegalArgumentException("case " + caseId + ": negative position " + position);
        while (results.size() <= position) results.add(null);
        if (results.get(position) != null) {
            throw new IllegalStateException("case " + caseId + ": position " + position + " added twice");
        }
        int[] trace = new int[activities.size()];
        for (int i = 0; i < trace.length; i++) trace[i] = ids.getOrDefault(activities.get(i), other);
        DeclareChecker checker = new DeclareChecker(trace, other + 1);
        List<DeclareConstraint> dev = new ArrayList<>();
        int activations = 0, fulfilments = 0;
        for (int i = 0; i < tpl.length; i++) {
            boolean on = checker.activated(tpl[i], a[i], b[i]);
            boolean bad = checker.violated(tpl[i], a[i], b[i]);
            if (on) { activations++; act[i]++; }
            if (bad) { dev.add(constraints.get(i)); vio[i]++; } else if (on) { fulfilments++; ful[i]++; }
        }
        List<DeclareConstraint> shared = deviationSets.computeIfAbsent(List.copyOf(dev), k -> k);
        // TraceResult's List.copyOf keeps an immutable list as it is, so cases share it
        DeclareConformance.TraceResult r = new DeclareConformance.TraceResult(caseId, tpl.length, activations,
                fulfilments, shared);
        results.set(position, r);
        added++;
        return r;
    }

    /** The number of cases checked: the only per-case state kept is one result each. */
    public int caseCount() {
        return added;
    }

    /** The result over positions 0 .. highest added; fails if a position in between was never added. */
    public DeclareConformance.LogResult result() {
        if (added != results.size()) {
            throw new IllegalStateException("Declare conformance: position " + results.indexOf(null) + " of "
                    + results.size() + " was never added");
        }
        Map<DeclareConstraint, DeclareConformance.ConstraintResult> per = new LinkedHashMap<>();
        for (int i = 0; i < tpl.length; i++) {
            per.put(constraints.get(i), new DeclareConformance.ConstraintResult(act[i], ful[i], vio[i]));
        }
        return new DeclareConformance.LogResult(Collections.unmodifiableList(results), per);
    }
}
