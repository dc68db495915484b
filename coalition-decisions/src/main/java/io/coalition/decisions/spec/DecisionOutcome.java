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
        // counted per output value first (a table's outputs are few, and often the same object in a row), then
        // by text: equal texts of different values (1 and 1.0 print differently; an Integer 1 and a BigDecimal 1
        // do not) add up as before
        Map<Object, long[]> byOutput = new java.util.HashMap<>();
        Object last = null;
        long[] count = null;
        for (RecordDecision d : decisions) {
            Object output = d.output();
            if (count == null || output != last) {
                count = byOutput.computeIfAbsent(output, k -> new long[1]);
                last = output;
            }
            count[0]++;
        }
        Map<String, Long> counts = new TreeMap<>();
        byOutput.forEach((output, n) -> counts.merge(String.valueOf(output), n[0], Long::sum));
        return counts;
    }

    /** One record's decision. */
    public record RecordDecision(String recordId, Object output) {
    }
}
