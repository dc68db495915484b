package io.coalition.streamaccess.filter;

import org.apache.jena.graph.Node;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the constant predicates a filter's patterns mention, so that one hash look-up per arriving triple finds
 * its slot and every later question (relevant? a Match/Find candidate? a DecisionPoint? which bucket of the process
 * graph?) is an array index. Predicates nobody mentions share the slot {@link #other()}. Registration happens while
 * a filter is built; {@link ProcessGraph}s are created afterwards with the final count.
 */
final class PredicateSlots {
    private final Map<Node, Integer> slots = new HashMap<>();

    /** The slot of {@code p}, registering it if new. */
    int register(Node p) {
        Integer slot = slots.get(p);
        if (slot != null) return slot;
        slots.put(p, slots.size());
        return slots.size() - 1;
    }

    /** The slot of {@code p}, or {@link #other()} when no pattern names it. */
    int slotOf(Node p) {
        Integer slot = slots.get(p);
        return slot == null ? other() : slot;
    }

    /** The slot shared by every unregistered predicate (one past the registered ones). */
    int other() {
        return slots.size();
    }
}
