package io.coalition.streamaccess;

/** Root of every error of coalition-stream-access; the message names what failed and where. */
public class StreamAccessException extends RuntimeException {
    public StreamAccessException(String message) {
        super(message);
    }

    public StreamAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
