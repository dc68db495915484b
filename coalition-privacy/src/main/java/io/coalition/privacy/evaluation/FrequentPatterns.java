package io.coalition.privacy.evaluation;

import io.coalition.privacy.sequence.ExecutionSequence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 002 §6.2.2 (Figures 5 and 6): frequent sequential patterns (order-preserving, not necessarily contiguous
 * subsequences) of lengths {@code min..max}, support counted once per sequence; recall by exact match, precision
 * with the paper's approximate match (the two patterns differ by at most one element, order kept: one substitution,
 * insertion or deletion). Patterns are enumerated per sequence, which suits the short purchase-order sequences
 * (k = 10 gives at most 638 subsequences of length 5..10 per sequence); it is not meant for long logs.
 */
public final class FrequentPatterns {
    /** Precision and recall in percent. */
    public record Overlap(int originalPatterns, int privatePatterns, double precision, double recall) {
    }

    private FrequentPatterns() {
    }

    /** The patterns of length min..max with support >= minSupport (a fraction of the sequences). */
    public static Set<List<String>> mine(List<ExecutionSequence> sequences, int min, int max, double minSupport) {
        Map<List<String>, Integer> support = new HashMap<>();
        for (ExecutionSequence s : sequences) {
            List<String> v = s.services();
            if (v.size() > 16) throw new IllegalArgumentException("pattern enumeration supports sequences of at most 16 "
                    + "services, got " + v.size());
            Set<List<String>> seen = new HashSet<>();
            int n = v.size();
            for (int mask = 1; mask < (1 << n); mask++) {
                int len = Integer.bitCount(mask);
                if (len < min || len > max) continue;
                List<String> p = new ArrayList<>(len);
                for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) p.add(v.get(i));
                if (seen.add(p)) support.merge(p, 1, Integer::sum);
            }
        }
        double threshold = minSupport * sequences.size();
        Set<List<String>> out = new HashSet<>();
        support.forEach((p, c) -> {
            if (c >= threshold) out.add(p);
        });
        return out;
    }

    public static Overlap overlap(Set<List<String>> original, Set<List<String>> sanitized) {
        long exact = sanitized.stream().filter(original::contains).count();
        long approx = sanitized.stream().filter(p -> original.stream().anyMatch(q -> withinOne(p, q))).count();
        double precision = sanitized.isEmpty() ? 0 : 100.0 * approx / sanitized.size();
        double recall = original.isEmpty() ? 0 : 100.0 * exact / original.size();
        return new Overlap(original.size(), sanitized.size(), precision, recall);
    }

    /** Edit distance at most 1 (substitution, insertion or deletion). */
    static boolean withinOne(List<String> a, List<String> b) {
        int la = a.size();
        int lb = b.size();
        if (Math.abs(la - lb) > 1) return false;
        int i = 0;
        int j = 0;
        boolean edited = false;
        while (i < la && j < lb) {
            if (a.get(i).equals(b.get(j))) {
                i++;
                j++;
                continue;
            }
            if (edited) return false;
            edited = true;
            if (la > lb) i++;
            else if (lb > la) j++;
            else {
                i++;
                j++;
            }
        }
        return !edited || (i == la && j == lb);
    }
}
