package io.coalition.planning.priority;

/**
 * Task priority Pr(T) in [0, 1] (seed 001, step 1, Algorithm 1) and the risk level of the risk matrix.
 * <p>
 * The seed gives Algorithm 1 only as a figure; this is our documented reading, chosen to reproduce its
 * values (Pr(T3) = Pr(T5) = 0.8, Pr(T2) = 0.05). Deadline rules first: elapsed/deadline >= 50% makes a task
 * delay-sensitive, >= 75% also makes it non-preemptable; an optional task is interruptible by default. Then
 * an optional task has 0.05 (0.2 if delay-sensitive), and an obligatory one 0.3, plus 0.3 if delay-sensitive,
 * 0.2 if non-delegable, 0.1 if non-interruptible and 0.1 if non-preemptable (all combinations stay in [0, 1]).
 */
public final class TaskPriority {
    /** The five levels of seed 001's risk matrix (Figure 8). */
    public enum RiskLevel { LOW, MEDIUM, IMPORTANT, HIGH, CRITICAL }

    /** The characteristics after the deadline rules, and the priority they give. */
    public record Assessment(boolean delaySensitive, boolean preemptable, boolean interruptible, double priority) {
    }

    private TaskPriority() {
    }

    public static Assessment assess(boolean obligatory, boolean delaySensitive, boolean delegable, boolean interruptible,
                                    boolean preemptable, double deadline, double elapsed) {
        double ratio = deadline > 0 ? elapsed / deadline : 0;
        boolean ds = delaySensitive || ratio >= 0.5;
        boolean pre = preemptable && ratio < 0.75;
        boolean intr = interruptible || !obligatory;
        double p;
        if (!obligatory) p = ds ? 0.2 : 0.05;
        else p = 0.3 + (ds ? 0.3 : 0) + (delegable ? 0 : 0.2) + (intr ? 0 : 0.1) + (pre ? 0 : 0.1);
        return new Assessment(ds, pre, intr, Math.round(p * 100) / 100.0);
    }

    /**
     * Risk level: the priority band (below 0.2, 0.4, 0.6, 0.8, else) raised by one level per security constraint
     * on the task and lowered by two, clamped to the five levels, so a task with priority 0.8 and both an SoD and
     * a BoD constraint is critical and an unconstrained optional task is low.
     */
    public static RiskLevel risk(double priority, int constraints) {
        int band = priority < 0.2 ? 0 : priority < 0.4 ? 1 : priority < 0.6 ? 2 : priority < 0.8 ? 3 : 4;
        int level = Math.max(0, Math.min(4, band + constraints - 2));
        return RiskLevel.values()[level];
    }
}
