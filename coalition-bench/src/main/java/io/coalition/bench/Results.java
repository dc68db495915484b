package io.coalition.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a benchmark's figures as JSON, with the machine facts needed to compare runs. */
final class Results {
    private Results() {
    }

    static Path write(String name, Map<String, Object> figures) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("measuredAt", Instant.now().toString());
        doc.put("java", System.getProperty("java.version"));
        doc.put("processors", Runtime.getRuntime().availableProcessors());
        doc.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        doc.putAll(figures);
        Path dir = Path.of(System.getProperty("coalition.bench.out", "coalition-bench/target/bench-results"));
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        return out.toAbsolutePath().normalize();
    }
}
