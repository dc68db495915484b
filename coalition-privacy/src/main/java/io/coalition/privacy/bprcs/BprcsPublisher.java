package io.coalition.privacy.bprcs;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.SequencePublisher;
import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * BPRCS Algorithm 1 (seed 002 §4.1): build the execution sequence graph (edge counts c(e), parameter
 * distributions dist_ip/dist_op, start lengths slen(v)), add discrete Laplace noise, clamp, and regenerate the
 * sequences by random walks. Corrections to the paper are listed in the module README; in short: the noise scale is
 * sensitivity/budget over the per-organization sensitivity, k is public, noise is added over the whole (public)
 * activity-pair domain and also to slen and the parameter histograms, and the whole budget is accounted.
 *
 * <p>Privacy unit: one organization with at most m sequences (extra sequences are dropped, in input order).
 * The activity alphabet (service ids) is treated as public, as SaCoFa and TraVaS also do.
 */
public final class BprcsPublisher implements SequencePublisher {
    private final BprcsParameters params;

    public BprcsPublisher(BprcsParameters params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    public BprcsParameters parameters() {
        return params;
    }

    @Override
    public Publication publish(List<ExecutionSequence> sequences, PrivacyAccountant budget, RandomGenerator noise) {
        Objects.requireNonNull(sequences, "sequences");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(noise, "noise");
        if (budget.remaining().compareTo(params.epsilon()) < 0) {
            throw new PrivacyException("privacy budget exceeded: BPRCS publication asks epsilon "
                    + params.epsilon().toPlainString() + " but only " + budget.remaining().toPlainString() + " of "
                    + budget.total().toPlainString() + " is left");
        }
        int m = params.perOrgLimit();
        int k = params.maxLength();

        // Contribution bound: the first m sequences of each organization; then truncation to k.
        Map<String, Integer> perOrg = new HashMap<>();
        List<List<Invocation>> used = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        int dropped = 0;
        int truncated = 0;
        for (ExecutionSequence s : sequences) {
            int n = perOrg.merge(s.organization(), 1, Integer::sum);
            if (n > m) {
                dropped++;
                continue;
            }
            if (s.length() == 0) continue;
            List<Invocation> inv = s.invocations();
            complete.add(inv.size() <= k);
            if (inv.size() > k) {
                inv = inv.subList(0, k);
                truncated++;
            }
            used.add(inv);
        }

        TreeSet<String> alphabet = new TreeSet<>();
        for (List<Invocation> s : used) for (Invocation i : s) alphabet.add(i.service());
        boolean endAware = params.walk() == BprcsParameters.Walk.END_AWARE;
        SequenceGraph graph = SequenceGraph.build(List.copyOf(alphabet), used, endAware ? complete : null, k,
                params.parameterDomains());

        List<Release> releases = new ArrayList<>();
        // Sensitivities per organization (m sequences of at most k invocations, k-1 edges each).
        // END_AWARE adds one end edge per sequence: k edges.
        long edgeSensitivity = (long) m * (endAware ? k : Math.max(1, k - 1));
        long lengthSensitivity = m;
        long parameterSensitivity = 2L * params.parameterDomains().size() * m * Math.max(1, k - 1);
        DiscreteLaplace edgeNoise = DiscreteLaplace.forSensitivity(edgeSensitivity, params.edgeEpsilon());
        DiscreteLaplace lengthNoise = DiscreteLaplace.forSensitivity(lengthSensitivity, params.lengthEpsilon());
        DiscreteLaplace parameterNoise = params.parameterDomains().isEmpty() ? null
                : DiscreteLaplace.forSensitivity(parameterSensitivity, params.parameterEpsilon());
        // All spends are granted before any noise is drawn.
        budget.spend("BPRCS edge counts c(e)", params.edgeEpsilon());
        budget.spend("BPRCS start lengths slen(v)", params.lengthEpsilon());
        if (parameterNoise != null) budget.spend("BPRCS parameter distributions dist_ip/dist_op", params.parameterEpsilon());

        int n = alphabet.size();
        graph.noiseEdges(edgeNoise, noise, params.pruneScales());
        releases.add(release(endAware ? "edge counts c(e) and end counts" : "edge counts c(e)", params.edgeEpsilon(),
                edgeSensitivity, edgeNoise, (long) n * (endAware ? n + 1 : n)));
        graph.noiseLengths(lengthNoise, noise, params.pruneScales());
        releases.add(release(endAware ? "start counts" : "start lengths slen(v)", params.lengthEpsilon(), lengthSensitivity,
                lengthNoise, (long) n * (endAware ? 1 : k)));

        SplittableRandom walk = new SplittableRandom(noise.nextLong());
        List<ExecutionSequence> out = graph.regenerate(walk, parameterNoise, noise, params.pruneScales());
        if (parameterNoise != null) {
            releases.add(release("parameter distributions dist_ip/dist_op", params.parameterEpsilon(),
                    parameterSensitivity, parameterNoise, graph.parameterCellsReleased()));
        }
        return new Publication(out, used.size(), dropped, truncated, releases);
    }

    private static Release release(String purpose, BigDecimal eps, long sensitivity, DiscreteLaplace noise, long cells) {
        return new Release(purpose, eps.stripTrailingZeros().toPlainString(), sensitivity,
                noise.numerator() + "/" + noise.denominator(), cells);
    }

    /**
     * The noisy graph without regeneration, for the mechanism's statistical tests: the edge counts, and with the
     * end-aware walk the end counts as an extra last column.
     */
    static long[][] noisyEdgeCounts(List<ExecutionSequence> sequences, BprcsParameters params, RandomGenerator noise) {
        TreeSet<String> alphabet = new TreeSet<>();
        List<List<Invocation>> used = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        Map<String, Integer> perOrg = new LinkedHashMap<>();
        for (ExecutionSequence s : sequences) {
            if (perOrg.merge(s.organization(), 1, Integer::sum) > params.perOrgLimit()) continue;
            complete.add(s.invocations().size() <= params.maxLength());
            List<Invocation> inv = s.invocations().size() > params.maxLength()
                    ? s.invocations().subList(0, params.maxLength()) : s.invocations();
            used.add(inv);
            for (Invocation i : inv) alphabet.add(i.service());
        }
        boolean endAware = params.walk() == BprcsParameters.Walk.END_AWARE;
        SequenceGraph g = SequenceGraph.build(List.copyOf(alphabet), used, endAware ? complete : null,
                params.maxLength(), params.parameterDomains());
        long sensitivity = (long) params.perOrgLimit() * (endAware ? params.maxLength() : Math.max(1, params.maxLength() - 1));
        g.noiseEdges(DiscreteLaplace.forSensitivity(sensitivity, params.edgeEpsilon()), noise, params.pruneScales());
        long[][] edges = g.edgeCounts();
        if (!endAware) return edges;
        long[] ends = g.endCounts();
        long[][] out = new long[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            out[i] = java.util.Arrays.copyOf(edges[i], edges[i].length + 1);
            out[i][edges[i].length] = ends[i];
        }
        return out;
    }
}
