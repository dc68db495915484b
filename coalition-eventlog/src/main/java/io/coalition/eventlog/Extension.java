package io.coalition.eventlog;

import java.util.List;
import java.util.Objects;

/**
 * A declared XES extension: its name, the key prefix it owns and the URI of its definition.
 *
 * @param name   e.g. {@code Concept}
 * @param prefix e.g. {@code concept}; keys {@code prefix:...} belong to it
 * @param uri    e.g. {@code http://www.xes-standard.org/concept.xesext}
 */
public record Extension(String name, String prefix, String uri) {
    public static final Extension CONCEPT = new Extension("Concept", "concept", "http://www.xes-standard.org/concept.xesext");
    public static final Extension LIFECYCLE = new Extension("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext");
    public static final Extension ORGANIZATIONAL = new Extension("Organizational", "org", "http://www.xes-standard.org/org.xesext");
    public static final Extension TIME = new Extension("Time", "time", "http://www.xes-standard.org/time.xesext");
    public static final Extension SEMANTIC = new Extension("Semantic", "semantic", "http://www.xes-standard.org/semantic.xesext");
    public static final Extension IDENTITY = new Extension("Identity", "identity", "http://www.xes-standard.org/identity.xesext");
    public static final Extension COST = new Extension("Cost", "cost", "http://www.xes-standard.org/cost.xesext");

    /** The seven standard extensions of IEEE 1849-2016. */
    public static final List<Extension> STANDARD = List.of(CONCEPT, LIFECYCLE, ORGANIZATIONAL, TIME, SEMANTIC, IDENTITY, COST);

    public Extension {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(uri, "uri");
    }

    /** The standard extension with this prefix, or {@code null}. */
    public static Extension standard(String prefix) {
        for (Extension e : STANDARD) {
            if (e.prefix.equals(prefix)) return e;
        }
        return null;
    }
}
