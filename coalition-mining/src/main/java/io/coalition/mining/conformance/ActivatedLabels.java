package io.coalition.mining.conformance;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * ETConformance's activated labels of a marking (the visible transitions enabled in it, directly or after silent
 * ones), as label ids of the {@link CompiledNet}, memoised per marking: many prefixes reach the same few markings,
 * and the silent closure is the expensive part.
 */
final class ActivatedLabels {
    static final int SEARCH_LIMIT = 10_000;

    private final CompiledNet net;
    private final MarkingTable seen;
    private final List<BitSet> cache = new ArrayList<>();

    ActivatedLabels(CompiledNet net) {
        this.net = net;
        this.seen = new MarkingTable(net.places);
    }

    /** The activated label ids of {@code m}; the returned set must not be modified. */
    BitSet of(int[] m) {
        int id = seen.intern(m);
        if (id < cache.size()) return cache.get(id);
        boolean[] enabled = net.visibleEventuallyEnabled(m, SEARCH_LIMIT);
        BitSet r = new BitSet(net.labelNames.length);
        for (int t = 0; t < enabled.length; t++) if (enabled[t] && net.labelOf[t] >= 0) r.set(net.labelOf[t]);
        cache.add(r);
        return r;
    }
}
