package io.coalition.decisions;

/** The root of coalition-decisions' errors: bad specifications, refused requests, failed evaluations. */
public class DecisionsException extends RuntimeException {
    public DecisionsException(String message) {
        super(message);
    }

    public DecisionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
