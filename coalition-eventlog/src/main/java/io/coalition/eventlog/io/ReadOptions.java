package io.coalition.eventlog.io;

import io.coalition.eventlog.ProgressListener;

import java.util.Objects;

/**
 * How a log file is read, whatever its format.
 *
 * @param strict   reject anything the format's standard does not allow (for XES: IEEE 1849-2016 element
 *                 order, undeclared classifier keys, unknown elements); the default, lenient mode accepts
 *                 what real logs in the wild contain, such as a missing xes.version or undeclared extensions
 * @param progress told how many bytes of the file have been read, and asked whether to stop
 */
public record ReadOptions(boolean strict, ProgressListener progress) {
    public static final ReadOptions DEFAULT = new ReadOptions(false, ProgressListener.NONE);

    public ReadOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public ReadOptions withStrict(boolean newStrict) {
        return new ReadOptions(newStrict, progress);
    }

    public ReadOptions withProgress(ProgressListener newProgress) {
        return new ReadOptions(strict, newProgress);
    }
}
