package io.coalition.mining.conformance;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token-based replay with pm4py's semantics (pm4py {@code token_replay.apply_trace}, default parameters), so
 * fitness values can be compared with pm4py's one to one:
 * <ul>
 *   <li>an event whose activity no transition carries is skipped (no missing tokens);</li>
 *   <li>an event picks the first enabled transition with its label, else the last one (id order);</li>
 *   <li>when it is not enabled, silent transitions are fired along pm4py's shortest silent paths from the marked
 *       places to the places lacking tokens (recursion depth 2), then missing tokens are added;</li>
 *   <li>after the last event, silent paths from marked places to the final places are fired (5 rounds, then the
 *       single-sink variant), then missing/remaining are counted against the final marking.</li>
 * </ul>
 * Trace fitness = 0.5 (1 - m/c) + 0.5 (1 - r/p); a trace fits when m = r = 0. Each variant is replayed once.
 */
public final class TokenReplay {
    private static final int MAX_REC_DEPTH_HIDDEN = 2;
    private static final int MAX_IT_FINAL = 5;

    /**
     * The replay of one trace.
     *
     * @param fired the transitions fired, by index into the net's transition list (id order), silent ones too
     * @param enabledAtEnd whether each transition is enabled, directly or after silent ones, in the reached
     *                     marking (pm4py's {@code enabled_transitions_in_marking}); only computed for the
     *                     prefix replay of precision, else {@code null}
     */
    public record TraceResult(boolean fit, double fitness, int produced, int consumed, int missing, int remaining,
                              int[] fired, boolean[] enabledAtEnd) {
    }

    /** One variant's replay. */
    public record VariantResult(List<String> activities, int count, TraceResult result) {
    }

    /**
     * The replay of a log. {@code logFitness} is pm4py's {@code log_fitness} (from the token sums over all
     * traces), {@code averageTraceFitness} the mean over traces, {@code percentageFittingTraces} in 0..100.
     */
    public record Result(List<VariantResult> variants, double logFitness, double averageTraceFitness,
                         double percentageFittingTraces, long produced, long consumed, long missing,
                         long remaining) {
    }

    private final CompiledNet net;
    private final boolean reachFinal;
    private final boolean stopWhenUnfit;

    private TokenReplay(CompiledNet net, boolean reachFinal, boolean stopWhenUnfit) {
        this.net = net;
        this.reachFinal = reachFinal;
        this.stopWhenUnfit = stopWhenUnfit;
    }

    /** Replays every variant of {@code log} on {@code model}. */
    public static Result replay(IndexedLog log, AcceptingPetriNet model) {
        return replay(log, new CompiledNet(model));
    }

    static Result replay(IndexedLog log, CompiledNet net) {
        TokenReplay tr = new TokenReplay(net, true, false);
        List<VariantResult> vs = new ArrayList<>();
        long p = 0;
        long c = 0;
        long m = 0;
        long r = 0;
        double sumFitness = 0;
        long fitting = 0;
        long traces = 0;
        for (IndexedLog.Variant v : log.variants()) {
            List<String> acts = new ArrayList<>(v.activities().length);
            for (int a : v.activities()) acts.add(log.activity(a));
            TraceResult res = tr.replayTrace(acts);
            vs.add(new VariantResult(List.copyOf(acts), v.count(), res));
            int n = v.count();
            p += (long) res.produced() * n;
            c += (long) res.consumed() * n;
            m += (long) res.missing() * n;
            r += (long) res.remaining() * n;
            sumFitness += res.fitness() * n;
            if (res.fit()) fitting += n;
            traces += n;
        }
        double logFitness = c > 0 && p > 0 ? 0.5 * (1 - (double) m / c) + 0.5 * (1 - (double) r / p) : 1.0;
        return new Result(List.copyOf(vs), logFitness, traces == 0 ? 1.0 : sumFitness / traces,
                traces == 0 ? 100.0 : 100.0 * fitting / traces, p, c, m, r);
    }

    /** pm4py's prefix replay for ETConformance: stop at the first missing token, do not walk to the end. */
    static TraceResult replayPrefix(CompiledNet net, List<String> prefix) {
        return new TokenReplay(net, false, true).replayTrace(prefix);
    }

