package io.coalition.planning.iow;

import io.coalition.planning.PlanningException;
import io.coalition.planning.priority.TaskPriority.RiskLevel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed 001's running example: plan {O3, O4, O3, O5, O3}, delegates {O1, O2} for T3, none for T5. */
class RunningExampleTest {

    static String example() throws IOException {
        try (InputStream in = RunningExampleTest.class.getResourceAsStream("/io/coalition/planning/healthcare-iow.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static PlanReport report() throws IOException {
        return AssignmentPlanner.plan(WorkflowReader.parse(example(), "healthcare-iow.yaml", true), AssignmentPlanner.Options.DEFAULT);
    }

    @Test
    void bestPlanIsTheSeeds() throws IOException {
        PlanReport r = report();
        assertThat(r.plans().get(0).assignment()).containsExactly(
                Map.entry("T1", "O3"), Map.entry("T2", "O4"), Map.entry("T3", "O3"), Map.entry("T4", "O5"), Map.entry("T5", "O3"));
    }

    @Test
    void delegatesOfT3AreO1ThenO2AndT5HasNone() throws IOException {
        PlanReport r = report();
        assertThat(r.delegates().get("T3")).containsExactly("O1", "O2");
        assertThat(r.delegates().get("T5")).isEmpty();
        assertThat(r.tasksWithoutDelegate()).containsExactly("T5");
    }

    @Test
    void priorityOrderAndRiskMatrixFollowTheSeed() throws IOException {
        PlanReport r = report();
        assertThat(r.priorityOrder()).containsExactly("T5", "T3", "T1", "T4", "T2");
        assertThat(r.tasks()).extracting(PlanReport.TaskRow::priority).containsExactly(0.6, 0.05, 0.8, 0.5, 0.8);
        assertThat(r.tasks()).extracting(PlanReport.TaskRow::risk).containsExactly(
                RiskLevel.IMPORTANT, RiskLevel.LOW, RiskLevel.HIGH, RiskLevel.IMPORTANT, RiskLevel.CRITICAL);
    }

    @Test
    void rankedPlansAreValidAndDecreasing() throws IOException {
        List<PlanReport.RankedPlan> plans = report().plans();
        assertThat(plans).hasSize(3);
        assertThat(plans.get(0).score()).isGreaterThanOrEqualTo(plans.get(1).score());
        assertThat(plans.get(1).score()).isGreaterThanOrEqualTo(plans.get(2).score());
        for (PlanReport.RankedPlan p : plans) {
            assertThat(p.assignment().get("T3")).isEqualTo(p.assignment().get("T5"));
            assertThat(p.assignment().get("T1")).isNotEqualTo(p.assignment().get("T4"));
            assertThat(p.assignment().get("T4")).isNotEqualTo(p.assignment().get("T5"));
        }
    }

    @Test
    void availabilityPosteriorOfO3ForT3PoolsTheBoundT5History() throws IOException {
        // T3 history 17/20 pooled with T5 18/20 (binding of duty), plus one pseudo-trial for... none: O3 is not
        // authorized for T4, the SoD partner of T5, and T3 has no SoD; prior Beta(1, 1)
        PlanReport.Availability a = report().availability().get("T3").get("O3");
        assertThat(a.alpha()).isEqualTo(36.0);
        assertThat(a.beta()).isEqualTo(6.0);
        assertThat(a.mean()).isEqualTo(36.0 / 42.0);
        assertThat(a.lower()).isLessThan(a.mean());
        assertThat(a.upper()).isGreaterThan(a.mean());
    }

    @Test
    void unknownOrganizationInAuthorizationsIsNamed() throws IOException {
        String bad = example().replace("T4: [O5, O6]", "T4: [O5, O7]");
        assertThatThrownBy(() -> WorkflowReader.parse(bad, "iow.yaml", true))
                .isInstanceOf(PlanningException.class).hasMessage("iow.yaml: authorizations.T4: unknown organization O7");
    }

    @Test
    void misspeltRequiredFieldIsReportedAsMissing() throws IOException {
        String bad = example().replace("deadline: 10, elapsed: 6", "deadlin: 10, elapsed: 6");
        assertThatThrownBy(() -> WorkflowReader.parse(bad, "iow.yaml", true))
                .isInstanceOf(PlanningException.class).hasMessage("iow.yaml: tasks[2].deadline: required field is missing or null");
    }

    @Test
    void unknownFieldIsAnError() throws IOException {
        String bad = example().replace("name: healthcare", "name: healthcare\nowner: me");
        assertThatThrownBy(() -> WorkflowReader.parse(bad, "iow.yaml", true))
                .isInstanceOf(PlanningException.class).hasMessageStartingWith("iow.yaml: owner: Unrecognized field \"owner\"");
    }

    @Test
    void unsatisfiableWorkflowIsReported() throws IOException {
        String bad = example().replace("T5: [O1, O2, O3]", "T5: [O5]");
        assertThatThrownBy(() -> AssignmentPlanner.plan(WorkflowReader.parse(bad, "iow.yaml", true), AssignmentPlanner.Options.DEFAULT))
                .isInstanceOf(PlanningException.class)
                .hasMessage("workflow healthcare is unsatisfiable: no assignment of authorized organizations meets every constraint");
    }
}
