package io.coalition.decisions.spec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionOutcomeTest {
    @Test
    void summaryCountsRecordsPerOutputText_equalTextsOfDifferentValuesTogether() {
        DecisionOutcome o = new DecisionOutcome("f", Map.of(), Arrays.asList(
                new DecisionOutcome.RecordDecision("r1", "High"),
                new DecisionOutcome.RecordDecision("r2", new String("High")), // equal, another object
                new DecisionOutcome.RecordDecision("r3", null),
                new DecisionOutcome.RecordDecision("r4", new BigDecimal("1")),
                new DecisionOutcome.RecordDecision("r5", 1), // prints as the BigDecimal 1 does
                new DecisionOutcome.RecordDecision("r6", new BigDecimal("1.0")),
                new DecisionOutcome.RecordDecision("r7", "High"),
                new DecisionOutcome.RecordDecision("r8", null)));
        assertThat(o.summary()).containsExactly(Map.entry("1", 2L), Map.entry("1.0", 1L), Map.entry("High", 3L),
                Map.entry("null", 2L));
        assertThat(new DecisionOutcome("f", Map.of(), java.util.List.of()).summary()).isEmpty();
    }
}