    /** Replays one activity sequence. */
    public static TraceResult replayTrace(AcceptingPetriNet model, List<String> activities) {
        return new TokenReplay(new CompiledNet(model), true, false).replayTrace(activities);
    }

    private final class Run {
        int[] marking = net.initial.clone();
        final IntList fired = new IntList();
        int produced;
        int consumed;

        void fire(int t) {
            net.fire(t, marking);
            fired.add(t);
        }

        void fireCounted(int t) {
            fire(t);
            consumed += net.consumedBy(t);
            produced += net.producedBy(t);
        }
    }

    TraceResult replayTrace(List<String> activities) {
        Run run = new Run();
        int missing = 0;
        for (int v : net.initial) run.produced += v;
        for (String a : activities) {
            int added = replayEvent(run, a);
            if (added < 0) {
                missing++;
                break;
            }
            missing += added;
        }
        if (reachFinal) reachFinalMarking(run);
        int[] m = run.marking;
        int finalMissing = 0;
        int remaining = 0;
        for (int p = 0; p < net.places; p++) {
            if (net.fin[p] > m[p]) finalMissing += net.fin[p] - m[p];
            remaining += net.fin[p] > 0 ? Math.max(0, m[p] - net.fin[p]) : m[p];
        }
        boolean fit = missing == 0 && remaining == 0;
        if (stopWhenUnfit) fit = missing == 0; // prefix replay ignores remaining tokens
        int consumed = run.consumed;
        for (int v : net.fin) consumed += v;
        missing += finalMissing;
        double fitness = consumed > 0 && run.produced > 0
                ? 0.5 * (1 - (double) missing / consumed) + 0.5 * (1 - (double) remaining / run.produced)
                : 1.0;
        boolean[] enabled = stopWhenUnfit ? net.visibleEventuallyEnabled(m, 10_000) : null;
        return new TraceResult(fit, fitness, run.produced, consumed, missing, remaining, run.fired.toArray(),
                enabled);
    }

    /**
     * Replays one event: picks its transition, fires silent ones to enable it, adds missing tokens and fires it.
     * Returns the tokens added, or -1 when one was missing and this replay stops there (prefix replay).
     */
    private int replayEvent(Run run, String a) {
        int[] ts = net.byLabel.get(a);
        if (ts == null) return 0; // activity not in the model: pm4py ignores the event
        int missing = 0;
        int t = ts[ts.length - 1];
        for (int cand : ts) {
            if (net.enabled(cand, run.marking)) {
                t = cand;
                break;
            }
        }
        if (!net.enabled(t, run.marking)) {
            int before = run.fired.size();
            applyHidden(t, run, 0, new boolean[net.transitions]);
            for (int i = before; i < run.fired.size(); i++) {
                int h = run.fired.get(i);
                run.consumed += net.consumedBy(h);
                run.produced += net.producedBy(h);
            }
        }
        if (!net.enabled(t, run.marking)) {
            if (stopWhenUnfit) return -1;
            // pm4py adds the arc weight (not just the lacking difference) to the marking
            for (int i = 0; i < net.pre[t].length; i++) {
                int p = net.pre[t][i];
                int w = net.preW[t][i];
                if (run.marking[p] < w) {
                    missing += w - run.marking[p];
                    run.marking[p] += w;
                }
            }
        }
        run.consumed += net.consumedBy(t);
        run.produced += net.producedBy(t);
        run.fire(t);
        return missing;
    }

    /**
     * pm4py's prefix replay of one more event from {@code marking} (ETConformance walks the prefix tree with it):
     * the marking after the event, or {@code null} when a token was missing.
     */
    int[] prefixStep(int[] marking, String activity) {
        Run run = new Run();
        run.marking = marking.clone();
        return replayEvent(run, activity) < 0 ? null : run.marking;
    }

    /** A prefix replayer on {@code net}. */
    static TokenReplay prefixReplayer(CompiledNet net) {
        return new TokenReplay(net, false, true);
    }

    private boolean finalPlacesMarked(int[] m) {
        for (int p = 0; p < net.places; p++) if (net.fin[p] > 0 && m[p] <= 0) return false;
        return true;
    }

