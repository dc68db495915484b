package io.coalition.privacy.bprcs;

import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The BP execution sequence graph (seed 002, Definition 4) over a fixed alphabet: c(e) for every ordered pair of
 * services, slen(v) as counts per (start service, length 1..k), and per edge and declared parameter a histogram
 * over the parameter's public domain (inputs of the target, outputs of the source). Mutable during one publication.
 */
final class SequenceGraph {
    private final List<String> alphabet;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int k;
    private final long[][] edges;
    private final long[][] lengths;
    /** END_AWARE only: per service, the untruncated sequences ending there (null for the paper's walk). */
    private final long[] ends;
    private final Map<String, List<String>> domains;
    /**
     * Exact parameter histograms, keyed by {@link #key}: the domain's bins, then {@link BprcsParameters#OTHER}, then
     * {@link Invocation#MASKED} (a masked value is released as masked, never as a value).
     */
    private final Map<String, long[]> histograms = new HashMap<>();
    /** Noisy, clamped histograms, drawn lazily: cells never used by the walk are never released. */
    private final Map<String, long[]> noisyHistograms = new HashMap<>();
    /** Noisy histogram cells below this many scales become 0, as the edge counts do (post-processing). */
    private int parameterPrune;
    /** One shared parameterless invocation per service (records are immutable). */
    private final Invocation[] plain;

    private SequenceGraph(List<String> alphabet, int k, boolean endAware, Map<String, List<String>> domains) {
        this.alphabet = alphabet;
        for (int i = 0; i < alphabet.size(); i++) ids.put(alphabet.get(i), i);
        this.k = k;
        this.edges = new long[alphabet.size()][alphabet.size()];
        // END_AWARE releases only the number of sequences per start: the walk decides the length.
        this.lengths = new long[alphabet.size()][endAware ? 1 : k];
        this.ends = endAware ? new long[alphabet.size()] : null;
        this.domains = domains;
        this.plain = alphabet.stream().map(Invocation::of).toArray(Invocation[]::new);
    }

    /**
     * @param complete per sequence, whether it was not truncated (its last service really ends it); null for the
     *                 paper's walk, which needs no end counts
     */
    static SequenceGraph build(List<String> alphabet, List<List<Invocation>> sequences, List<Boolean> complete, int k,
                               Map<String, List<String>> domains) {
        SequenceGraph g = new SequenceGraph(alphabet, k, complete != null, domains);
        for (int si = 0; si < sequences.size(); si++) {
            List<Invocation> s = sequences.get(si);
            if (s.isEmpty()) continue;
            g.lengths[g.ids.get(s.get(0).service())][complete != null ? 0 : s.size() - 1]++;
            if (complete != null && complete.get(si)) g.ends[g.ids.get(s.get(s.size() - 1).service())]++;
            for (int i = 0; i + 1 < s.size(); i++) {
                int u = g.ids.get(s.get(i).service());
                int v = g.ids.get(s.get(i + 1).service());
                g.edges[u][v]++;
                if (domains.isEmpty()) continue;
                g.count(u, v, true, s.get(i + 1).inputs());
                g.count(u, v, false, s.get(i).outputs());
            }
        }
        return g;
    }

    private void count(int u, int v, boolean input, Map<String, String> values) {
        for (var e : values.entrySet()) {
            List<String> domain = domains.get(e.getKey());
            if (domain == null) continue;
            int bin = Invocation.MASKED.equals(e.getValue()) ? domain.size() + 1 : domain.indexOf(e.getValue());
            if (bin < 0) bin = domain.size();
            histograms.computeIfAbsent(key(u, v, input, e.getKey()), x -> new long[domain.size() + 2])[bin]++;
        }
    }

    private static String key(int u, int v, boolean input, String param) {
        return u + (input ? ">in:" : ">out:") + v + ":" + param;
    }

    void noiseEdges(DiscreteLaplace noise, RandomGenerator rng, int pruneScales) {
        for (long[] row : edges) noiseRow(row, noise, rng, pruneScales);
        if (ends == null) return;
        for (int j = 0; j < ends.length; j++) {
            long c = noise.addTo(ends[j], rng);
            // A noise-made end count turns a service into a terminating state of every mined model, so the end row
            // as a whole gets the false-positive rate of one edge cell: P(Laplace > (S + ln n)b) = e^-S / (2n).
            double threshold = pruneScales == 0 ? 0 : (pruneScales + Math.log(ends.length)) * noise.scale();
            ends[j] = c < 0 || c < threshold ? 0 : c;
        }
    }

    void noiseLengths(DiscreteLaplace noise, RandomGenerator rng, int pruneScales) {
        for (long[] row : lengths) noiseRow(row, noise, rng, pruneScales);
    }

    private static void noiseRow(long[] row, DiscreteLaplace noise, RandomGenerator rng, int pruneScales) {
        for (int j = 0; j < row.length; j++) {
            long c = noise.addTo(row[j], rng);
            // Clamp (post-processing), and optionally drop counts below pruneScales * scale.
            if (c < 0 || c * noise.denominator() < (long) pruneScales * noise.numerator()) c = 0;
            row[j] = c;
        }
    }

    long[][] edgeCounts() {
        long[][] copy = new long[edges.length][];
        for (int i = 0; i < edges.length; i++) copy[i] = edges[i].clone();
        return copy;
    }

    /** END_AWARE only: a copy of the (noisy, once noised) end counts. */
    long[] endCounts() {
        return ends.clone();
    }

