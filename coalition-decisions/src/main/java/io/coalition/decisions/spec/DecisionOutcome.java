package io.coalition.decisions.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a decision function returns: the values of its aggregations (computed over all records), per record id in
 * submission order the decision's output, and the summary: how many records got each output (the output's text,
 * {@code "null"} where no rule matched), sorted by output. Never the records themselves.
 *
 * <p>A caller the policy allows only {@code summarize(function)} gets the aggregations and the summary, with no
 * per-record decisions ({@link #summaryOnly()}).
 */
public record DecisionOutcome(String function, Map<String, Object> aggregates, List<RecordDecision> decisions,
                              Map<String, Long> summary) {
    public DecisionOutcome {
        aggregates = Collections.unmodifiableMap(new LinkedHashMap<>(aggregates));
        decisions = List.copyOf(decisions);
        summary = Collections.unmodifiableMap(new TreeMap<>(summary));
    }

    /** An outcome whose summary is counted from the per-record decisions. */
    public DecisionOutcome(String function, Map<String, Object> aggregates, List<RecordDecision> decisions) {
        this(function, aggregates, decisions, tally(decisions));
    }

    /** The same outcome without per-record decisions: what a caller allowed only the aggregated outcome gets. */
    public DecisionOutcome summaryOnly() {
        return new DecisionOutcome(function, aggregates, List.of(), summary);
    }

    private static Map<String, Long> tally(List<RecordDecision> decisions) {
        Map<String, Long> counts = new TreeMap<>();
        for (RecordDecision d : decisions) {
            counts.merge(String.valueOf(d.output()), 1L, Long::sum);
        }
        return counts;
    }

    /** One record's decision. */
    public record RecordDecision(String recordId, Object output) {
    }
}
