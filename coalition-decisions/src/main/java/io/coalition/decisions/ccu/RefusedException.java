package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;

/**
 * The CCU refused a request: the security check named by {@link #step()} failed (fail closed). The message names
 * the step, the participant or record, and what was wrong.
 */
public final class RefusedException extends DecisionsException {
    /** The check that failed, in the order the CCU runs them. */
    public enum Step { CERTIFICATE, ENVELOPE, REQUEST, POLICY, NOTARY, STORE, RECORD }

    private final Step step;

    public RefusedException(Step step, String message, Throwable cause) {
        super(step.name().toLowerCase(java.util.Locale.ROOT) + ": " + message, cause);
        this.step = step;
    }

    public Step step() {
        return step;
    }
}
