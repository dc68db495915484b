package io.coalition.planning.iow;

import io.coalition.planning.PlanningException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** One-team constraints and incomplete criteria comparisons in the workflow schema, on the running example. */
class WorkflowSchemaTest {

    static PlanReport plan(String yaml) {
        return AssignmentPlanner.plan(WorkflowReader.parse(yaml, "iow.yaml", true), AssignmentPlanner.Options.DEFAULT);
    }

    static String withConstraint(String line) throws IOException {
        return RunningExampleTest.example().replace("  - {type: sod, tasks: [T1, T4]}\n", "  - {type: sod, tasks: [T1, T4]}\n" + line + "\n");
    }

    @Test
    void oneTeamMovesTheLaboratoryAndDoctorIntoOneTeam() throws IOException {
        // T2 {O2, O4, O6} and T3 {O1, O2, O3} must come from {O1, O2} or from {O4, O6}: only T2 = O2 with T3 in {O1, O2}
        PlanReport r = plan(withConstraint("  - {type: one-team, tasks: [T2, T3], teams: [[O1, O2], [O4, O6]]}"));
        for (PlanReport.RankedPlan p : r.plans()) {
            assertThat(p.assignment().get("T2")).isEqualTo("O2");
            assertThat(p.assignment().get("T3")).isIn("O1", "O2").isEqualTo(p.assignment().get("T5"));
        }
        assertThat(r.plans().get(0).assignment()).containsEntry("T1", "O3").containsEntry("T3", "O1").containsEntry("T4", "O5");
        // T2 cannot leave O2 (no other team member is authorized), so it has no delegate
        assertThat(r.delegates().get("T2")).isEmpty();
        assertThat(r.tasksWithoutDelegate()).contains("T2");
        assertThat(r.tasks().stream().filter(t -> t.id().equals("T2")).findFirst().orElseThrow().constraints()).isEqualTo(1);
    }

    @Test
    void oneTeamWithoutAnyFeasibleTeamMakesTheWorkflowUnsatisfiable() throws IOException {
        String yaml = withConstraint("  - {type: one-team, tasks: [T2, T4], teams: [[O1, O2], [O3, O4]]}");
        assertThatThrownBy(() -> plan(yaml)).isInstanceOf(PlanningException.class)
                .hasMessage("workflow healthcare is unsatisfiable: no assignment of authorized organizations meets every constraint");
    }

    @Test
    void oneTeamWithoutTeamsIsRefused() throws IOException {
        String yaml = withConstraint("  - {type: one-team, tasks: [T2, T3]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].teams: one-team needs at least one team (a list of organization ids)");
    }

    @Test
    void oneTeamWithAnUnknownOrganizationIsRefused() throws IOException {
        String yaml = withConstraint("  - {type: one-team, tasks: [T2, T3], teams: [[O1, O2], [O4, O9]]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].teams[1]: unknown organization O9");
    }

    @Test
    void oneTeamWithAnEmptyTeamIsRefused() throws IOException {
        String yaml = withConstraint("  - {type: one-team, tasks: [T2, T3], teams: [[O1, O2], []]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].teams[1]: a team needs at least one organization");
    }

    @Test
    void teamsOnASeparationOfDutyAreRefused() throws IOException {
        String yaml = withConstraint("  - {type: sod, tasks: [T2, T3], teams: [[O1, O2]]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].teams: only one-team takes teams, found teams in a sod constraint");
    }

    @Test
    void kOnAOneTeamIsRefused() throws IOException {
        String yaml = withConstraint("  - {type: one-team, k: 2, tasks: [T2, T3], teams: [[O1, O2]]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].k: only at-most-k takes k, found k in a one-team constraint");
    }

    @Test
    void unknownConstraintTypeNamesTheFourTypes() throws IOException {
        String yaml = withConstraint("  - {type: two-team, tasks: [T2, T3]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].type: expected sod, bod, at-most-k or one-team, found two-team");
    }

    @Test
    void aTaskListedTwiceIsRefused() throws IOException {
        String yaml = withConstraint("  - {type: one-team, tasks: [T2, T2], teams: [[O1, O2]]}");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: constraints[1].tasks: lists a task twice: [T2, T2]");
    }

