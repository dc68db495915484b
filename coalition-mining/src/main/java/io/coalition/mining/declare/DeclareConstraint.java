package io.coalition.mining.declare;

import java.util.Comparator;
import java.util.Objects;

/**
 * One Declare constraint: a template over one activity ({@code a}; {@code b} is empty) or two ({@code a} is
 * the first activity of the JSON key {@code "a<<AND>>b"}, {@code b} the second). Which of the two activates
 * the constraint depends on the template (e.g. {@code b} for precedence), see {@link DeclareChecker}.
 */
public record DeclareConstraint(DeclareTemplate template, String a, String b) implements Comparable<DeclareConstraint> {
    /** The separator of the two activities in CONFINE's JSON keys. */
    public static final String AND = "<<AND>>";

    private static final Comparator<DeclareConstraint> ORDER = Comparator
            .comparing(DeclareConstraint::template)
            .thenComparing(DeclareConstraint::a)
            .thenComparing(DeclareConstraint::b);

    public DeclareConstraint {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(a, "a");
        b = b == null ? "" : b;
        if (template.isBinary() == b.isEmpty())
            throw new IllegalArgumentException(template.key() + (template.isBinary()
                    ? " needs two activities" : " takes one activity") + ": " + a + "/" + b);
    }

    public static DeclareConstraint unary(DeclareTemplate template, String a) {
        return new DeclareConstraint(template, a, "");
    }

    public static DeclareConstraint binary(DeclareTemplate template, String a, String b) {
        return new DeclareConstraint(template, a, b);
    }

    /** The key under the template in the JSON model: {@code a} or {@code a<<AND>>b}. */
    public String key() {
        return template.isBinary() ? a + AND + b : a;
    }

    @Override
    public int compareTo(DeclareConstraint o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return template.key() + "(" + (template.isBinary() ? a + ", " + b : a) + ")";
    }
}
