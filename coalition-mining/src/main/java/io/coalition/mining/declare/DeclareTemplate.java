package io.coalition.mining.declare;

import java.util.Optional;

/**
 * The 16 Declare templates CONFINE checks (its {@code declareConformance.go}, itself a port of pm4py's
 * classic Declare conformance), in CONFINE's check order. {@link #key()} is the name in the JSON model,
 * {@link #deviationType()} the {@code Type} CONFINE writes for a violation (absence is reported as
 * {@code NONEXISTENCE}). pm4py's {@code nonsuccession} and {@code nonchainsuccession} are not among them.
 */
public enum DeclareTemplate {
    EXISTENCE("existence", "EXISTENCE", false),
    RESPONDED_EXISTENCE("responded_existence", "RESPONDED_EXISTENCE", true),
    ABSENCE("absence", "NONEXISTENCE", false),
    EXACTLY_ONE("exactly_one", "EXACTLY_ONE", false),
    INIT("init", "INIT", false),
    COEXISTENCE("coexistence", "COEXISTENCE", true),
    NONCOEXISTENCE("noncoexistence", "NONCOEXISTENCE", true),
    RESPONSE("response", "RESPONSE", true),
    PRECEDENCE("precedence", "PRECEDENCE", true),
    SUCCESSION("succession", "SUCCESSION", true),
    ALTRESPONSE("altresponse", "ALTRESPONSE", true),
    CHAINRESPONSE("chainresponse", "CHAINRESPONSE", true),
    ALTPRECEDENCE("altprecedence", "ALTPRECEDENCE", true),
    CHAINPRECEDENCE("chainprecedence", "CHAINPRECEDENCE", true),
    ALTSUCCESSION("altsuccession", "ALTSUCCESSION", true),
    CHAINSUCCESSION("chainsuccession", "CHAINSUCCESSION", true);

    private final String key;
    private final String deviationType;
    private final boolean binary;

    DeclareTemplate(String key, String deviationType, boolean binary) {
        this.key = key;
        this.deviationType = deviationType;
        this.binary = binary;
    }

    /** The template's name in CONFINE's (and pm4py's) JSON model. */
    public String key() {
        return key;
    }

    /** The {@code Type} of a violation in CONFINE's conformance output. */
    public String deviationType() {
        return deviationType;
    }

    /** True for the two-activity templates (key {@code "A<<AND>>B"} in the JSON model). */
    public boolean isBinary() {
        return binary;
    }

    /** The template with JSON key {@code key}, if it is one of the 16. */
    public static Optional<DeclareTemplate> ofKey(String key) {
        for (DeclareTemplate t : values()) if (t.key.equals(key)) return Optional.of(t);
        return Optional.empty();
    }
}
