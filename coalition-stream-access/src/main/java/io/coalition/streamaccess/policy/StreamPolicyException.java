package io.coalition.streamaccess.policy;

import io.coalition.streamaccess.StreamAccessException;

/** A stream policy that cannot be loaded or applied; the message names the file, line/column or obligation. */
public final class StreamPolicyException extends StreamAccessException {
    public StreamPolicyException(String message) {
        super(message);
    }

    public StreamPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
