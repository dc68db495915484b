package io.coalition.eventlog;

import java.util.Objects;

/**
 * Bad event data: the one exception every reader, writer and converter of this module throws for input it
 * cannot accept (malformed XML or JSON, a value that does not parse as its declared type, a missing
 * column, a truncated gzip, an unknown file type) and for I/O failures while reading or writing logs.
 * The message starts with the {@link Location} and says what was expected.
 */
public class EventLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Location location;

    public EventLogException(Location location, String message) {
        super(location + ": " + message);
        this.location = Objects.requireNonNull(location, "location");
    }

    public EventLogException(Location location, String message, Throwable cause) {
        super(location + ": " + message, cause);
        this.location = Objects.requireNonNull(location, "location");
    }

    /** Where the problem is. */
    public Location location() {
        return location;
    }
}