    @Test
    void missingCriteriaPairsAreCompletedAndReported() throws IOException {
        String yaml = RunningExampleTest.example().replace("  - [SL, RL, 2]\n", "").replace("  - [PCL, PSL, 2]\n", "");
        PlanReport r = plan(yaml);
        // reference: AHPy's procedure run with NumPy/SciPy on this matrix gives 1.7320515179244524 for both pairs
        // (the exact optimum is sqrt(3): SL/RL = SL/PCL x PCL/RL would be 2, SL/PSL / RL/PSL = 1.5)
        assertThat(r.completedComparisons()).extracting(PlanReport.Comparison::first, PlanReport.Comparison::second)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SL", "RL"), org.assertj.core.groups.Tuple.tuple("PCL", "PSL"));
        for (PlanReport.Comparison c : r.completedComparisons()) {
            assertThat(c.value()).isCloseTo(1.7320515179244524, within(1e-6 * 1.7320515179244524));
        }
        // geometric-mean weights of the completed matrix, from the same reference
        assertThat(r.criteriaWeights()).containsExactly(new double[]{0.41239891, 0.22157573, 0.12792678, 0.23809857}, within(1e-6));
        assertThat(r.plans().get(0).assignment().values()).containsExactly("O3", "O4", "O3", "O5", "O3");
    }

    @Test
    void completeComparisonsReportNothingCompleted() throws IOException {
        assertThat(RunningExampleTest.report().completedComparisons()).isEmpty();
    }

    @Test
    void unlinkedCriteriaCannotBeCompleted() throws IOException {
        String yaml = RunningExampleTest.example().replace("  - [SL, RL, 2]\n", "").replace("  - [PCL, RL, 1]\n", "")
                .replace("  - [RL, PSL, 2]\n", "");
        assertThatThrownBy(() -> plan(yaml)).isInstanceOf(PlanningException.class)
                .hasMessage("workflow healthcare: criteriaComparisons: no chain of comparisons links [SL, PCL, PSL] to [RL],"
                        + " so the missing pairs cannot be completed; compare at least one criterion of each group with the other group");
    }

    @Test
    void aPairComparedTwiceIsRefused() throws IOException {
        String yaml = RunningExampleTest.example().replace("  - [SL, RL, 2]\n", "  - [SL, RL, 2]\n  - [RL, SL, 0.5]\n");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: criteriaComparisons[3]: RL and SL are already compared");
    }

    @Test
    void aCriterionComparedWithItselfIsRefused() throws IOException {
        String yaml = RunningExampleTest.example().replace("  - [SL, RL, 2]\n", "  - [SL, SL, 2]\n");
        assertThatThrownBy(() -> WorkflowReader.parse(yaml, "iow.yaml", true)).isInstanceOf(PlanningException.class)
                .hasMessage("iow.yaml: criteriaComparisons[2]: compares SL with itself");
    }

    @Test
    void jsonSchemaAcceptsOneTeamToo() {
        String json = """
                {"name": "j", "prior": {"alpha": 1, "beta": 1}, "criteria": [{"id": "C", "benefit": true}],
                 "tasks": [{"id": "A", "stage": 1, "obligatory": true, "delaySensitive": false, "delegable": true,
                            "interruptible": false, "preemptable": true, "deadline": 1, "elapsed": 0},
                           {"id": "B", "stage": 2, "obligatory": true, "delaySensitive": false, "delegable": true,
                            "interruptible": false, "preemptable": true, "deadline": 1, "elapsed": 0}],
                 "organizations": [{"id": "X", "criteria": {"C": [1, 2]}}, {"id": "Y", "criteria": {"C": [3, 4]}},
                                   {"id": "Z", "criteria": {"C": [5, 6]}}],
                 "authorizations": {"A": ["X", "Y", "Z"], "B": ["X", "Y", "Z"]},
                 "constraints": [{"type": "one-team", "tasks": ["A", "B"], "teams": [["X", "Y"], ["Z"]]},
                                 {"type": "sod", "tasks": ["A", "B"]}]}""";
        PlanReport r = AssignmentPlanner.plan(WorkflowReader.parse(json, "iow.json", false), AssignmentPlanner.Options.DEFAULT);
        // Z is best but alone in its team, and SoD forbids it doing both: the plan uses team {X, Y}
        assertThat(Set.copyOf(r.plans().get(0).assignment().values())).isEqualTo(Set.of("X", "Y"));
    }
}
