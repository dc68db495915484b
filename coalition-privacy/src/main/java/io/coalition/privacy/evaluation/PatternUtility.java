package io.coalition.privacy.evaluation;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Seed 002 §6.2.2, Figures 5 and 6: precision and recall of the frequent sequential patterns (lengths 5-10) of the
 * sanitized database against those of the original one, as mean and standard deviation over seeded runs.
 *
 * <p>Run r generates its database from {@code SplittableRandom(seed + r)}, so every mechanism and epsilon sees the
 * same databases; the noise comes from the caller's generator. D is the database that is sanitized (D_S = D): each
 * BP is one organization contributing {@code perBp} sequences, m = perBp.
 */
public final class PatternUtility {
    /** The pattern lengths of Figures 5 and 6. */
    public static final int MIN_LENGTH = 5;
    public static final int MAX_LENGTH = 10;

    /**
     * One point of Figure 5 or 6.
     *
     * @param originalSupport  minimum support in D (fraction of sequences)
     * @param sanitizedSupport minimum support in the sanitized database
     * @param originalPatterns mean number of frequent patterns in D
     * @param precision        percent, approximate match (one edit); a run without sanitized patterns counts 0
     * @param recall           percent, exact match
     */
    public record Row(int bps, int perBp, String epsilon, double originalSupport, double sanitizedSupport, int runs,
                      double originalPatterns, double sanitizedPatterns, Summary precision, Summary recall) {
    }

    private PatternUtility() {
    }

    /** Figure 5: a fixed number of BPs, one row per (epsilon, sanitized support). */
    public static List<Row> byEpsilon(int bps, int perBp, List<BigDecimal> epsilons, double originalSupport,
                                      List<Double> sanitizedSupports, int runs, long seed, PublisherFactory mechanism,
                                      RandomGenerator noise) {
        check(List.of(bps), perBp, runs, originalSupport, sanitizedSupports);
        List<Row> rows = new ArrayList<>();
        for (BigDecimal eps : epsilons) {
            rows.addAll(cell(bps, perBp, eps, originalSupport, sanitizedSupports, runs, seed, mechanism, noise));
        }
        return rows;
    }

    /** Figure 6: a fixed epsilon, one row per (number of BPs, sequences per BP). */
    public static List<Row> byBps(List<Integer> bpCounts, List<Integer> perBps, BigDecimal epsilon,
                                  double originalSupport, double sanitizedSupport, int runs, long seed,
                                  PublisherFactory mechanism, RandomGenerator noise) {
        List<Row> rows = new ArrayList<>();
        for (int perBp : perBps) {
            check(bpCounts, perBp, runs, originalSupport, List.of(sanitizedSupport));
            for (int bps : bpCounts) {
                rows.addAll(cell(bps, perBp, epsilon, originalSupport, List.of(sanitizedSupport), runs, seed,
                        mechanism, noise));
            }
        }
        return rows;
    }

    private static List<Row> cell(int bps, int perBp, BigDecimal eps, double originalSupport, List<Double> supports,
                                  int runs, long seed, PublisherFactory mechanism, RandomGenerator noise) {
        Objects.requireNonNull(eps, "epsilon");
        int s = supports.size();
        List<List<Double>> precision = new ArrayList<>();
        List<List<Double>> recall = new ArrayList<>();
        double[] sanitizedCount = new double[s];
        for (int i = 0; i < s; i++) {
            precision.add(new ArrayList<>());
            recall.add(new ArrayList<>());
        }
        double originalCount = 0;
        for (int run = 0; run < runs; run++) {
            List<ExecutionSequence> d = PurchaseOrders.generate(bps, perBp, new SplittableRandom(seed + run));
            Set<List<String>> original = FrequentPatterns.mine(d, MIN_LENGTH, MAX_LENGTH, originalSupport);
            originalCount += original.size();
            List<ExecutionSequence> san = mechanism.publisher(eps, perBp)
                    .publish(d, new PrivacyAccountant(eps), noise).sequences();
            for (int i = 0; i < s; i++) {
                Set<List<String>> p = san.isEmpty() ? Set.of()
                        : FrequentPatterns.mine(san, MIN_LENGTH, MAX_LENGTH, supports.get(i));
                FrequentPatterns.Overlap o = FrequentPatterns.overlap(original, p);
                precision.get(i).add(o.precision());
                recall.get(i).add(original.isEmpty() ? Double.NaN : o.recall());
                sanitizedCount[i] += p.size();
            }
        }
        List<Row> rows = new ArrayList<>(s);
        String e = eps.stripTrailingZeros().toPlainString();
        for (int i = 0; i < s; i++) {
            rows.add(new Row(bps, perBp, e, originalSupport, supports.get(i), runs, originalCount / runs,
                    sanitizedCount[i] / runs, Summary.of(precision.get(i)), Summary.of(recall.get(i))));
        }
        return rows;
    }

    private static void check(List<Integer> bps, int perBp, int runs, double originalSupport, List<Double> supports) {
        for (int b : bps) if (b < 1) throw new PrivacyException("number of BPs must be at least 1, got " + b);
        if (perBp < 1) throw new PrivacyException("sequences per BP must be at least 1, got " + perBp);
        if (runs < 1) throw new PrivacyException("runs must be at least 1, got " + runs);
        if (!(originalSupport > 0 && originalSupport <= 1)) {
            throw new PrivacyException("original minimum support must be in (0, 1], got " + originalSupport);
        }
        for (double x : supports) {
            if (!(x > 0 && x <= 1)) {
                throw new PrivacyException("sanitized minimum support must be in (0, 1], got " + x);
            }
        }
    }

    /**
     * CSV: bps,per_bp,epsilon,support_original,support_sanitized,runs,patterns_original,patterns_sanitized,
     * precision_mean,precision_std,recall_mean,recall_std (percentages with 2 decimals).
     */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("bps,per_bp,epsilon,support_original,support_sanitized,runs,"
                + "patterns_original,patterns_sanitized,precision_mean,precision_std,recall_mean,recall_std\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%d,%.1f,%.1f,%.2f,%.2f,%.2f,%.2f%n", r.bps(), r.perBp(),
                    r.epsilon(), num(r.originalSupport()), num(r.sanitizedSupport()), r.runs(), r.originalPatterns(),
                    r.sanitizedPatterns(), r.precision().mean(), r.precision().std(), r.recall().mean(),
                    r.recall().std()));
        }
        return sb.toString();
    }

    static String num(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
