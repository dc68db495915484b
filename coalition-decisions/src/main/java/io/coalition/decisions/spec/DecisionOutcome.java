package io.coalition.decisions.spec;

import java.util.List;
import java.util.Map;

/**
 * What a decision function returns: the values of its aggregations (computed over all records) and, per
 * record id in submission order, the decision's output. Never the records themselves.
 */
public record DecisionOutcome(String function, Map<String, Object> aggregates, List<RecordDecision> decisions) {
    public DecisionOutcome {
        aggregates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aggregates));
        decisions = List.copyOf(decisions);
    }

    /** One record's decision. */
    public record RecordDecision(String recordId, Object output) {
    }
}
