package io.coalition.planning.iow;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResilienceSimulationTest {

    @Test
    void dynamicCompletionWithoutDelegationMatchesTheProductOfAvailabilities() throws IOException {
        Workflow w = WorkflowReader.parse(RunningExampleTest.example(), "healthcare-iow.yaml", true);
        PlanReport r = AssignmentPlanner.plan(w, AssignmentPlanner.Options.DEFAULT);
        double expected = 1;
        for (var e : r.plans().get(0).assignment().entrySet()) expected *= r.availability().get(e.getKey()).get(e.getValue()).mean();
        int runs = 20_000;
        ResilienceSimulation.Result res = ResilienceSimulation.run(w, r, ResilienceSimulation.Level.DYNAMIC, runs, 42);
        // binomial standard error is about 0.0035; 5 sigma keeps the fixed-seed test far from flaky
        assertThat(res.probabilityWithout()).isCloseTo(expected, within(5 * Math.sqrt(expected * (1 - expected) / runs)));
        assertThat(res.completedWith()).isGreaterThan(res.completedWithout());
    }

    @Test
    void delegationNeverLowersCompletionAtAnyLevel() throws IOException {
        Workflow w = WorkflowReader.parse(RunningExampleTest.example(), "healthcare-iow.yaml", true);
        PlanReport r = AssignmentPlanner.plan(w, AssignmentPlanner.Options.DEFAULT);
        for (ResilienceSimulation.Level level : ResilienceSimulation.Level.values()) {
            ResilienceSimulation.Result res = ResilienceSimulation.run(w, r, level, 2_000, 7);
            assertThat(res.completedWith()).as(level.name()).isGreaterThanOrEqualTo(res.completedWithout());
            assertThat(ResilienceSimulation.run(w, r, level, 2_000, 7)).as("same seed, same result").isEqualTo(res);
        }
    }

    @Test
    void staticLevelUsesOneDrawPerOrganization() throws IOException {
        Workflow w = WorkflowReader.parse(RunningExampleTest.example(), "healthcare-iow.yaml", true);
        PlanReport r = AssignmentPlanner.plan(w, AssignmentPlanner.Options.DEFAULT);
        // O3 serves T1, T3 and T5: with one draw per run its three tasks fail together, so completion is the
        // product over organizations of the lowest availability each needs, not over tasks
        var a = r.availability();
        double o3 = Math.min(a.get("T1").get("O3").mean(), Math.min(a.get("T3").get("O3").mean(), a.get("T5").get("O3").mean()));
        double expected = o3 * a.get("T2").get("O4").mean() * a.get("T4").get("O5").mean();
        int runs = 20_000;
        ResilienceSimulation.Result res = ResilienceSimulation.run(w, r, ResilienceSimulation.Level.STATIC, runs, 3);
        assertThat(res.probabilityWithout()).isCloseTo(expected, within(5 * Math.sqrt(expected * (1 - expected) / runs)));
    }
}
