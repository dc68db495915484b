package io.coalition.eventlog;

/** Attribute keys of the standard XES extensions (IEEE 1849-2016 and the XES extension registry). */
public final class XesKeys {
    private XesKeys() {
    }

    /** Concept extension: the name of a log, the case id of a trace, the activity of an event. */
    public static final String CONCEPT_NAME = "concept:name";
    public static final String CONCEPT_INSTANCE = "concept:instance";
    /** Time extension: when the event happened. */
    public static final String TIME_TIMESTAMP = "time:timestamp";
    /** Lifecycle extension: the transition (start, complete, ...). */
    public static final String LIFECYCLE_TRANSITION = "lifecycle:transition";
    public static final String LIFECYCLE_MODEL = "lifecycle:model";
    /** Organizational extension. */
    public static final String ORG_RESOURCE = "org:resource";
    public static final String ORG_ROLE = "org:role";
    public static final String ORG_GROUP = "org:group";
    /** Identity extension. */
    public static final String IDENTITY_ID = "identity:id";
    /** Cost extension. */
    public static final String COST_TOTAL = "cost:total";
    public static final String COST_CURRENCY = "cost:currency";
}
