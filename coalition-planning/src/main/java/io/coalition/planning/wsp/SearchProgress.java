package io.coalition.planning.wsp;

/**
 * Progress of a long WSP search, reported every {@link #INTERVAL} search nodes from the searching thread. Returning
 * {@code false} cancels the search: the solver then throws a {@link io.coalition.planning.PlanningException}
 * saying so, after {@code nodes} nodes.
 */
@FunctionalInterface
public interface SearchProgress {
    /** Nodes between two reports. */
    long INTERVAL = 1L << 16;

    /** No reporting, never cancels. */
    SearchProgress NONE = (nodes, assigned, deepest, steps) -> true;

    /**
     * @param nodes    search nodes visited so far
     * @param assigned steps assigned at the current node
     * @param deepest  most steps assigned at any node so far
     * @param steps    steps of the instance
     * @return whether to go on
     */
    boolean report(long nodes, int assigned, int deepest, int steps);
}
