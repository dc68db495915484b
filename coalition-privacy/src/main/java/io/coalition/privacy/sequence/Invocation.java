package io.coalition.privacy.sequence;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One web-service invocation of a BP execution sequence (seed 002 §3.1): {@code (WS id, input list, output list)}.
 * Parameters map names to values in name order; a value the organization masked is {@link #MASKED}, stays masked in
 * every output and is never counted in a parameter distribution.
 */
public record Invocation(String service, Map<String, String> inputs, Map<String, String> outputs) {
    /** The value of a parameter the contributing organization masked. */
    public static final String MASKED = "*";

    public Invocation {
        Objects.requireNonNull(service, "service");
        if (service.isBlank()) throw new IllegalArgumentException("invocation service id is blank");
        inputs = sorted(Objects.requireNonNull(inputs, "inputs"));
        outputs = sorted(Objects.requireNonNull(outputs, "outputs"));
    }

    // Most invocations have no parameters: share the empty map (a million sequences hold ten million invocations).
    private static Map<String, String> sorted(Map<String, String> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /** An invocation without parameters (a plain activity). */
    public static Invocation of(String service) {
        return new Invocation(service, Map.of(), Map.of());
    }
}
