package io.coalition.mining.declare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link DeclareDiscovery} fed one trace at a time: {@link #model()} equals
 * {@code DeclareDiscovery.discover(log, minSupport, minConfidence, templates)} on a log of exactly the traces
 * added, in any order. Keeps counters per template and activity (pair), nothing per trace.
 *
 * <p>How: a constraint {@code t(a, b)}'s support and confidence are sums over traces of "activated" and
 * "activated and not violated" ({@link DeclareChecker}). The traces containing both {@code a} and {@code b} are
 * checked when added and counted per (template, a, b). For the other traces the outcome depends only on which of
 * {@code a}, {@code b} they contain (for every one of the 16 templates, checked by
 * {@code IncrementalDeclareDiscoveryTest}): it is read once from {@link DeclareChecker} on a one-event probe
 * trace, and multiplied at {@link #model()} time by how many traces fall into that class, known from the number
 * of traces, the traces containing each activity and those containing each pair. So an activity first seen
 * after many traces needs no back-filling: those traces are simply the ones that did not contain it. Unary
 * templates work the same with the classes "contains a" (checked) and "does not".
 *
 * <p>Memory: per activity and template two ints; per ordered pair of activities seen together one int, plus
 * two ints per binary template: O(templates x activities^2), independent of the number of traces.
 * Per trace, time is O(k^2 x length) for its k distinct activities. Not thread-safe.
 */
public final class IncrementalDeclareDiscovery {
    private static final DeclareTemplate[] ALL = DeclareTemplate.values();
    // probe outcomes, by template ordinal: [class][0 = activated, 1 = activated and not violated]
    private static final int ONLY_A = 0, ONLY_B = 1, NEITHER = 2;
    private static final boolean[][][] PROBE = probes();

    private final double minSupport;
    private final double minConfidence;
    private final Set<DeclareTemplate> templates;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private int traces;
    private int[] containing = new int[8];
    /** Traces containing both a and b, a != b. */
    private final Square both = new Square();
    /** Per template: over traces containing a (unary) or both a and b (binary): activated, and not violated. */
    private final Square[] support = new Square[ALL.length];
    private final Square[] confidence = new Square[ALL.length];

    public IncrementalDeclareDiscovery() {
        this(DeclareDiscovery.DEFAULT_MIN_SUPPORT, DeclareDiscovery.DEFAULT_MIN_CONFIDENCE);
    }

    public IncrementalDeclareDiscovery(double minSupport, double minConfidence) {
        this(minSupport, minConfidence, EnumSet.allOf(DeclareTemplate.class));
    }

    /** As {@link DeclareDiscovery#discover(io.coalition.mining.log.IndexedLog, double, double, Set)}. */
    public IncrementalDeclareDiscovery(double minSupport, double minConfidence, Set<DeclareTemplate> templates) {
        if (!(minSupport >= 0 && minSupport <= 1) || !(minConfidence >= 0 && minConfidence <= 1))
            throw new IllegalArgumentException("thresholds must be in [0, 1]: " + minSupport + ", " + minConfidence);
        this.minSupport = minSupport;
        this.minConfidence = minConfidence;
        this.templates = EnumSet.copyOf(Objects.requireNonNull(templates, "templates"));
        for (DeclareTemplate t : ALL) {
            support[t.ordinal()] = new Square();
            confidence[t.ordinal()] = new Square();
        }
    }

    private static boolean[][][] probes() {
        boolean[][][] p = new boolean[ALL.length][3][2];
        // activity 0 = a, 1 = b, 2 = another one
        DeclareChecker[] probe = {new DeclareChecker(new int[]{0}, 3), new DeclareChecker(new int[]{1}, 3),
                new DeclareChecker(new int[]{2}, 3)};
        for (DeclareTemplate t : ALL) {
            for (int k = 0; k < 3; k++) {
                int b = t.isBinary() ? 1 : -1;
                boolean on = probe[k].activated(t, 0, b);
                p[t.ordinal()][k][0] = on;
                p[t.ordinal()][k][1] = on && !probe[k].violated(t, 0, b);
            }
        }
        return p;
    }

    /** Adds one trace (activity names in order). */
    public IncrementalDeclareDiscovery add(List<String> activities) {
        int[] trace = new int[activities.size()];
        for (int i = 0; i < trace.length; i++) trace[i] = id(activities.get(i));
        traces++;
        if (trace.length == 0) return this;
        DeclareChecker checker = new DeclareChecker(trace, names.size());
        int[] present = Arrays.stream(trace).distinct().toArray();
        for (int a : present) {
            containing[a]++;
            for (DeclareTemplate t : ALL) {
                if (t.isBinary()) continue;
                count(t, checker, a, -1, a, a);
            }
            for (int b : present) {
                if (a == b) continue;
                both.inc(a, b, 1);
                for (DeclareTemplate t : ALL) if (t.isBinary()) count(t, checker, a, b, a, b);
            }
        }
        return this;
    }

    private void count(DeclareTemplate t, DeclareChecker checker, int a, int b, int row, int col) {
        if (!checker.activated(t, a, b)) return;
        support[t.ordinal()].inc(row, col, 1);
        if (!checker.violated(t, a, b)) confidence[t.ordinal()].inc(row, col, 1);
    }

    private int id(String name) {
        Integer i = ids.get(name);
        if (i != null) return i;
        int n = names.size();
        ids.put(name, n);
        names.add(name);
        if (n == containing.length) containing = Arrays.copyOf(containing, n * 2);
        return n;
    }

    /** The number of traces added. */
    public int traceCount() {
        return traces;
    }

    /** The number of distinct activities seen: the counters are O(templates x this^2). */
    public int activityCount() {
        return names.size();
    }

    /** The model of the traces added so far; equals the batch discovery on them. */
    public DeclareModel model() {
        int n = names.size();
        DeclareModel.Builder out = DeclareModel.builder();
        for (DeclareTemplate t : templates) {
            boolean[][] p = PROBE[t.ordinal()];
            for (int a = 0; a < n; a++) {
                if (!t.isBinary()) {
                    long absent = traces - containing[a];
                    long sup = support[t.ordinal()].get(a, a) + (p[ONLY_B][0] ? absent : 0);
                    long conf = confidence[t.ordinal()].get(a, a) + (p[ONLY_B][1] ? absent : 0);
                    consider(out, t, a, -1, sup, conf);
                    continue;
                }
                for (int b = 0; b < n; b++) {
                    if (a == b) continue;
                    long ab = both.get(a, b);
                    long[] cls = {containing[a] - ab, containing[b] - ab, traces - containing[a] - containing[b] + ab};
                    long sup = support[t.ordinal()].get(a, b), conf = confidence[t.ordinal()].get(a, b);
                    for (int k = 0; k < 3; k++) {
                        if (p[k][0]) sup += cls[k];
                        if (p[k][1]) conf += cls[k];
                    }
                    consider(out, t, a, b, sup, conf);
                }
            }
        }
        return out.build();
    }

    private void consider(DeclareModel.Builder out, DeclareTemplate t, int a, int b, long support, long confidence) {
        // the batch's test, with the same int counts and double divisions
        if (support == 0 || (double) support / traces < minSupport
                || (double) confidence / support < minConfidence) return;
        DeclareConstraint c = t.isBinary()
                ? DeclareConstraint.binary(t, names.get(a), names.get(b)) : DeclareConstraint.unary(t, names.get(a));
        out.add(c, Math.toIntExact(support), Math.toIntExact(confidence));
    }

    /** A square int matrix over first-seen activity ids that grows with the alphabet. */
    private static final class Square {
        private int cap;
        private int[] data = new int[0];

        int get(int a, int b) {
            return a < cap && b < cap ? data[a * cap + b] : 0;
        }

        void inc(int a, int b, int by) {
            int need = Math.max(a, b) + 1;
            if (need > cap) {
                int c = Math.max(need, Math.max(4, cap * 2));
                int[] d = new int[c * c];
                for (int i = 0; i < cap; i++) System.arraycopy(data, i * cap, d, i * c, cap);
                data = d;
                cap = c;
            }
            data[a * cap + b] += by;
        }
    }
}
