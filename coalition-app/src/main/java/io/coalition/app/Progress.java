package io.coalition.app;

import io.coalition.eventlog.ProgressListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows progress of reading a large file: a progress bar on a terminal, a log line every 10% otherwise.
 * Small files (under {@link #THRESHOLD_BYTES}) show nothing. {@link #phase} covers work whose size is unknown
 * in advance (an indeterminate bar on a terminal, a start and an end log line otherwise).
 */
final class Progress implements ProgressListener, AutoCloseable {
    static final long THRESHOLD_BYTES = 4L << 20;
    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final String task;
    private final ProgressBar bar;
    private int lastDecile = -1;
    private long phaseStart = -1;

    private Progress(String task, ProgressBar bar) {
        this.task = task;
        this.bar = bar;
    }

    /** A listener for reading {@code file}: silent for small files. */
    static Progress forFile(Path file, String task) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        if (size >= 0 && size < THRESHOLD_BYTES) return new Progress(task, null);
        ProgressBar bar = null;
        if (System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(size, 1))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
        return new Progress(task, bar);
    }

    /** One step of a longer job, e.g. "Alignments of 4,366 variants"; closing it reports the time taken. */
    static Progress phase(String task) {
        ProgressBar bar = null;
        if (System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
        Progress p = new Progress(task, bar);
        p.phaseStart = System.nanoTime();
        log.info("{}...", task);
        return p;
    }

    @Override
    public void progress(long done, long total) {
        if (bar != null) {
            if (total > 0) bar.maxHint(total);
            bar.stepTo(done);
        } else if (total > 0) {
            int decile = (int) Math.min(10, done * 10 / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                log.info("{}: {}% ({} of {} bytes)", task, decile * 10, done, total);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        if (phaseStart >= 0) log.info("{}: done in {} ms", task, (System.nanoTime() - phaseStart) / 1_000_000);
    }
}
