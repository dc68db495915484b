package io.coalition.eventlog;

import java.util.List;
import java.util.Objects;

/**
 * An XES classifier: events (or traces) are equal under it when the values of its keys are equal.
 *
 * @param name  e.g. {@code Activity classifier}
 * @param scope {@link Scope#EVENT} (the default) or {@link Scope#TRACE}
 * @param keys  at least one attribute key, e.g. {@code [concept:name, lifecycle:transition]}
 */
public record Classifier(String name, Scope scope, List<String> keys) {

    /** Where a classifier or global declaration applies. */
    public enum Scope {
        EVENT, TRACE;

        public String xesName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The classifier by activity name alone. */
    public static final Classifier ACTIVITY = new Classifier("Activity", Scope.EVENT, List.of(XesKeys.CONCEPT_NAME));

    public Classifier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("classifier '" + name + "' has no keys");
        }
    }

    /** The class of {@code attributes} under this classifier: the values of its keys joined by '+'. */
    public String classOf(Attributes attributes) {
        if (keys.size() == 1) {
            String v = attributes.getText(keys.get(0));
            return v == null ? "" : v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) sb.append('+');
            String v = attributes.getText(keys.get(i));
            if (v != null) sb.append(v);
        }
        return sb.toString();
    }
}
