package io.coalition.privacy;

/** The root of coalition-privacy's errors: bad input, a refused budget spend, an unusable parameter. */
public class PrivacyException extends RuntimeException {
    public PrivacyException(String message) {
        super(message);
    }

    public PrivacyException(String message, Throwable cause) {
        super(message, cause);
    }
}
