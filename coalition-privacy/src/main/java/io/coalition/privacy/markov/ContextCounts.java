package io.coalition.privacy.markov;

import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Transition counts per context length 1..h: a context is the j preceding services (most recent first), padded with
 * a start symbol before the first service, packed base n+1 into a long; a row counts the next service or the end
 * (index n). Noisy rows are drawn lazily, once, on first use. Mutable during one publication.
 */
final class ContextCounts {
    private final List<String> alphabet;
    private final int n;
    private final int h;
    private final List<Map<Long, long[]>> exact = new ArrayList<>();
    private final List<Map<Long, long[]>> noisy = new ArrayList<>();
    private final Invocation[] plain;
    private DiscreteLaplace scale;
    private int pruneScales;
    private RandomGenerator rng;

    private ContextCounts(List<String> alphabet, int h) {
        this.alphabet = alphabet;
        this.n = alphabet.size();
        this.h = h;
        for (int j = 0; j < h; j++) {
            exact.add(new HashMap<>());
            noisy.add(new HashMap<>());
        }
        this.plain = alphabet.stream().map(Invocation::of).toArray(Invocation[]::new);
    }

    static ContextCounts build(List<String> alphabet, List<List<Invocation>> sequences, List<Boolean> complete, int h) {
        ContextCounts c = new ContextCounts(alphabet, h);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < alphabet.size(); i++) ids.put(alphabet.get(i), i);
        for (int si = 0; si < sequences.size(); si++) {
            List<Invocation> s = sequences.get(si);
            int[] path = new int[s.size()];
            for (int i = 0; i < path.length; i++) path[i] = ids.get(s.get(i).service());
            int last = complete.get(si) ? path.length : path.length - 1;
            for (int pos = 0; pos <= last; pos++) {
                int target = pos < path.length ? path[pos] : c.n;
                for (int j = 1; j <= h; j++) {
                    c.exact.get(j - 1).computeIfAbsent(c.context(path, pos, j), x -> new long[c.n + 1])[target]++;
                }
            }
        }
        return c;
    }

    /** The L1 distance between the exact order-{@code order} tables of two databases (the sensitivity's test). */
    long l1Distance(ContextCounts other, int order) {
        Map<Long, long[]> a = exact.get(order - 1);
        Map<Long, long[]> b = other.exact.get(order - 1);
        java.util.Set<Long> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        long d = 0;
        for (long key : keys) {
            long[] x = a.getOrDefault(key, new long[n + 1]);
            long[] y = b.getOrDefault(key, new long[n + 1]);
            for (int t = 0; t <= n; t++) d += Math.abs(x[t] - y[t]);
        }
        return d;
    }

    /** The j services before position {@code pos}, most recent first, start-padded. */
    private long context(int[] path, int pos, int j) {
        long key = 0;
        for (int t = 1; t <= j; t++) key = key * (n + 1) + (pos - t >= 0 ? path[pos - t] : n);
        return key;
    }

    void noise(DiscreteLaplace scale, int pruneScales, RandomGenerator rng) {
        this.scale = scale;
        this.pruneScales = pruneScales;
        this.rng = rng;
    }

    long cellsReleased(int order) {
        return (long) noisy.get(order - 1).size() * (n + 1);
    }

    long[] row(int order, long key) {
        return noisy.get(order - 1).computeIfAbsent(key, x -> {
            long[] e = exact.get(order - 1).get(x);
            long[] r = new long[n + 1];
            for (int t = 0; t <= n; t++) {
                long c = scale.addTo(e == null ? 0 : e[t], rng);
                r[t] = c < 0 || c * scale.denominator() < (long) pruneScales * scale.numerator() ? 0 : c;
            }
            return r;
        });
    }

    /**
     * As many walks as the noisy order-1 start row counts sequences. Each step samples the next service or the end
     * from the longest context whose noisy row total reaches {@code backoffScales} scales (order 1: any non-zero
     * row); a walk without such a row, or still running after k services, is dropped.
     */
    List<ExecutionSequence> regenerate(int k, int backoffScales, SplittableRandom walk) {
        long walks = 0;
        for (long c : row(1, n)) walks += c;
        double backoff = backoffScales * scale.scale();
        List<ExecutionSequence> out = new ArrayList<>();
        int[] path = new int[k];
        for (long w = 0; w < walks; w++) {
            int size = walk(path, k, backoff, walk);
            if (size <= 0) continue;
            List<Invocation> inv = new ArrayList<>(size);
            for (int i = 0; i < size; i++) inv.add(plain[path[i]]);
            out.add(new ExecutionSequence(ExecutionSequence.PUBLISHED, inv));
        }
        return out;
    }

    private int walk(int[] path, int k, double backoff, SplittableRandom rng) {
        int size = 0;
        while (true) {
            long[] r = null;
            long total = 0;
            for (int j = h; j >= 1; j--) {
                long[] candidate = row(j, context(path, size, j));
                long t = 0;
                for (long c : candidate) t += c;
                if (t > 0 && (j == 1 || t >= backoff)) {
                    r = candidate;
                    total = t;
                    break;
                }
            }
            if (r == null) return 0;
            long x = rng.nextLong(total);
            int target = 0;
            while (x >= r[target]) x -= r[target++];
            if (target == n) return size;
            if (size == k) return 0;
            path[size++] = target;
        }
    }
}
