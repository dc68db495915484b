package io.coalition.mining.inductive;

import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Not a test: searches, for each reference tree {@code PROM} does not reproduce with its default order, a seed of
 * {@link InductiveMiner#mineProm} whose drawn order gives the reference tree (the seeds found are asserted in
 * {@link PromOrderTest}). Arguments: seeds to try per tree, seconds per tree, optional name filter, optional
 * {@code guided} (draws narrowed by {@link ReferenceGuide} instead of plain draws). Run with the
 * test classpath and COALITION_DATA set; prints per tree the first seed found, or the draws tried, how many distinct
 * trees they gave and the closest one (most of the reference's subtrees).
 */
public final class PromOrderSearch {
    public static void main(String[] args) throws Exception {
        int seeds = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        String filter = args.length > 2 ? args[2] : "";
        boolean guided = args.length > 3 && args[3].equals("guided");
        for (InductiveParityTest.Case c : InductiveParityTest.cases()) {
            if (InductiveParityTest.PROM_EQUAL.contains(c.name()) || !c.name().contains(filter)) continue;
            IndexedLog log = IndexedLog.of(XesReader.read(c.log(), ReadOptions.DEFAULT), c.classifier());
            ProcessTree ref = Ptml.read(c.ptml()).fold();
            Set<String> refSubtrees = subtrees(ref);
            double byDefault = shared(subtrees(InductiveMiner.mine(log, c.noise(), InductiveMiner.Variant.PROM)), refSubtrees);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int tried = 0;
            long found = -1;
            double closest = -1;
            long closestSeed = -1;
            ProcessTree closestTree = null;
            Set<ProcessTree> distinct = new HashSet<>();
            for (long seed = 1; seed <= seeds && System.nanoTime() < end; seed++) {
                Random draws = new Random(seed);
                ProcessTree t = InductiveMiner.mineProm(log, c.noise(), guided
                        ? new ReferenceGuide(ref, log.activities().toArray(new String[0]), draws)
                        : PromInductiveMiner.Choices.drawn(draws));
                tried++;
                distinct.add(t.canonical());
                if (t.equalsUpToCommutativeOrder(ref)) {
                    found = seed;
                    break;
                }
                double share = shared(subtrees(t), refSubtrees);
                if (share > closest) {
                    closest = share;
                    closestSeed = seed;
                    closestTree = t;
                }
            }
            if (found >= 0) {
                System.out.println("REACHED " + c.name() + " seed " + found + " (" + tried + " draws)");
            } else {
                System.out.printf("NOT REACHED %s in %d draws (%d distinct trees); closest seed %d shares %.3f of the"
                        + " reference's subtrees (the default order %.3f)%n", c.name(), tried, distinct.size(), closestSeed,
                        closest, byDefault);
                System.out.println("  closest: " + closestTree.canonical());
                System.out.println("  ref    : " + ref.canonical());
            }
        }
    }

    /** Canonical strings of every subtree with an operator. */
    static Set<String> subtrees(ProcessTree t) {
        Set<String> out = new HashSet<>();
        collect(t.canonical(), out);
        return out;
    }

    private static void collect(ProcessTree t, Set<String> out) {
        if (t.isLeaf()) return;
        out.add(t.toString());
        for (ProcessTree c : t.children()) collect(c, out);
    }

    private static double shared(Set<String> mine, Set<String> ref) {
        if (ref.isEmpty()) return 1;
        int n = 0;
        for (String s : ref) if (mine.contains(s)) n++;
        return n / (double) ref.size();
    }

    private PromOrderSearch() {
    }
}
