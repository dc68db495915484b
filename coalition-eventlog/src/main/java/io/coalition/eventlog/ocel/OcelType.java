package io.coalition.eventlog.ocel;

import java.util.List;
import java.util.Objects;

/**
 * An event type or object type with its declared attributes. OCEL 2.0 declares them; for OCEL 1.0 they are
 * derived from the data, so that both versions give the same model.
 *
 * @param name       the type name (an activity for event types)
 * @param attributes the declared attributes, in file order
 */
public record OcelType(String name, List<OcelAttributeDeclaration> attributes) {
    public OcelType {
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
    }

    /** The declaration of attribute {@code attributeName}, or {@code null}. */
    public OcelAttributeDeclaration attribute(String attributeName) {
        for (OcelAttributeDeclaration a : attributes) {
            if (a.name().equals(attributeName)) return a;
        }
        return null;
    }
}
