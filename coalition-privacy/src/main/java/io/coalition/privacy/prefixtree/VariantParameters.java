package io.coalition.privacy.prefixtree;

import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Parameter release of the prefix tree: for each released variant, a noisy histogram per (position, input or
 * output, declared parameter) over the parameter's public domain, from the original sequences of that variant; each
 * released copy samples its values from them. Conditioning on the whole variant keeps the correlation between a
 * parameter and every later branch (BPRCS keeps it only for the next service). One sequence adds 1 to at most one
 * bin of each of its 2·|P|·h histograms, so the L1 sensitivity per organization is 2·|P|·h·m. Which variants get
 * histograms is decided by the already released tree counts, so releasing them only for those is post-selection.
 */
final class VariantParameters {
    private final Map<String, List<String>> domains;
    private final DiscreteLaplace noise;
    private final RandomGenerator rng;
    private final SplittableRandom sampler;
    private long cells;

    VariantParameters(Map<String, List<String>> domains, DiscreteLaplace noise, RandomGenerator rng) {
        this.domains = domains;
        this.noise = noise;
        this.rng = rng;
        this.sampler = new SplittableRandom(rng.nextLong());
    }

    long cellsReleased() {
        return cells;
    }

    /** {@code copies} sequences of {@code services}, with values sampled from the variant's noisy histograms. */
    void emit(List<String> services, long copies, List<List<Invocation>> group, List<ExecutionSequence> out) {
        int len = services.size();
        // hist[position][0 = inputs, 1 = outputs] per parameter
        List<List<Map<String, long[]>>> hist = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
            List<Map<String, long[]>> io = new ArrayList<>(2);
            for (int dir = 0; dir < 2; dir++) {
                Map<String, long[]> byParam = new LinkedHashMap<>();
                for (var d : domains.entrySet()) {
                    // bins: the domain, other, masked (a masked value is released as masked)
                    long[] h = new long[d.getValue().size() + 2];
                    for (List<Invocation> s : group) {
                        Invocation inv = s.get(i);
                        String v = (dir == 0 ? inv.inputs() : inv.outputs()).get(d.getKey());
                        if (v == null) continue;
                        int bin = Invocation.MASKED.equals(v) ? d.getValue().size() + 1 : d.getValue().indexOf(v);
                        h[bin < 0 ? d.getValue().size() : bin]++;
                    }
                    for (int b = 0; b < h.length; b++) h[b] = Math.max(0, noise.addTo(h[b], rng));
                    cells += h.length;
                    byParam.put(d.getKey(), h);
                }
                io.add(byParam);
            }
            hist.add(io);
        }
        for (long c = 0; c < copies; c++) {
            List<Invocation> inv = new ArrayList<>(len);
            for (int i = 0; i < len; i++) {
                Map<String, String> ins = new LinkedHashMap<>();
                Map<String, String> outs = new LinkedHashMap<>();
                for (String p : domains.keySet()) {
                    String in = sample(hist.get(i).get(0).get(p), domains.get(p));
                    if (in != null) ins.put(p, in);
                    String o = sample(hist.get(i).get(1).get(p), domains.get(p));
                    if (o != null) outs.put(p, o);
                }
                inv.add(new Invocation(services.get(i), ins, outs));
            }
            out.add(new ExecutionSequence(ExecutionSequence.PUBLISHED, inv));
        }
    }

    private String sample(long[] h, List<String> domain) {
        long total = 0;
        for (long x : h) total += x;
        if (total == 0) return null;
        long r = sampler.nextLong(total);
        for (int b = 0; b < h.length; b++) {
            if (r < h[b]) return b < domain.size() ? domain.get(b) : b == domain.size() ? PrefixTreeParameters.OTHER
                    : Invocation.MASKED;
            r -= h[b];
        }
        throw new IllegalStateException("histogram sampling ran past its total");
    }
}
