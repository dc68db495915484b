package io.coalition.privacy.evaluation;

import io.coalition.eventlog.EventLog;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.privacy.SequencePublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Sequences;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Result utility on a real log, as in the TraVaS/SaCoFa experiments (../shared/data/dp/travas-results.md): publish
 * the log privately, discover a model from the private log with the inductive miner infrequent (noise 0.2, pm4py's
 * default), and evaluate the model against the ORIGINAL log (token-replay fitness, token-based ETC precision).
 * The IMf is the default variant unless one is given; TraVaS ran pm4py 2.2's
 * ({@link InductiveMiner.Variant#PM4PY_PLAIN}), with which the baseline rows equal TraVaS' published baselines.
 */
public final class RealLogUtility {
    /** One row of the utility table; fitness and precision are NaN when the private log is empty. */
    public record Row(String epsilon, int run, int privateTraces, double fitness, double precision) {
    }

    /** The runs of one epsilon: mean and standard deviation of each measure (runs without output are missing). */
    public record Summarized(String epsilon, int runs, Summary privateTraces, Summary fitness, Summary precision) {
    }

    /** Noise threshold of the IMf discovery, pm4py's default as in the TraVaS notebooks. */
    public static final double IMF_NOISE = 0.2;

    private RealLogUtility() {
    }

    /** The IMf model of {@code log} evaluated on {@code log} itself: the non-private baseline. */
    public static Row baseline(EventLog log) {
        return baseline(log, InductiveMiner.Variant.IM_CLEAN);
    }

    /** As {@link #baseline(EventLog)}, with the given Inductive Miner variant. */
    public static Row baseline(EventLog log, InductiveMiner.Variant variant) {
        IndexedLog original = Discovery.index(log);
        return evaluate("original", 0, original.traceCount(), Discovery.inductive(original, IMF_NOISE, variant),
                original);
    }

    /**
     * For each epsilon and run: a fresh accountant of that epsilon, one publication, IMf, and the evaluation.
     *
     * @param publisherFor the publisher for an epsilon (its whole budget)
     */
    public static List<Row> evaluate(EventLog log, List<BigDecimal> epsilons, int runs,
                                     Function<BigDecimal, SequencePublisher> publisherFor, RandomGenerator noise) {
        return evaluate(log, epsilons, runs, publisherFor, noise, InductiveMiner.Variant.IM_CLEAN);
    }

    /** As {@link #evaluate(EventLog, List, int, Function, RandomGenerator)}, with the given Inductive Miner variant. */
    public static List<Row> evaluate(EventLog log, List<BigDecimal> epsilons, int runs,
                                     Function<BigDecimal, SequencePublisher> publisherFor, RandomGenerator noise,
                                     InductiveMiner.Variant variant) {
        Objects.requireNonNull(log, "log");
        IndexedLog original = Discovery.index(log);
        List<ExecutionSequence> sequences = Sequences.fromLog(log, null, Set.of());
        List<Row> rows = new ArrayList<>();
        for (BigDecimal eps : epsilons) {
            for (int run = 0; run < runs; run++) {
                SequencePublisher.Publication p = publisherFor.apply(eps)
                        .publish(sequences, new PrivacyAccountant(eps), noise);
                List<List<String>> seqs = p.sequences().stream().map(ExecutionSequence::services).toList();
                if (seqs.isEmpty()) {
                    // Nothing survived the noise: no model to evaluate (not a perfect one).
                    rows.add(new Row(eps.stripTrailingZeros().toPlainString(), run, 0, Double.NaN, Double.NaN));
                    continue;
                }
                IndexedLog priv = IndexedLog.ofSequences(seqs);
                AcceptingPetriNet model = Discovery.inductive(priv, IMF_NOISE, variant);
                rows.add(evaluate(eps.stripTrailingZeros().toPlainString(), run, seqs.size(), model, original));
            }
        }
        return rows;
    }

    private static Row evaluate(String eps, int run, int traces, AcceptingPetriNet model, IndexedLog original) {
        TokenReplay.Result fit = Conformance.tokenReplay(original, model);
        return new Row(eps, run, traces, fit.logFitness(), Conformance.precision(original, model));
    }

    /** Groups per-run rows by epsilon, in first-seen order. */
    public static List<Summarized> summarize(List<Row> rows) {
        java.util.Map<String, List<Row>> by = new java.util.LinkedHashMap<>();
        for (Row r : rows) by.computeIfAbsent(r.epsilon(), e -> new ArrayList<>()).add(r);
        List<Summarized> out = new ArrayList<>();
        by.forEach((e, rs) -> out.add(new Summarized(e, rs.size(),
                Summary.of(rs.stream().map(r -> (double) r.privateTraces()).toList()),
                Summary.of(rs.stream().map(Row::fitness).toList()), Summary.of(rs.stream().map(Row::precision).toList()))));
        return out;
    }

    /** CSV of {@link #summarize}: epsilon,runs,missing,private_traces_mean,fitness_mean,fitness_std,precision_mean,precision_std. */
    public static String summaryCsv(List<Summarized> rows) {
        StringBuilder sb = new StringBuilder(
                "epsilon,runs,missing,private_traces_mean,fitness_mean,fitness_std,precision_mean,precision_std\n");
        for (Summarized r : rows) {
            sb.append(String.format(java.util.Locale.ROOT, "%s,%d,%d,%.1f,%.4f,%.4f,%.4f,%.4f%n", r.epsilon(), r.runs(),
                    r.fitness().missing(), r.privateTraces().mean(), r.fitness().mean(), r.fitness().std(),
                    r.precision().mean(), r.precision().std()));
        }
        return sb.toString();
    }

    /** CSV: epsilon,run,private_traces,fitness,precision (4 decimals). */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("epsilon,run,private_traces,fitness,precision\n");
        for (Row r : rows) {
            sb.append(r.epsilon()).append(',').append(r.run()).append(',').append(r.privateTraces()).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.4f,%.4f", r.fitness(), r.precision())).append('\n');
        }
        return sb.toString();
    }
}