    long parameterCellsReleased() {
        long n = 0;
        for (long[] h : noisyHistograms.values()) n += h.length;
        return n;
    }

    /** Lines 9-17 of Algorithm 1: for each start v and each (length, count) in slen(v), count random walks. */
    List<ExecutionSequence> regenerate(SplittableRandom walk, DiscreteLaplace parameterNoise, RandomGenerator noise,
                                       int pruneScales) {
        this.parameterPrune = pruneScales;
        int n = alphabet.size();
        long[][] cumulative = new long[n][];
        for (int u = 0; u < n; u++) {
            long[] c = new long[n];
            long sum = 0;
            for (int v = 0; v < n; v++) c[v] = sum += edges[u][v];
            cumulative[u] = c;
        }
        List<ExecutionSequence> out = new ArrayList<>();
        int[] path = new int[k];
        for (int start = 0; start < n; start++) {
            for (int len = 1; len <= lengths[start].length; len++) {
                for (long c = lengths[start][len - 1]; c > 0; c--) {
                    int size = ends == null ? walk(start, len, cumulative, walk, path)
                            : walkToEnd(start, cumulative, walk, path);
                    if (size > 0) out.add(toSequence(path, size, walk, parameterNoise, noise));
                }
            }
        }
        return out;
    }

    /**
     * END_AWARE: from {@code start}, follow out-edges or the end edge in proportion to their noisy counts until the
     * end edge is taken; returns the length, or 0 (the walk is dropped) when k services pass without an end.
     */
    private int walkToEnd(int start, long[][] cumulative, SplittableRandom rng, int[] path) {
        path[0] = start;
        int size = 1;
        int u = start;
        while (true) {
            long[] c = cumulative[u];
            long out = c[c.length - 1];
            long total = out + ends[u];
            if (total == 0) return 0;
            long r = rng.nextLong(total);
            if (r >= out) return size;
            if (size == k) return 0;
            int v = upperBound(c, r);
            path[size++] = v;
            u = v;
        }
    }

    /** A walk of up to {@code len} nodes; it stops early at a node whose noisy out-edges are all zero. */
    private static int walk(int start, int len, long[][] cumulative, SplittableRandom rng, int[] path) {
        path[0] = start;
        int size = 1;
        int u = start;
        while (size < len) {
            long[] c = cumulative[u];
            long total = c[c.length - 1];
            if (total == 0) break;
            long r = rng.nextLong(total);
            int v = upperBound(c, r);
            path[size++] = v;
            u = v;
        }
        return size;
    }

    /** The first index whose cumulative count exceeds r. */
    private static int upperBound(long[] c, long r) {
        int lo = 0;
        int hi = c.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (c[mid] > r) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private ExecutionSequence toSequence(int[] path, int size, SplittableRandom walk, DiscreteLaplace parameterNoise,
                                         RandomGenerator noise) {
        List<Invocation> inv = new ArrayList<>(size);
        if (parameterNoise == null) {
            for (int i = 0; i < size; i++) inv.add(plain[path[i]]);
            return new ExecutionSequence(ExecutionSequence.PUBLISHED, inv);
        }
        List<Map<String, String>> ins = new ArrayList<>();
        List<Map<String, String>> outs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ins.add(new LinkedHashMap<>());
            outs.add(new LinkedHashMap<>());
        }
        for (int i = 0; i + 1 < size; i++) {
            for (String p : domains.keySet()) {
                String in = sampleValue(path[i], path[i + 1], true, p, walk, parameterNoise, noise);
                if (in != null) ins.get(i + 1).put(p, in);
                String o = sampleValue(path[i], path[i + 1], false, p, walk, parameterNoise, noise);
                if (o != null) outs.get(i).put(p, o);
            }
        }
        for (int i = 0; i < size; i++) inv.add(new Invocation(alphabet.get(path[i]), ins.get(i), outs.get(i)));
        return new ExecutionSequence(ExecutionSequence.PUBLISHED, inv);
    }

    /** A value from the noisy histogram of (u→v, param), or null when that histogram is empty after clamping. */
    private String sampleValue(int u, int v, boolean input, String param, SplittableRandom walk,
                               DiscreteLaplace parameterNoise, RandomGenerator noise) {
        List<String> domain = domains.get(param);
        String key = key(u, v, input, param);
        long[] h = noisyHistograms.computeIfAbsent(key, x -> {
            long[] exact = histograms.getOrDefault(x, new long[domain.size() + 2]);
            long[] noisy = new long[exact.length];
            for (int b = 0; b < exact.length; b++) {
                long c = parameterNoise.addTo(exact[b], noise);
                // Without pruning, a histogram of a parameter the edge never carries (all zero) would release pure
                // noise as values, and values that differ by edge look like a branch condition to ID3.
                if (c < 0 || c * parameterNoise.denominator() < (long) parameterPrune * parameterNoise.numerator()) c = 0;
                noisy[b] = c;
            }
            return noisy;
        });
        long total = 0;
        for (long x : h) total += x;
        if (total == 0) return null;
        long r = walk.nextLong(total);
        for (int b = 0; b < h.length; b++) {
            if (r < h[b]) return b < domain.size() ? domain.get(b) : b == domain.size() ? BprcsParameters.OTHER
                    : Invocation.MASKED;
            r -= h[b];
        }
        throw new IllegalStateException("histogram sampling ran past its total");
    }
}
