package io.coalition.privacy.evaluation;

import io.coalition.mining.Discovery;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Seed 002 §6.2.1, Table 2: precision and recall of the terminating states of the workflow mined (α-algorithm as in
 * the paper, or IMf 0.2) from
 * the sanitized sequences, against the terminating states of the original BPs, as mean and standard deviation over
 * runs, per number of BPs and epsilon. Each BP is one organization contributing {@code perBp} (1..3) sequences;
 * run r generates its BPs from {@code SplittableRandom(seed + r)}, so every epsilon sees the same databases.
 */
public final class TerminatingStates {
    /** The miner of the output workflow. */
    public enum Miner {
        /** The paper's (ProM's α-algorithm): the terminating states are the transitions into the sink place. */
        ALPHA,
        /** IMf (noise 0.2): the activities that can end an execution of the process tree. */
        INDUCTIVE
    }

    /** One cell pair of Table 2 (percentages). */
    public record Row(int bps, String epsilon, int runs, Summary precision, Summary recall) {
    }

    private TerminatingStates() {
    }

    public static List<Row> table(List<Integer> bpCounts, List<BigDecimal> epsilons, int perBp, int runs, long seed,
                                  Miner miner, PublisherFactory mechanism, RandomGenerator noise) {
        if (perBp < 1) throw new PrivacyException("sequences per BP must be at least 1, got " + perBp);
        if (runs < 1) throw new PrivacyException("runs must be at least 1, got " + runs);
        List<Row> rows = new ArrayList<>();
        for (int bps : bpCounts) {
            if (bps < 1) throw new PrivacyException("number of BPs must be at least 1, got " + bps);
            for (BigDecimal eps : epsilons) {
                List<Double> p = new ArrayList<>();
                List<Double> r = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    List<ExecutionSequence> d = PurchaseOrders.generate(bps, perBp, new SplittableRandom(seed + run));
                    Set<String> truth = PurchaseOrders.terminals(d);
                    List<ExecutionSequence> san = mechanism.publisher(eps, perBp)
                            .publish(d, new PrivacyAccountant(eps), noise).sequences();
                    Set<String> found = san.isEmpty() ? Set.of() : terminatingStates(
                            IndexedLog.ofSequences(san.stream().map(ExecutionSequence::services).toList()), miner);
                    long hit = found.stream().filter(truth::contains).count();
                    // No terminating state found: precision is undefined (0/0), left out of the mean and counted in
                    // the no_ends column; recall is 0.
                    p.add(found.isEmpty() ? Double.NaN : 100.0 * hit / found.size());
                    r.add(100.0 * hit / truth.size());
                }
                rows.add(new Row(bps, eps.stripTrailingZeros().toPlainString(), runs, Summary.of(p), Summary.of(r)));
            }
        }
        return rows;
    }

    /** The terminating states of the workflow {@code miner} discovers from {@code log}. */
    public static Set<String> terminatingStates(IndexedLog log, Miner miner) {
        return switch (miner) {
            case ALPHA -> ends(Discovery.alpha(log));
            case INDUCTIVE -> ends(Discovery.inductiveTree(log, 0.2));
        };
    }

    /**
     * The labels of the visible transitions that put a token into a place of the final marking, looking through
     * invisible transitions.
     */
    static Set<String> ends(AcceptingPetriNet net) {
        Set<String> out = new java.util.TreeSet<>();
        java.util.Map<String, PetriNet.Transition> transitions = new java.util.HashMap<>();
        for (PetriNet.Transition t : net.net().transitions()) transitions.put(t.id(), t);
        java.util.Deque<String> places = new java.util.ArrayDeque<>(net.fin().tokens().keySet());
        Set<String> seen = new java.util.HashSet<>(places);
        while (!places.isEmpty()) {
            String p = places.pop();
            for (PetriNet.Arc a : net.net().arcs()) {
                if (!a.target().equals(p)) continue;
                PetriNet.Transition t = transitions.get(a.source());
                if (t == null) continue;
                if (!t.isInvisible()) {
                    out.add(t.label());
                    continue;
                }
                for (PetriNet.Arc in : net.net().arcs()) {
                    if (in.target().equals(t.id()) && seen.add(in.source())) places.push(in.source());
                }
            }
        }
        return out;
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

    /**
     * CSV: bps,epsilon,runs,precision_mean,precision_std,recall_mean,recall_std,no_ends (percent, 1 decimal; no_ends
     * = runs whose mined model had no terminating state, left out of the precision, which is then empty).
     */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(
                "bps,epsilon,runs,precision_mean,precision_std,recall_mean,recall_std,no_ends\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%.1f,%.1f,%d%n", r.bps(), r.epsilon(), r.runs(),
                    oneDecimal(r.precision().mean()), oneDecimal(r.precision().std()), r.recall().mean(),
                    r.recall().std(), r.precision().missing()));
        }
        return sb.toString();
    }

    private static String oneDecimal(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.1f", d);
    }
}
