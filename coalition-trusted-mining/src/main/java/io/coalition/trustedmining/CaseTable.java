package io.coalition.trustedmining;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
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
    /** Per provider: the number of its cases with at least one event. */
    final int[] providerCases;

    /**
     * @param indexes per provider its decoded index, or null if it is unavailable
     * @param where   per provider what to name in errors ("provider X case index")
     */
    CaseTable(List<SegmentCodec.IndexColumns> indexes, List<String> where) {
        int n = indexes.size();
        // numbering in order of first appearance; the map lives only while the table is built
        Map<String, Integer> number = new HashMap<>();
        String[] ids = new String[16];
        int cases = 0;
        for (SegmentCodec.IndexColumns ix : indexes) {
            if (ix == null) continue;
            for (String id : ix.ids()) {
                if (number.putIfAbsent(id, cases) == null) {
                    if (cases == ids.length) ids = Arrays.copyOf(ids, cases * 2);
                    ids[cases++] = id;
                }
            }
        }
        this.ids = Arrays.copyOf(ids, cases);
        remaining = new int[cases];
        due = new int[n][];
        order = new int[n][];
        cursor = new int[n];
        providerCases = new int[n];
        for (int p = 0; p < n; p++) {
            SegmentCodec.IndexColumns ix = indexes.get(p);
            if (ix == null) continue;
            due[p] = new int[cases];
            BitSet seen = new BitSet(cases);
            int[] mine = new int[ix.ids().length];
            int k = 0;
            for (int i = 0; i < ix.ids().length; i++) {
                int c = number.get(ix.ids()[i]);
                if (seen.get(c)) throw new TrustedMiningException(where.get(p) + ": case " + ix.ids()[i] + " listed twice");
                seen.set(c);
                due[p][c] = ix.counts()[i];
                remaining[c] += ix.counts()[i];
                if (ix.counts()[i] > 0) mine[k++] = c;
            }
            order[p] = Arrays.copyOf(mine, k);
            providerCases[p] = k;
        }
        Integer[] byId = new Integer[cases];
        for (int c = 0; c < cases; c++) byId[c] = c;
        Arrays.sort(byId, (a, b) -> this.ids[a].compareTo(this.ids[b]));
        sorted = new int[cases];
        for (int c = 0; c < cases; c++) sorted[c] = byId[c];
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
