package io.coalition.mining;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Renders DOT text to SVG with Graphviz's {@code dot} program, found on the PATH (or in {@code COALITION_DOT}).
 * Graphviz's layout has no Java equivalent worth shipping, so SVG is available where it is installed
 * ({@code apt-get install graphviz}); DOT output always works.
 */
public final class Graphviz {
    private static final long TIMEOUT_SECONDS = 120;

    private Graphviz() {
    }

    /** The SVG document for {@code dot}. */
    public static String toSvg(String dot) {
        return toSvg(dot, System.getenv().getOrDefault("COALITION_DOT", "dot"));
    }

    static String toSvg(String dot, String program) {
        Process process;
        try {
            process = new ProcessBuilder(program, "-Tsvg").redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new MiningException("SVG output needs Graphviz's '" + program + "' program, which was not found "
                    + "(Debian: apt-get install graphviz; or write .dot and render it elsewhere)");
        }
        try {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            Thread out = drain(process.getInputStream(), stdout);
            Thread err = drain(process.getErrorStream(), stderr);
            try (OutputStream in = process.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new MiningException("Graphviz did not finish within " + TIMEOUT_SECONDS + " s");
            }
            out.join();
            err.join();
            if (process.exitValue() != 0) {
                throw new MiningException("Graphviz failed (exit " + process.exitValue() + "): "
                        + stderr.toString(StandardCharsets.UTF_8).strip());
            }
            return stdout.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MiningException("Graphviz failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new MiningException("interrupted while Graphviz was rendering");
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream into) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(into);
            } catch (IOException ignored) {
                // the exit code reports the failure
            }
        }, "graphviz-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
