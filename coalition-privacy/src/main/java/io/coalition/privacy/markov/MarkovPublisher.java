package io.coalition.privacy.markov;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;
import io.coalition.privacy.SequencePublisher;
import io.coalition.privacy.noise.DiscreteLaplace;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Higher-order extension of BPRCS (not in seed 002): instead of the first-order sequence graph, release the counts
 * of "context of j preceding services -> next service or end" for every context length j = 1..h, and regenerate
 * sequences by a variable-order Markov walk that uses the longest context whose noisy counts are reliable.
 *
 * <p>Privacy: one sequence of at most k services adds 1 to at most k + 1 cells of each order's table (k services
 * and the end; contexts before the first service are padded with a start symbol, so the first service is the
 * context-(start) transition and no separate start counts are needed). An organization with m sequences changes
 * at most m(k+1) cells by 1 per order: each order is released with the discrete Laplace mechanism at sensitivity
 * m(k+1) and budget epsilon/h, and the h releases compose sequentially to epsilon. Every cell of the (public)
 * domain gets noise; rows are drawn lazily the first time the walk consults them, which equals releasing all rows
 * and reading some (post-processing). Clamping, pruning, back-off and the walk are post-processing.
 *
 * <p>Why: a first-order walk forgets which services it has already passed (through the parallel price and settlement
 * services it repeats or skips them), so long sequential patterns of D (seed 002 Figures 5 and 6) are lost even
 * without noise. Parameters (dist_ip/dist_op) are not released by this mechanism.
 */
public final class MarkovPublisher implements SequencePublisher {
    private final MarkovParameters params;

    public MarkovPublisher(MarkovParameters params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    public MarkovParameters parameters() {
        return params;
    }

    @Override
    public Publication publish(List<ExecutionSequence> sequences, PrivacyAccountant budget, RandomGenerator noise) {
        Objects.requireNonNull(sequences, "sequences");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(noise, "noise");
        if (budget.remaining().compareTo(params.epsilon()) < 0) {
            throw new PrivacyException("privacy budget exceeded: Markov publication asks epsilon "
                    + params.epsilon().toPlainString() + " but only "
                    + budget.remaining().stripTrailingZeros().toPlainString() + " of "
                    + budget.total().stripTrailingZeros().toPlainString() + " is left");
        }
        int m = params.perOrgLimit();
        int k = params.maxLength();
        int h = params.order();

        Map<String, Integer> perOrg = new HashMap<>();
        List<List<Invocation>> used = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
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
            if (inv.isEmpty()) continue;
            complete.add(inv.size() <= k);
            if (inv.size() > k) {
                inv = inv.subList(0, k);
                truncated++;
            }
            used.add(inv);
        }
        List<String> alphabet = PublicAlphabet.domain(publicAlphabet, used);
        if (Math.pow(alphabet.size() + 1, h) >= 0x1p62) {
            throw new PrivacyException("Markov order " + h + " is too large for " + alphabet.size()
                    + " services (contexts must fit in 62 bits)");
        }

        long sensitivity = (long) m * (k + 1);
        // epsilon/h per order; the last order takes the remainder so the spends add up to epsilon exactly.
        BigDecimal share = params.epsilon().divide(BigDecimal.valueOf(h), new MathContext(34, RoundingMode.DOWN));
        DiscreteLaplace scale = DiscreteLaplace.forSensitivity(sensitivity * h, params.epsilon());
        List<BigDecimal> spends = new ArrayList<>();
        for (int j = 1; j <= h; j++) {
            BigDecimal e = j < h ? share : params.epsilon().subtract(share.multiply(BigDecimal.valueOf(h - 1)));
            spends.add(e);
        }
        // All spends are granted before any noise is drawn.
        for (int j = 1; j <= h; j++) budget.spend("Markov order-" + j + " transition counts", spends.get(j - 1));

        ContextCounts counts = ContextCounts.build(alphabet, used, complete, h);
        counts.noise(scale, params.pruneScales(), noise);
        SplittableRandom walk = new SplittableRandom(noise.nextLong());
        List<ExecutionSequence> out = counts.regenerate(k, params.backoffScales(), walk);

        List<Release> releases = new ArrayList<>();
        for (int j = 1; j <= h; j++) {
            releases.add(new Release("order-" + j + " transition counts (context of " + j + " services -> next or end)",
                    spends.get(j - 1).stripTrailingZeros().toPlainString(), sensitivity,
                    scale.numerator() + "/" + scale.denominator(), counts.cellsReleased(j)));
        }
        return new Publication(out, used.size(), dropped, truncated, releases, alphabet, publicAlphabet != null,
                unknownDropped);
    }
}
