package io.coalition.policy;

/**
 * Root of coalition-policy's errors: a policy that cannot be loaded, a request that cannot be read. The message
 * names the file (or request field) and what was wrong; a decision the PDP could not reach is not an exception
 * but an {@link Decision.Verdict#INDETERMINATE} decision with its status.
 */
public class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
