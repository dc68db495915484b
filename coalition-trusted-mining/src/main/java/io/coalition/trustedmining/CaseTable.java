package io.coalition.trustedmining;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The miner's case bookkeeping for one run, in arrays indexed by case number (the order of first appearance in
 * the providers' indexes, provider by provider): one case id string per case, shared by all providers; per
 * provider the events still due from it per case, and its cases in its own order (so the case of the next chunk is
 * found by one string comparison, a binary search over the ids sorted otherwise). About 12 + 8 x providers bytes
 * per case besides the id, where a map per provider (case id -> count) and per-case lists cost ~1.2 KB per case
 * with 8 providers.
 */
final class CaseTable {
    /** Case ids by case number. */
    final String[] ids;
    /** Events still due per case, over all providers. */
    final int[] remaining;
    /** Per provider: events still due from it per case; null for a provider without an index (unavailable). */
    private final int[][] due;
    /** Per provider: its case numbers in its index order (cases with events only). */
    private final int[][] order;
    private final int[] cursor;
    /** Case numbers sorted by case id. */
    private final int[] sorted;
    /** Per provider: the number of its cases with at least one event (0 for a provider without an index). */
    final int[] providerCases;

    private CaseTable(Builder b) {
        int cases = b.cases;
        ids = Arrays.copyOf(b.ids, cases);
        remaining = Arrays.copyOf(b.remaining, cases);
        int n = b.due.length;
        due = new int[n][];
        order = new int[n][];
        cursor = new int[n];
        providerCases = new int[n];
        for (int p = 0; p < n; p++) {
            if (b.due[p] == null) continue;
            due[p] = Arrays.copyOf(b.due[p], cases);
            order[p] = Arrays.copyOf(b.order[p], b.orderSize[p]);
            providerCases[p] = b.orderSize[p];
        }
        Integer[] byId = new Integer[cases];
        for (int c = 0; c < cases; c++) byId[c] = c;
        Arrays.sort(byId, (x, y) -> ids[x].compareTo(ids[y]));
        sorted = new int[cases];
        for (int c = 0; c < cases; c++) sorted[c] = byId[c];
    }

    /**
     * Builds the table one provider's index at a time, decoding the index bytes straight into it: no provider's index
     * is held as objects, and a case id already seen is not kept twice. The map that numbers the ids lives only
     * while the table is built.
     */
    static final class Builder {
        private final Map<String, Integer> number = new HashMap<>();
        private String[] ids = new String[256];
        private int[] remaining = new int[256];
        private int cases;
        private final int[][] due;
        private final int[][] order;
        private final int[] orderSize;

        Builder(int providers) {
            due = new int[providers][];
            order = new int[providers][];
            orderSize = new int[providers];
        }

        /** Adds provider {@code p}'s case index (its plaintext; case numbers continue in order of first appearance). */
        Builder add(int p, byte[] index, String where) {
            due[p] = new int[Math.max(256, cases)];
            order[p] = new int[256];
            BitSet seen = new BitSet();
            int[] k = {0};
            SegmentCodec.decodeIndex(index, where, (id, count) -> {
                Integer known = number.get(id);
                int c;
                if (known == null) {
                    c = cases;
                    if (c == ids.length) {
                        ids = Arrays.copyOf(ids, c * 2);
                        remaining = Arrays.copyOf(remaining, c * 2);
                    }
                    ids[c] = id;
                    number.put(id, c);
                    cases++;
                } else {
                    c = known;
                }
                if (seen.get(c)) throw new TrustedMiningException(where + ": case " + id + " listed twice");
                seen.set(c);
                if (c >= due[p].length) due[p] = Arrays.copyOf(due[p], Math.max(c + 1, due[p].length * 2));
                due[p][c] = count;
                remaining[c] += count;
                if (count > 0) {
                    if (k[0] == order[p].length) order[p] = Arrays.copyOf(order[p], k[0] * 2);
                    order[p][k[0]++] = c;
                }
            });
            orderSize[p] = k[0];
            return this;
        }

        CaseTable build() {
            return new CaseTable(this);
        }
    }

    int size() {
        return ids.length;
    }

    /**
     * The number of case {@code id}, received from provider {@code p}, or -1 if no provider announced it. Chunks come
     * in the provider's index order, so this is the case of its previous chunk or the next one in its order; any
     * other case is found by binary search.
     */
    int find(int p, String id) {
        int[] mine = order[p];
        int at = cursor[p];
        if (at < mine.length && ids[mine[at]].equals(id)) return mine[at];
        if (at + 1 < mine.length && ids[mine[at + 1]].equals(id)) {
            cursor[p] = at + 1;
            return mine[at + 1];
        }
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = ids[sorted[mid]].compareTo(id);
            if (cmp == 0) return sorted[mid];
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /** Takes {@code events} of case {@code c} from provider {@code p}'s due; negative when it sent more than announced. */
    int receive(int p, int c, int events) {
        remaining[c] -= events;
        return due[p][c] -= events;
    }
}