    /** pm4py: the silent paths from marked places to places of the final marking, shortest first. */
    private void reachFinalMarking(Run run) {
        for (int it = 0; it < MAX_IT_FINAL; it++) {
            if (finalPlacesMarked(run.marking)) break;
            List<int[]> groups = pathsBetween(run.marking, net.fin);
            for (int[] group : groups) {
                for (int t : group) if (net.enabled(t, run.marking)) run.fireCounted(t);
                if (finalPlacesMarked(run.marking)) break;
            }
        }
        if (finalPlacesMarked(run.marking)) return;
        int sink = -1;
        int finals = 0;
        for (int p = 0; p < net.places; p++) {
            if (net.fin[p] > 0) {
                sink = p;
                finals++;
            }
        }
        if (finals != 1) return;
        List<int[]> conns = new ArrayList<>();
        for (int p = 0; p < net.places; p++) {
            if (run.marking[p] > 0) {
                int[] path = net.hiddenPath(p, sink);
                if (path != null) conns.add(path);
            }
        }
        conns.sort((x, y) -> Integer.compare(x.length, y.length));
        for (int it = 0; it < MAX_IT_FINAL; it++) {
            for (int[] path : conns) {
                for (int t : path) {
                    if (net.enabled(t, run.marking)) run.fireCounted(t);
                    else break;
                }
            }
        }
    }

    /** The silent paths from each marked place to each place with {@code target[p] > 0}, shortest first. */
    private List<int[]> pathsBetween(int[] marking, int[] target) {
        List<int[]> r = new ArrayList<>();
        for (int p1 : net.placesByName) {
            if (marking[p1] <= 0) continue;
            for (int p2 : net.placesByName) {
                if (target[p2] <= 0) continue;
                int[] path = net.hiddenPath(p1, p2);
                if (path != null) r.add(path);
            }
        }
        r.sort((x, y) -> Integer.compare(x.length, y.length)); // stable, like Python's sorted
        return r;
    }

    /** pm4py's {@code apply_hidden_trans}: fire silent transitions so that {@code t} becomes enabled. */
    private void applyHidden(int t, Run run, int depth, boolean[] visited) {
        if (depth >= MAX_REC_DEPTH_HIDDEN || visited[t]) return;
        visited[t] = true;
        int[] lacking = new int[net.places];
        for (int i = 0; i < net.pre[t].length; i++) {
            int p = net.pre[t][i];
            if (run.marking[p] < net.preW[t][i]) lacking[p] = 1;
        }
        List<int[]> paths = pathsBetween(run.marking, lacking);
        if (paths.isEmpty()) return;
        enableHidden(t, run, visited, paths);
        if (!net.enabled(t, run.marking)) {
            paths = pathsBetween(run.marking, lacking);
            for (int[] path : paths) {
                for (int t4 : path) {
                    if (t4 == t || visited[t4]) continue;
                    if (!net.enabled(t4, run.marking)) applyHidden(t4, run, depth + 1, visited);
                    if (net.enabled(t4, run.marking)) {
                        run.fire(t4);
                        visited[t4] = true;
                    }
                }
            }
        }
        // pm4py then retries t itself, which returns at once because t is already visited
    }

    /** pm4py's {@code enable_hidden_transitions}: round-robin over the paths, each advanced by a cursor. */
    private void enableHidden(int t, Run run, boolean[] visited, List<int[]> paths) {
        int n = paths.size();
        int[] cursor = new int[n];
        for (int z = 0; ; z++) {
            boolean changed = false;
            int idx = z % n;
            int[] path = paths.get(idx);
            for (int k = cursor[idx]; k < path.length; k++) {
                int t3 = path[cursor[idx]];
                if (t3 != t && net.enabled(t3, run.marking) && !visited[t3]) {
                    run.fire(t3);
                    visited[t3] = true;
                    changed = true;
                }
                cursor[idx]++;
                if (net.enabled(t, run.marking)) break;
            }
            if (net.enabled(t, run.marking) || !changed) return;
        }
    }

    /** A growable int list (avoids boxing in the replay loop). */
    static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
