package io.coalition.mining.declare;

import io.coalition.mining.log.IndexedLog;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Declare discovery as pm4py's classic variant (which produced CONFINE's JSON models): every template is
 * instantiated over the log's activities (pairs of distinct activities for binary templates); support =
 * traces that activate the constraint ({@link DeclareChecker#activated}), confidence = those of them that
 * do not violate it. A constraint is kept when support / traces >= {@code minSupport} and confidence /
 * support >= {@code minConfidence}; pm4py's defaults are 0.8 and 0.8. Traces are evaluated once per variant.
 */
public final class DeclareDiscovery {
    /** pm4py's default minimum support ratio. */
    public static final double DEFAULT_MIN_SUPPORT = 0.8;
    /** pm4py's default minimum confidence ratio. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.8;

    private DeclareDiscovery() {
    }

    public static DeclareModel discover(IndexedLog log) {
        return discover(log, DEFAULT_MIN_SUPPORT, DEFAULT_MIN_CONFIDENCE, EnumSet.allOf(DeclareTemplate.class));
    }

    public static DeclareModel discover(IndexedLog log, double minSupport, double minConfidence) {
        return discover(log, minSupport, minConfidence, EnumSet.allOf(DeclareTemplate.class));
    }

    /** Discovers the constraints of {@code templates} that pass both thresholds (ratios in [0, 1]). */
    public static DeclareModel discover(IndexedLog log, double minSupport, double minConfidence,
                                        Set<DeclareTemplate> templates) {
        if (!(minSupport >= 0 && minSupport <= 1) || !(minConfidence >= 0 && minConfidence <= 1))
            throw new IllegalArgumentException("thresholds must be in [0, 1]: " + minSupport + ", " + minConfidence);
        List<IndexedLog.Variant> variants = log.variants();
        int nAct = log.activityCount();
        DeclareChecker[] checkers = new DeclareChecker[variants.size()];
        for (int v = 0; v < checkers.length; v++)
            checkers[v] = new DeclareChecker(variants.get(v).activities(), nAct);
        int traces = log.traceCount();
        DeclareModel.Builder out = DeclareModel.builder();
        for (DeclareTemplate t : templates) {
            for (int a = 0; a < nAct; a++) {
                if (!t.isBinary()) {
                    consider(out, t, a, -1, log, variants, checkers, traces, minSupport, minConfidence);
                    continue;
                }
                for (int b = 0; b < nAct; b++)
                    if (a != b) consider(out, t, a, b, log, variants, checkers, traces, minSupport, minConfidence);
            }
        }
        return out.build();
    }

    private static void consider(DeclareModel.Builder out, DeclareTemplate t, int a, int b, IndexedLog log,
                                 List<IndexedLog.Variant> variants, DeclareChecker[] checkers, int traces,
                                 double minSupport, double minConfidence) {
        int support = 0, confidence = 0;
        for (int v = 0; v < checkers.length; v++) {
            if (!checkers[v].activated(t, a, b)) continue;
            int n = variants.get(v).count();
            support += n;
            if (!checkers[v].violated(t, a, b)) confidence += n;
        }
        if (support == 0 || (double) support / traces < minSupport
                || (double) confidence / support < minConfidence) return;
        String sa = log.activity(a);
        DeclareConstraint c = t.isBinary()
                ? DeclareConstraint.binary(t, sa, log.activity(b)) : DeclareConstraint.unary(t, sa);
        out.add(c, support, confidence);
    }
}
