package io.coalition.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options common to the benchmarks. */
record BenchOptions(Path file, int warmup, int runs) {

    static BenchOptions parse(String[] args) {
        Path file = null;
        int warmup = 5;
        int runs = 7;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--file" -> file = Path.of(require(args[i], value));
                case "--warmup" -> warmup = positive(args[i], require(args[i], value), 0);
                case "--runs" -> runs = positive(args[i], require(args[i], value), 1);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
            i++;
        }
        return new BenchOptions(file, warmup, runs);
    }

    /** The given file, or {@code relative} inside the shared data folder. */
    Path fileOr(String relative) {
        Path path = file != null ? file : dataRoot().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file: " + path + " (set COALITION_DATA or pass --file)");
        }
        return path;
    }

    static Path dataRoot() {
        String env = System.getenv("COALITION_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate)) return candidate;
        }
        return dir.resolve("../shared/data").normalize();
    }

    private static String require(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }

    private static int positive(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n < min) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer >= " + min + ", got '" + value + "'");
        }
    }
}
