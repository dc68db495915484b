package io.coalition.streamaccess.policy;

import java.util.List;

/**
 * The Condition block of a seed 003 obligation: graph patterns joined by And, Or and Not. Each pattern is
 * evaluated as a SPARQL ASK (an {@code EXISTS}) with the matched triple's variables bound.
 */
public sealed interface Condition {
    /** Always true: an obligation without a Condition block. */
    Condition TRUE = new Pattern("");

    /** A SPARQL filter expression equivalent to this condition. */
    String toSparql();

    record Pattern(String groupPattern) implements Condition {
        public String toSparql() {
            return groupPattern.isEmpty() ? "true" : "EXISTS { " + groupPattern + " }";
        }
    }

    record And(List<Condition> parts) implements Condition {
        public String toSparql() {
            return "(" + String.join(" && ", parts.stream().map(Condition::toSparql).toList()) + ")";
        }
    }

    record Or(List<Condition> parts) implements Condition {
        public String toSparql() {
            return "(" + String.join(" || ", parts.stream().map(Condition::toSparql).toList()) + ")";
        }
    }

    record Not(Condition part) implements Condition {
        public String toSparql() {
            return "(!" + part.toSparql() + ")";
        }
    }
}
