package io.coalition.policy.alfa;

import io.coalition.policy.PolicyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One ALFA source text and the name its errors are reported under.
 *
 * @param name for error messages, e.g. {@code main.alfa}
 * @param text the ALFA text
 */
public record AlfaSource(String name, String text) {
    public AlfaSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** Reads a UTF-8 file; errors name it by its file name. */
    public static AlfaSource read(Path file) {
        try {
            return new AlfaSource(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyException("cannot read ALFA file " + file + ": " + e.getMessage(), e);
        }
    }
}
