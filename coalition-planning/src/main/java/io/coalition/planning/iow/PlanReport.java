package io.coalition.planning.iow;

import io.coalition.planning.priority.TaskPriority;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link AssignmentPlanner} derives for a workflow, in the workflow's task and organization order.
 * Maps are keyed by task id, then organization id (authorized pairs only).
 */
public record PlanReport(String workflow, List<TaskRow> tasks, List<String> priorityOrder, List<String> criteria,
                         double[] criteriaWeights, double consistencyRatio,
                         Map<String, Map<String, Availability>> availability,
                         Map<String, Map<String, double[]>> greyCloseness,
                         Map<String, Map<String, Double>> score,
                         List<RankedPlan> plans, Map<String, List<String>> delegates, List<String> tasksWithoutDelegate) {

    /** Step 1 per task: priority after the deadline rules, number of security constraints, risk level. */
    public record TaskRow(String id, double priority, int constraints, TaskPriority.RiskLevel risk) {
    }

    /** Step 2 per (task, organization): posterior Beta(alpha, beta), mean and 95% credible interval. */
    public record Availability(double alpha, double beta, double mean, double lower, double upper) {
    }

    /** A valid plan: the organization of each task (workflow task order) and its total score. */
    public record RankedPlan(Map<String, String> assignment, double score) {
    }
}
