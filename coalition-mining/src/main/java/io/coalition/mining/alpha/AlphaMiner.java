package io.coalition.mining.alpha;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classic Alpha algorithm (W.M.P. van der Aalst, A.J.M.M. Weijters, L. Maruster: Workflow Mining:
 * Discovering Process Models from Event Logs, IEEE TKDE 16(9), 2004, Def. 4.3).
 *
 * <p>Steps: T_W, T_I, T_O from the log; X_W = pairs (A, B) of non-empty activity sets with a→b for all a in A,
 * b in B and a1#a2 within A and within B; Y_W = the maximal pairs of X_W; one place {@code p(A,B)} per pair,
 * plus {@code start} (initially marked) feeding T_I and {@code end} (the final marking) fed by T_O. Transitions
 * are the activities, with the activity name as id and label. As in the paper, activities in length-one loops
 * (a&gt;a) cannot be in any pair, and length-two loops are seen as parallelism.
 *
 * <p>Place ids never collide with transition ids or with each other: an activity may be called {@code end}
 * (the teleclaims log has one) or {@code p({a},{b})}, and activity names containing commas can make two pairs
 * print alike. A place whose natural id is taken gets the first free {@code #2}, {@code #3}, ... suffix; its
 * display name stays the natural one.
 */
public final class AlphaMiner {
    private AlphaMiner() {
    }

    /** A maximal pair (A, B) of Y_W, as activity names in ascending order. */
    public record Pair(List<String> inputs, List<String> outputs) {
        public Pair {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }

        /** The place id used for this pair, e.g. {@code p({a},{b,e})}. */
        public String placeId() {
            return "p({" + String.join(",", inputs) + "},{" + String.join(",", outputs) + "})";
        }
    }

    public static AcceptingPetriNet mine(IndexedLog log) {
        Footprint fp = Footprint.of(log);
        List<Pair> pairs = maximalPairs(fp);
        PetriNet.Builder b = PetriNet.builder("alpha");
        List<String> acts = log.activities();
        Set<String> taken = new HashSet<>(acts);
        for (String a : acts) b.transition(a, a);
        String start = place(b, "start", taken);
        String end = place(b, "end", taken);
        for (int a = 0; a < acts.size(); a++) {
            if (fp.isStart(a)) b.arc(start, acts.get(a));
            if (fp.isEnd(a)) b.arc(acts.get(a), end);
        }
        for (Pair p : pairs) {
            String id = place(b, p.placeId(), taken);
            for (String a : p.inputs()) b.arc(a, id);
            for (String o : p.outputs()) b.arc(id, o);
        }
        return new AcceptingPetriNet(b.build(), Marking.of(start), Marking.of(end));
    }

    /** Adds a place named {@code name} under the first id not yet {@code taken}; returns that id. */
    private static String place(PetriNet.Builder b, String name, Set<String> taken) {
        String id = name;
        for (int k = 2; !taken.add(id); k++) id = name + "#" + k;
        b.place(new PetriNet.Place(id, name));
        return id;
    }

    /** Y_W: the maximal pairs of the footprint, ordered by their place ids. */
    public static List<Pair> maximalPairs(Footprint fp) {
        int n = fp.activities().size();
        return n <= 64 ? maximalPairsAsMasks(fp) : maximalPairsAsBitSets(fp);
    }

    /** {@link #maximalPairs} for any number of activities. */
    static List<Pair> maximalPairsAsBitSets(Footprint fp) {
        int n = fp.activities().size();
        Set<List<BitSet>> all = new LinkedHashSet<>();
        List<List<BitSet>> work = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < n; c++) {
                if (fp.relation(a, c) == Footprint.Relation.CAUSAL
                        && fp.relation(a, a) == Footprint.Relation.CHOICE && fp.relation(c, c) == Footprint.Relation.CHOICE) {
                    BitSet x = new BitSet();
                    x.set(a);
                    BitSet y = new BitSet();
                    y.set(c);
                    List<BitSet> p = List.of(x, y);
                    if (all.add(p)) work.add(p);
                }
            }
        }
        // Grow pairs one single-arc pair at a time: validity is pairwise, so every subset of a valid pair is
        // valid and each element of X_W is reached by adding its arcs one by one. Joining with the single arcs
        // only (not with every pair found so far) keeps this linear in the number of pairs.
        int singles = work.size();
        for (int i = 0; i < work.size(); i++) {
            List<BitSet> p = work.get(i);
            for (int j = 0; j < singles; j++) {
                List<BitSet> q = work.get(j);
                BitSet x = (BitSet) p.get(0).clone();
                x.or(q.get(0));
                BitSet y = (BitSet) p.get(1).clone();
                y.or(q.get(1));
                List<BitSet> u = List.of(x, y);
                if (!all.contains(u) && valid(fp, x, y)) {
                    all.add(u);
                    work.add(u);
                }
            }
        }
        List<Pair> result = new ArrayList<>();
        for (List<BitSet> p : work) {
            boolean maximal = true;
            for (List<BitSet> q : work) {
                if (q != p && contains(q.get(0), p.get(0)) && contains(q.get(1), p.get(1)) && !q.equals(p)) {
                    maximal = false;
                    break;
                }
            }
            if (maximal) result.add(new Pair(names(fp, p.get(0)), names(fp, p.get(1))));
        }
        result.sort(Comparator.comparing(Pair::placeId));
        return result;
    }

    /**
     * The same closure as {@link #maximalPairs} with activity sets as 64-bit masks, for logs of at most 64
     * activities: validity becomes a few mask tests per activity instead of pairwise relation lookups.
     */
    private static List<Pair> maximalPairsAsMasks(Footprint fp) {
        int n = fp.activities().size();
        long[] causal = new long[n];
        long[] choice = new long[n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (fp.relation(a, b) == Footprint.Relation.CAUSAL) causal[a] |= 1L << b;
                if (fp.relation(a, b) == Footprint.Relation.CHOICE) choice[a] |= 1L << b;
            }
        }
        Set<MaskPair> all = new java.util.HashSet<>();
        List<MaskPair> work = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < n; c++) {
                if ((causal[a] >>> c & 1) != 0 && (choice[a] >>> a & 1) != 0 && (choice[c] >>> c & 1) != 0) {
                    MaskPair p = new MaskPair(1L << a, 1L << c);
                    if (all.add(p)) work.add(p);
                }
            }
        }
        // A pair is maximal exactly when no single arc extends it to a larger valid pair (any larger valid pair
        // contains such an extension), so maximality falls out of the closure loop.
        int singles = work.size();
        List<Pair> result = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            MaskPair p = work.get(i);
            boolean maximal = true;
            for (int j = 0; j < singles; j++) {
                MaskPair q = work.get(j);
                MaskPair u = new MaskPair(p.x | q.x, p.y | q.y);
                if (u.equals(p)) continue;
                if (all.contains(u)) {
                    maximal = false;
                } else if (validMasks(causal, choice, u.x, u.y)) {
                    maximal = false;
                    all.add(u);
                    work.add(u);
                }
            }
            if (maximal) result.add(new Pair(names(fp, p.x), names(fp, p.y)));
        }
        result.sort(Comparator.comparing(Pair::placeId));
        return result;
    }

    private record MaskPair(long x, long y) {
    }

    private static boolean validMasks(long[] causal, long[] choice, long x, long y) {
        for (long rest = x; rest != 0; rest &= rest - 1) {
            int a = Long.numberOfTrailingZeros(rest);
            if ((y & ~causal[a]) != 0 || (x & ~choice[a]) != 0) return false;
        }
        for (long rest = y; rest != 0; rest &= rest - 1) {
            if ((y & ~choice[Long.numberOfTrailingZeros(rest)]) != 0) return false;
        }
        return true;
    }

    private static List<String> names(Footprint fp, long set) {
        List<String> r = new ArrayList<>();
        for (long rest = set; rest != 0; rest &= rest - 1) r.add(fp.activities().get(Long.numberOfTrailingZeros(rest)));
        return r;
    }

    private static boolean valid(Footprint fp, BitSet x, BitSet y) {
        for (int a = x.nextSetBit(0); a >= 0; a = x.nextSetBit(a + 1)) {
            for (int b = y.nextSetBit(0); b >= 0; b = y.nextSetBit(b + 1)) {
                if (fp.relation(a, b) != Footprint.Relation.CAUSAL) return false;
            }
        }
        return unrelated(fp, x) && unrelated(fp, y);
    }

    private static boolean unrelated(Footprint fp, BitSet s) {
        for (int a = s.nextSetBit(0); a >= 0; a = s.nextSetBit(a + 1)) {
            for (int b = s.nextSetBit(a); b >= 0; b = s.nextSetBit(b + 1)) {
                if (fp.relation(a, b) != Footprint.Relation.CHOICE) return false;
            }
        }
        return true;
    }

    private static boolean contains(BitSet big, BitSet small) {
        BitSet c = (BitSet) small.clone();
        c.andNot(big);
        return c.isEmpty();
    }

    private static List<String> names(Footprint fp, BitSet s) {
        List<String> r = new ArrayList<>();
        for (int a = s.nextSetBit(0); a >= 0; a = s.nextSetBit(a + 1)) r.add(fp.activities().get(a));
        return r;
    }
}
