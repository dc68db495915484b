package io.coalition.mining.declare;

import io.coalition.mining.log.IndexedLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-trace Declare conformance as CONFINE computes it: a trace's deviations are the constraints it
 * violates, in CONFINE's check order (template order, then the model's canonical order; CONFINE's own
 * order within a template is Go's random map order); fitness = 1 - deviations / constraints
 * ({@code dev_fitness}), fit = no deviation. Activations and fulfilments (activated and not violated) are
 * added per trace and per constraint; a succession that neither activity activates still counts as a
 * violation, as in CONFINE.
 */
public final class DeclareConformance {
    private DeclareConformance() {
    }

    /** One trace's result; {@code deviations} are the violated constraints. */
    public record TraceResult(String caseId, int constraints, int activations, int fulfilments,
                              List<DeclareConstraint> deviations) {
        public TraceResult {
            deviations = List.copyOf(deviations);
        }

        public int violations() {
            return deviations.size();
        }

        /** CONFINE's {@code dev_fitness}: 1 - violations / constraints (1 for an empty model). */
        public double fitness() {
            return constraints == 0 ? 1.0 : 1 - (double) deviations.size() / (double) constraints;
        }

        /** CONFINE's {@code is_fit}. */
        public boolean isFit() {
            return deviations.isEmpty();
        }
    }

    /** Counts of one constraint over the log, in traces. */
    public record ConstraintResult(int activations, int fulfilments, int violations) {
    }

    /** The log's result: per-trace results in log order and per-constraint totals in model order. */
    public record LogResult(List<TraceResult> traces, Map<DeclareConstraint, ConstraintResult> constraints) {
        public LogResult {
            traces = List.copyOf(traces);
            constraints = Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
        }

        /** Mean trace fitness (1 for an empty log). */
        public double fitness() {
            if (traces.isEmpty()) return 1.0;
            double sum = 0;
            for (TraceResult t : traces) sum += t.fitness();
            return sum / traces.size();
        }

        public int fittingTraces() {
            int n = 0;
            for (TraceResult t : traces) if (t.isFit()) n++;
            return n;
        }

        public int violations() {
            int n = 0;
            for (TraceResult t : traces) n += t.violations();
            return n;
        }
    }

    /** Checks every trace of {@code log} against every constraint of {@code model}. */
    public static LogResult check(IndexedLog log, DeclareModel model) {
        List<DeclareConstraint> cs = model.constraints();
        int m = cs.size();
        DeclareTemplate[] tpl = new DeclareTemplate[m];
        int[] a = new int[m];
        int[] b = new int[m];
        for (int i = 0; i < m; i++) {
            DeclareConstraint c = cs.get(i);
            tpl[i] = c.template();
            a[i] = log.id(c.a());
            b[i] = c.template().isBinary() ? log.id(c.b()) : -1;
        }
        int[] act = new int[m], ful = new int[m], vio = new int[m];
        List<TraceResult> traces = new ArrayList<>(log.traceCount());
        for (int t = 0; t < log.traceCount(); t++) {
            DeclareChecker checker = new DeclareChecker(log.trace(t), log.activityCount());
            List<DeclareConstraint> dev = new ArrayList<>();
            int activations = 0, fulfilments = 0;
            for (int i = 0; i < m; i++) {
                boolean on = checker.activated(tpl[i], a[i], b[i]);
                boolean bad = checker.violated(tpl[i], a[i], b[i]);
                if (on) { activations++; act[i]++; }
                if (bad) { dev.add(cs.get(i)); vio[i]++; } else if (on) { fulfilments++; ful[i]++; }
            }
            traces.add(new TraceResult(log.caseId(t), m, activations, fulfilments, dev));
        }
        Map<DeclareConstraint, ConstraintResult> per = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) per.put(cs.get(i), new ConstraintResult(act[i], ful[i], vio[i]));
        return new LogResult(traces, per);
    }
}
