package io.coalition.trust;

/**
 * A trust check failed or trusted data is malformed. Every check fails closed with one of these, and the
 * message says which check and why, so that an operator can tell a tampered blob from a missing one.
 */
public class TrustException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrustException(String message) {
        super(message);
    }

    public TrustException(String message, Throwable cause) {
        super(message, cause);
    }
}
