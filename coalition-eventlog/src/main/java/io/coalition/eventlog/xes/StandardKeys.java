package io.coalition.eventlog.xes;

import io.coalition.eventlog.AttributeType;

import java.util.Map;

/**
 * The attribute keys that the seven standard extensions of IEEE 1849-2016 define, with their types. Strict
 * reading rejects a key under a standard prefix that its extension does not define, or with another type.
 */
final class StandardKeys {
    private static final Map<String, Map<String, AttributeType>> BY_PREFIX = Map.of(
            "concept", Map.of("concept:name", AttributeType.STRING, "concept:instance", AttributeType.STRING),
            "lifecycle", Map.of("lifecycle:model", AttributeType.STRING, "lifecycle:transition", AttributeType.STRING,
                    "lifecycle:state", AttributeType.STRING),
            "org", Map.of("org:resource", AttributeType.STRING, "org:role", AttributeType.STRING,
                    "org:group", AttributeType.STRING),
            "time", Map.of("time:timestamp", AttributeType.DATE),
            "semantic", Map.of("semantic:modelReference", AttributeType.STRING),
            "identity", Map.of("identity:id", AttributeType.ID),
            "cost", Map.of("cost:total", AttributeType.FLOAT, "cost:currency", AttributeType.STRING,
                    "cost:amount", AttributeType.FLOAT, "cost:driver", AttributeType.STRING,
                    "cost:type", AttributeType.STRING));

    private StandardKeys() {
    }

    /** The standard prefix of {@code key} ({@code concept} for {@code concept:name}), or {@code null}. */
    static String standardPrefix(String key) {
        int colon = key.indexOf(':');
        if (colon <= 0) return null;
        String prefix = key.substring(0, colon);
        return BY_PREFIX.containsKey(prefix) ? prefix : null;
    }

    /** The type the standard extension {@code prefix} defines for {@code key}, or {@code null} if undefined. */
    static AttributeType typeOf(String prefix, String key) {
        return BY_PREFIX.get(prefix).get(key);
    }
}
