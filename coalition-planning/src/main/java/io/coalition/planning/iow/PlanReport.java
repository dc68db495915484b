package io.coalition.planning.iow;

import io.coalition.planning.priority.TaskPriority;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link AssignmentPlanner} derives for a workflow, in the workflow's task and organization order.
 * Maps are keyed by task id, then organization id (authorized pairs only). {@code completedComparisons} lists
 * the criteria pairs the workflow did not compare and the values the optimal completion gave them (empty if
 * every pair was compared).
 */
public record PlanReport(String workflow, List<TaskRow> tasks, List<String> priorityOrder, List<String> criteria,
                         double[] criteriaWeights, double consistencyRatio, List<Comparison> completedComparisons,
                         Map<String, Map<String, Availability>> availability,
                         Map<String, Map<String, double[]>> greyCloseness,
                         Map<String, Map<String, Double>> score,
                         List<RankedPlan> plans, Map<String, List<String>> delegates, List<String> tasksWithoutDelegate) {

    /** Step 1 per task: priority after the deadline rules, number of security constraints, risk level. */
    public record TaskRow(String id, double priority, int constraints, TaskPriority.RiskLevel risk) {
    }

    /** A criteria comparison the workflow left out, completed to minimise lambda_max: first over second = value. */
    public record Comparison(String first, String second, double value) {
    }

    /** Step 2 per (task, organization): posterior Beta(alpha, beta), mean and 95% credible interval. */
    public record Availability(double alpha, double beta, double mean, double lower, double upper) {
    }

    /** A valid plan: the organization of each task (workflow task order) and its total score. */
    public record RankedPlan(Map<String, String> assignment, double score) {
    }
}
