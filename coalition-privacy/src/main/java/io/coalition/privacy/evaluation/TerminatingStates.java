package io.coalition.privacy.evaluation;

import io.coalition.mining.Discovery;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.privacy.SequencePublisher;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Seed 002 §6.2.1, Table 2: precision and recall of the terminating states of the workflow mined (IMf 0.2) from
 * the BPRCS output, against the terminating states of the original BPs, averaged over runs, per number of BPs and
 * epsilon. Each BP is one organization contributing {@code perBp} (1..3) sequences; m = perBp, k = 10 (the longest
 * purchase order execution).
 */
public final class TerminatingStates {
    /** One cell pair of Table 2 (percentages, averaged). */
    public record Row(int bps, String epsilon, int runs, double precision, double recall) {
    }

    private TerminatingStates() {
    }

    public static List<Row> table(List<Integer> bpCounts, List<BigDecimal> epsilons, int perBp, int runs, int pruneScales,
                                  RandomGenerator noise) {
        List<Row> rows = new ArrayList<>();
        for (int bps : bpCounts) {
            for (BigDecimal eps : epsilons) {
                double p = 0;
                double r = 0;
                for (int run = 0; run < runs; run++) {
                    List<ExecutionSequence> d = PurchaseOrders.generate(bps, perBp, noise);
                    Set<String> truth = PurchaseOrders.terminals(d);
                    SequencePublisher pub = new BprcsPublisher(BprcsParameters.of(eps, perBp, 10).withPruneScales(pruneScales));
                    List<ExecutionSequence> san = pub.publish(d, new PrivacyAccountant(eps), noise).sequences();
                    Set<String> found = san.isEmpty() ? Set.of() : ends(Discovery.inductiveTree(
                            IndexedLog.ofSequences(san.stream().map(ExecutionSequence::services).toList()), 0.2));
                    long hit = found.stream().filter(truth::contains).count();
                    p += found.isEmpty() ? 0 : (double) hit / found.size();
                    r += (double) hit / truth.size();
                }
                rows.add(new Row(bps, eps.stripTrailingZeros().toPlainString(), runs, 100 * p / runs, 100 * r / runs));
            }
        }
        return rows;
    }

    /** The activities that can end an execution of {@code t}. */
    static Set<String> ends(ProcessTree t) {
        Set<String> s = new LinkedHashSet<>();
        if (t.isTau()) return s;
        if (t.isLeaf()) {
            s.add(t.label());
            return s;
        }
        switch (t.operator()) {
            case SEQUENCE -> {
                for (int i = t.children().size() - 1; i >= 0; i--) {
                    ProcessTree c = t.children().get(i);
                    Set<String> cs = ends(c);
                    s.addAll(cs);
                    if (!cs.isEmpty() && !canSkip(c)) break;
                }
            }
            case LOOP -> s.addAll(ends(t.children().get(0)));
            default -> t.children().forEach(c -> s.addAll(ends(c)));
        }
        return s;
    }

    private static boolean canSkip(ProcessTree t) {
        if (t.isTau()) return true;
        if (t.isLeaf()) return false;
        return switch (t.operator()) {
            case XOR, OR -> t.children().stream().anyMatch(TerminatingStates::canSkip);
            case LOOP -> canSkip(t.children().get(0));
            default -> t.children().stream().allMatch(TerminatingStates::canSkip);
        };
    }

    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("bps,epsilon,runs,precision_pct,recall_pct\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%.1f,%.1f%n", r.bps(), r.epsilon(), r.runs(), r.precision(),
                    r.recall()));
        }
        return sb.toString();
    }
}
