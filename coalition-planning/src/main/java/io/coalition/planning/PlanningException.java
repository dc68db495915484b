package io.coalition.planning;

/** Root of the planning module's errors: bad input (with its location) or an unsolvable request. */
public class PlanningException extends RuntimeException {
    public PlanningException(String message) {
        super(message);
    }

    public PlanningException(String message, Throwable cause) {
        super(message, cause);
    }
}
