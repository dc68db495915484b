package io.coalition.privacy.bprcs;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;
import io.coalition.privacy.SequencePublisher;
import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
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
        Input input = Input.of(sequences, params);
        List<List<Invocation>> used = input.used;
        List<String> alphabet = input.domain;
        boolean endAware = params.walk() == BprcsParameters.Walk.END_AWARE;
        SequenceGraph graph = SequenceGraph.build(alphabet, used, endAware ? input.complete : null, k,
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
        return new Publication(out, used.size(), input.dropped, input.truncated, releases, alphabet,
                params.alphabet() != null, input.unknownDropped);
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
        Input input = Input.of(sequences, params);
        List<List<Invocation>> used = input.used;
        List<Boolean> complete = input.complete;
        List<String> alphabet = input.domain;
        boolean endAware = params.walk() == BprcsParameters.Walk.END_AWARE;
        SequenceGraph g = SequenceGraph.build(alphabet, used, endAware ? complete : null,
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

    /**
     * The sequences a publication uses: restricted to the public alphabet (refused or projected), the first m of each
     * organization (in input order), truncated to k; and the activity domain.
     */
    private static final class Input {
        final List<List<Invocation>> used = new ArrayList<>();
        /** Per used sequence: not truncated, so its last service really ends it. */
        final List<Boolean> complete = new ArrayList<>();
        int dropped;
        int truncated;
        long unknownDropped;
        List<String> domain;

        static Input of(List<ExecutionSequence> sequences, BprcsParameters params) {
            Input in = new Input();
            PublicAlphabet alphabet = params.alphabet();
            int k = params.maxLength();
            Map<String, Integer> perOrg = new HashMap<>();
            int index = 0;
            for (ExecutionSequence s : sequences) {
                // Every input is checked against the alphabet, also sequences the limit drops below.
                List<Invocation> inv = alphabet == null ? s.invocations() : alphabet.admit(s, index);
                in.unknownDropped += s.length() - inv.size();
                index++;
                if (perOrg.merge(s.organization(), 1, Integer::sum) > params.perOrgLimit()) {
                    in.dropped++;
                    continue;
                }
                if (inv.isEmpty()) continue;
                in.complete.add(inv.size() <= k);
                if (inv.size() > k) {
                    inv = inv.subList(0, k);
                    in.truncated++;
                }
                in.used.add(inv);
            }
            in.domain = PublicAlphabet.domain(alphabet, in.used);
            return in;
        }
    }
}
