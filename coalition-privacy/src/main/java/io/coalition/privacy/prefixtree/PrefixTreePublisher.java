package io.coalition.privacy.prefixtree;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;
import io.coalition.privacy.SequencePublisher;
import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Differentially private trace-variant release with a noisy prefix tree, after Chen, Fung, Desai and Sossou,
 * "Differentially private transit data publication" (KDD 2012), the stronger mechanism seed 002 §7 names.
 *
 * <p>Level by level (h levels, epsilon/h each): every expanded node gets a noisy count for each possible next
 * service and for "ends here"; each sequence adds 1 to exactly one cell per level, so the per-level L1 sensitivity
 * is m. Children whose noisy count reaches the threshold are expanded; each noisy end count at or above the
 * threshold releases that many copies of the prefix. Unlike BPRCS's first-order walk, whole variants survive, so
 * long-range dependencies are kept.
 *
 * <p>Consistency (Chen et al. §4.3, post-processing, on by default): top-down, the released cells of a node (its
 * expanded children and its end count) are projected onto {@code {y >= 0, sum y <= count(node)}} when they exceed
 * the node's own (already consistent) count: the L2-closest such vector, {@code y_i = max(0, x_i - theta)}, rounded
 * to integers by largest remainder. So no prefix is released more often than its parent, and the number of
 * sequences released below a level-1 node never exceeds that node's noisy count. Not implemented: a Markov-model count
 * refinement (see the module README).
 *
 * <p>Parameters (when {@link PrefixTreeParameters#parameterDomains()} declares some): a quarter of epsilon goes to
 * noisy value histograms per released variant, position and parameter (see {@code VariantParameters}); the rest to
 * the tree. Unlike BPRCS, the first invocation's inputs and the last one's outputs are released too.
 */
public final class PrefixTreePublisher implements SequencePublisher {
    private final PrefixTreeParameters params;

    public PrefixTreePublisher(PrefixTreeParameters params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    private static final class Node {
        final int[] prefix;
        final List<int[]> sequences;
        /** The node's released (consistent) noisy count; -1 for the root, which has none. */
        final long count;

        Node(int[] prefix, List<int[]> sequences, long count) {
            this.prefix = prefix;
            this.sequences = sequences;
            this.count = count;
        }
    }

    /** A released node for tests: its prefix, count (-1 for the root) and the released cells below it. */
    record ReleasedNode(List<Integer> prefix, long count, long childrenSum, long endCount) {
    }

    @Override
    public Publication publish(List<ExecutionSequence> sequences, PrivacyAccountant budget, RandomGenerator noise) {
        return publish(sequences, budget, noise, n -> { });
    }

    Publication publish(List<ExecutionSequence> sequences, PrivacyAccountant budget, RandomGenerator noise,
                        java.util.function.Consumer<ReleasedNode> observer) {
        Objects.requireNonNull(sequences, "sequences");
        int m = params.perOrgLimit();
        int h = params.height();
        Map<String, Integer> perOrg = new HashMap<>();
        List<List<Invocation>> used = new ArrayList<>();
        int dropped = 0;
        int truncated = 0;
        long unknownDropped = 0;
        PublicAlphabet publicAlphabet = params.alphabet();
        int index = 0;
        for (ExecutionSequence s : sequences) {
            // Every input is checked against the alphabet, also sequences the limit drops below.
            List<Invocation> inv = publicAlphabet == null ? s.invocations() : publicAlphabet.admit(s, index);
            unknownDropped += s.length() - inv.size();
            index++;
            if (perOrg.merge(s.organization(), 1, Integer::sum) > m) {
                dropped++;
                continue;
            }
            if (inv.size() > h) {
                inv = inv.subList(0, h);
                truncated++;
            }
            used.add(inv);
        }
        List<String> alphabet = PublicAlphabet.domain(publicAlphabet, used);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < alphabet.size(); i++) ids.put(alphabet.get(i), i);
        List<int[]> coded = new ArrayList<>(used.size());
        // The invocations behind each coded sequence, for the parameter release (by identity).
        Map<int[], List<Invocation>> invocationsOf = new java.util.IdentityHashMap<>();
        for (List<Invocation> s : used) {
            int[] c = s.stream().mapToInt(i -> ids.get(i.service())).toArray();
            coded.add(c);
            invocationsOf.put(c, s);
        }

        if (budget.remaining().compareTo(params.epsilon()) < 0) {
            throw new PrivacyException("privacy budget exceeded: prefix tree publication asks epsilon "
                    + params.epsilon().toPlainString() + " but only " + budget.remaining().toPlainString() + " of "
                    + budget.total().toPlainString() + " is left");
        }
        // Sensitivity m under epsilon/h per level is scale m*h/epsilon: built exactly, no rounded epsilon/h.
        DiscreteLaplace levelNoise = DiscreteLaplace.forSensitivity((long) m * h, params.treeEpsilon());
        boolean withParameters = !params.parameterDomains().isEmpty();
        long parameterSensitivity = 2L * params.parameterDomains().size() * h * m;
        DiscreteLaplace parameterNoise = withParameters
                ? DiscreteLaplace.forSensitivity(parameterSensitivity, params.parameterEpsilon()) : null;
        budget.spend("prefix tree, " + h + " levels", params.treeEpsilon());
        if (withParameters) budget.spend("prefix tree parameter distributions", params.parameterEpsilon());
        VariantParameters variantParameters = withParameters
                ? new VariantParameters(params.parameterDomains(), parameterNoise, noise) : null;

        long thresholdNum = (long) params.thresholdScales() * levelNoise.numerator();
        List<ExecutionSequence> out = new ArrayList<>();
        List<Node> frontier = List.of(new Node(new int[0], coded, -1));
        long nodes = 1;
        long cells = 0;
        int n = alphabet.size();
        for (int level = 0; level < h && !frontier.isEmpty(); level++) {
            List<Node> next = new ArrayList<>();
            for (Node node : frontier) {
                long[] counts = new long[n + 1];
                List<List<int[]>> parts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) parts.add(new ArrayList<>());
                for (int[] s : node.sequences) {
                    if (s.length == node.prefix.length) counts[n]++;
                    else {
                        counts[s[node.prefix.length]]++;
                        parts.get(s[node.prefix.length]).add(s);
                    }
                }
                cells += n + 1;
                // Noise every cell, keep those at or above the threshold (children first, the end cell last).
                int[] kept = new int[n + 1];
                long[] values = new long[n + 1];
                int k = 0;
                for (int c = 0; c <= n; c++) {
                    long noisy = levelNoise.addTo(counts[c], noise);
                    if (noisy <= 0 || noisy * levelNoise.denominator() < thresholdNum) continue;
                    kept[k] = c;
                    values[k++] = noisy;
                }
                if (params.consistent() && node.count >= 0) project(values, k, node.count);
                long childrenSum = 0;
                long endCount = 0;
                for (int i = 0; i < k; i++) {
                    if (kept[i] == n) endCount = values[i];
                    else childrenSum += values[i];
                }
                observer.accept(new ReleasedNode(java.util.Arrays.stream(node.prefix).boxed().toList(), node.count,
                        childrenSum, endCount));
                for (int i = 0; i < k; i++) {
                    int c = kept[i];
                    long noisy = values[i];
                    if (noisy <= 0) continue;
                    if (c == n) {
                        if (node.prefix.length > 0) {
                            int len = node.prefix.length;
                            emit(node.prefix, noisy, alphabet, out, variantParameters,
                                    node.sequences.stream().filter(x -> x.length == len).map(invocationsOf::get).toList());
                        }
                        continue;
                    }
                    int[] prefix = java.util.Arrays.copyOf(node.prefix, node.prefix.length + 1);
                    prefix[node.prefix.length] = c;
                    if (level == h - 1) {
                        // A node at depth h can only end: its noisy count is the number of copies released.
                        emit(prefix, noisy, alphabet, out, variantParameters,
                                parts.get(c).stream().map(invocationsOf::get).toList());
                    } else {
                        next.add(new Node(prefix, parts.get(c), noisy));
                    }
                    if (++nodes > params.maxNodes()) {
                        throw new PrivacyException("prefix tree exceeds " + params.maxNodes() + " nodes at level "
                                + (level + 1) + "; raise the threshold or lower the height");
                    }
                }
            }
            frontier = next;
        }
        List<Release> releases = new ArrayList<>();
        releases.add(new Release("prefix tree counts (" + h + " levels)",
                params.treeEpsilon().stripTrailingZeros().toPlainString() + "/" + h + " per level", m,
                levelNoise.numerator() + "/" + levelNoise.denominator(), cells));
        if (withParameters) {
            releases.add(new Release("parameter distributions per released variant",
                    params.parameterEpsilon().stripTrailingZeros().toPlainString(), parameterSensitivity,
                    parameterNoise.numerator() + "/" + parameterNoise.denominator(), variantParameters.cellsReleased()));
        }
        return new Publication(out, used.size(), dropped, truncated, releases, alphabet, publicAlphabet != null,
                unknownDropped);
    }

    /**
     * Projects {@code v[0..k)} (positive) in place onto {@code {y >= 0, sum y <= cap}}: unchanged when the sum fits,
     * else {@code y_i = max(0, v_i - theta)} with theta chosen so the sum is exactly {@code cap} (the Euclidean
     * projection onto the scaled simplex), rounded down, and the remainder given one each to the largest fractional
     * parts (ties to the lower index). Deterministic: it is post-processing of released values only.
     */
    static void project(long[] v, int k, long cap) {
        long sum = 0;
        for (int i = 0; i < k; i++) sum += v[i];
        if (sum <= cap) return;
        if (cap <= 0) {
            java.util.Arrays.fill(v, 0, k, 0);
            return;
        }
        long[] sorted = java.util.Arrays.copyOf(v, k);
        java.util.Arrays.sort(sorted);
        // theta = (sum of the r largest - cap) / r for the largest r whose smallest member stays above theta.
        double theta = 0;
        long prefix = 0;
        for (int r = 1; r <= k; r++) {
            prefix += sorted[k - r];
            double t = (double) (prefix - cap) / r;
            if (sorted[k - r] - t > 0) theta = t;
            else break;
        }
        double[] exact = new double[k];
        long total = 0;
        for (int i = 0; i < k; i++) {
            exact[i] = Math.max(0, v[i] - theta);
            v[i] = (long) Math.floor(exact[i]);
            total += v[i];
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(exact[b] - Math.floor(exact[b]), exact[a] - Math.floor(exact[a])));
        for (int j = 0; total < cap && j < k; j++) {
            if (exact[order[j]] > 0) {
                v[order[j]]++;
                total++;
            }
        }
    }

    private static void emit(int[] prefix, long copies, List<String> alphabet, List<ExecutionSequence> out,
                             VariantParameters parameters, List<List<Invocation>> group) {
        if (parameters != null) {
            List<String> services = new ArrayList<>(prefix.length);
            for (int a : prefix) services.add(alphabet.get(a));
            parameters.emit(services, copies, group, out);
            return;
        }
        List<Invocation> inv = new ArrayList<>(prefix.length);
        for (int a : prefix) inv.add(Invocation.of(alphabet.get(a)));
        ExecutionSequence s = new ExecutionSequence(ExecutionSequence.PUBLISHED, inv);
        for (long i = 0; i < copies; i++) out.add(s);
    }
}
