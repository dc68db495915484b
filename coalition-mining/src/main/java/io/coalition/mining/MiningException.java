package io.coalition.mining;

import io.coalition.eventlog.Location;

/** The root of the errors raised by coalition-mining: bad models, bad model files, unsupported input. */
public class MiningException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Location location;

    public MiningException(String message) {
        this(null, message, null);
    }

    public MiningException(Location location, String message) {
        this(location, message, null);
    }

    public MiningException(Location location, String message, Throwable cause) {
        super(location == null ? message : location + ": " + message, cause);
        this.location = location;
    }

    /** Where the problem is, or {@code null} when it is not about an input file. */
    public Location location() {
        return location;
    }
}
