package io.coalition.eventlog;

/**
 * Receives progress of long work and may cancel it.
 *
 * <p>Readers report bytes of input consumed (compressed bytes for a .gz file) against the total size, when
 * known (-1 otherwise). Work that checks {@link #isCancelled()} stops with a
 * {@link java.util.concurrent.CancellationException}.
 */
public interface ProgressListener {

    /** A listener that ignores progress and never cancels. */
    ProgressListener NONE = (done, total) -> { };

    /** {@code done} units of {@code total} are finished; {@code total} is -1 when unknown. */
    void progress(long done, long total);

    /** Whether the caller asked to stop. */
    default boolean isCancelled() {
        return false;
    }
}
