package io.coalition.streamaccess.filter;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.graph.GraphFactory;

import java.util.Arrays;

/**
 * The buffered triples of one open process, in one array per predicate slot ({@link PredicateSlots}). A process
 * holds tens of triples and lives until its DecisionPoint: a general in-memory graph (three hash indexes per
 * triple) cost more to fill than the direct matcher spends reading it, while a scan of one predicate's few triples
 * is as fast as a hash look-up. Duplicates are kept (direct matching tolerates them: EXISTS is unaffected and
 * solution rows are de-duplicated by the caller); the Jena view for SPARQL, made only when a policy needs SPARQL,
 * is a set as usual.
 */
final class ProcessGraph {
    private static final Triple[] EMPTY = new Triple[0];

    private final PredicateSlots slots;
    private final Triple[][] buckets;
    private final int[] sizes;
    private Graph jena;

    ProcessGraph(PredicateSlots slots, boolean withJenaView) {
        this.slots = slots;
        this.buckets = new Triple[slots.other() + 1][];
        Arrays.fill(buckets, EMPTY);
        this.sizes = new int[buckets.length];
        if (withJenaView) jena = GraphFactory.createDefaultGraph();
    }

    /** A copy of {@code g} (for tests and one-off use). */
    static ProcessGraph copyOf(Graph g, PredicateSlots slots) {
        ProcessGraph out = new ProcessGraph(slots, false);
        g.find().forEachRemaining(t -> out.add(t, slots.slotOf(t.getPredicate())));
        return out;
    }

    /** Adds {@code t}, whose predicate has slot {@code slot}. */
    void add(Triple t, int slot) {
        Triple[] bucket = buckets[slot];
        int n = sizes[slot];
        if (n == bucket.length) buckets[slot] = bucket = Arrays.copyOf(bucket, Math.max(4, n * 2));
        bucket[n] = t;
        sizes[slot] = n + 1;
        if (jena != null) jena.add(t);
    }

    int buckets() {
        return buckets.length;
    }

    /** The triples of slot {@code slot}: entries 0 to {@link #size}(slot) - 1 (do not modify). */
    Triple[] bucket(int slot) {
        return buckets[slot];
    }

    int size(int slot) {
        return sizes[slot];
    }

    int slotOf(Node predicate) {
        return slots.slotOf(predicate);
    }

    boolean contains(Node s, Node p, Node o) {
        int slot = slots.slotOf(p);
        Triple[] bucket = buckets[slot];
        for (int i = 0, n = sizes[slot]; i < n; i++) {
            Triple t = bucket[i];
            if (t.getObject().equals(o) && t.getSubject().equals(s) && t.getPredicate().equals(p)) return true;
        }
        return false;
    }

    /** The same triples as a Jena graph, for the SPARQL paths; built on first use and kept in step after that. */
    Graph asGraph() {
        if (jena == null) {
            jena = GraphFactory.createDefaultGraph();
            for (int slot = 0; slot < buckets.length; slot++) {
                for (int i = 0; i < sizes[slot]; i++) jena.add(buckets[slot][i]);
            }
        }
        return jena;
    }
}
