package io.coalition.planning.iow;

import java.util.List;
import java.util.Map;

/**
 * An inter-organizational workflow schema W(T, O, A, C) of seed 001 as read from JSON or YAML: tasks with
 * their characteristics, organizations with grey criteria values and availability history, the authorization
 * lists A (task -> organizations) and constraints C. {@link WorkflowReader} binds and validates it.
 */
public record Workflow(String name, Prior prior, List<Criterion> criteria, List<List<Object>> criteriaComparisons,
                       List<Task> tasks, List<Organization> organizations, Map<String, List<String>> authorizations,
                       List<ConstraintSpec> constraints) {

    /** Beta(alpha, beta) prior on an organization's availability for a task (Beta(1, 1) = uniform). */
    public record Prior(double alpha, double beta) {
    }

    /** A security criterion for partner selection (seed 001: SL, PCL, PSL, RL); benefit = higher is better. */
    public record Criterion(String id, boolean benefit) {
    }

    /**
     * A task with seed 001's characteristics. {@code stage} is its position in the execution order (parallel tasks
     * share a stage); {@code deadline} and {@code elapsed} (same time unit) drive the 50% / 75% rules.
     */
    public record Task(String id, int stage, boolean obligatory, boolean delaySensitive, boolean delegable,
                       boolean interruptible, boolean preemptable, double deadline, double elapsed) {
    }

    /** Availability history for one task: {@code available} of {@code trials} past requests were served. */
    public record History(int available, int trials) {
    }

    /** A partner organization: grey value [lower, upper] per criterion id, history per task id. */
    public record Organization(String id, Map<String, List<Double>> criteria, Map<String, History> history) {
    }

    /**
     * {@code sod} (≠) or {@code bod} (=) over two task ids, {@code at-most-k} (at most {@code k} distinct
     * organizations over the tasks) or {@code one-team} (all the tasks are performed by members of one and the
     * same team; {@code teams} lists the teams as lists of organization ids).
     */
    public record ConstraintSpec(String type, List<String> tasks, Integer k, List<List<String>> teams) {
        /** A constraint without teams (sod, bod, at-most-k). */
        public ConstraintSpec(String type, List<String> tasks, Integer k) {
            this(type, tasks, k, null);
        }
    }
}
