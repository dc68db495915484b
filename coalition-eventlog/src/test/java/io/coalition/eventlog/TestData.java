package io.coalition.eventlog;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shared third-party data folder: {@code COALITION_DATA}, else {@code ../shared/data} seen from the
 * working directory or one of its parents. Tests that need it are skipped, with the reason shown, when it
 * is absent; CI always has it.
 */
public final class TestData {
    /** Set when {@link #require} skipped for missing data; read and reset by {@link MissingDataExtension}. */
    static final AtomicBoolean MISSED = new AtomicBoolean();

    private TestData() {
    }

    /** The data folder, or {@code null} when absent. */
    public static Path root() {
        String env = System.getenv("COALITION_DATA");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? p : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("data");
            if (dir.getParent() != null && Files.isDirectory(candidate)) return candidate;
        }
        return null;
    }

    /** {@code relative} inside the data folder; skips the calling test when the folder or file is absent. */
    public static Path require(String relative) {
        Path root = root();
        if (root == null) MISSED.set(true);
        Assumptions.assumeTrue(root != null,
                "shared data folder not found (set COALITION_DATA or place it at ../shared/data)");
        Path p = root.resolve(relative);
        if (!Files.exists(p)) MISSED.set(true);
        Assumptions.assumeTrue(Files.exists(p), "missing shared data file " + p);
        return p;
    }
}
