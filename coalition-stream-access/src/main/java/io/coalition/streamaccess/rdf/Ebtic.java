package io.coalition.streamaccess.rdf;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * The EBTIC-BPM process vocabulary of seed 003 (section 2.3, Fig. 1) and Coalition's log vocabulary for the event
 * attributes. The paper does not publish a namespace IRI for EBTIC-BPM; {@link #NS} is ours.
 */
public final class Ebtic {
    /** Namespace of the EBTIC-BPM envelope: Process, Task, hasTask, startTime, endTime, followedBy, precededBy, hasSubTask. */
    public static final String NS = "http://ebtic.org/bpm#";
    /** Namespace for log-specific terms: trace/event attributes, activity classes, agents and agent types. */
    public static final String LOG = "urn:coalition:log#";

    public static final Node PROCESS = iri(NS + "Process");
    public static final Node TASK = iri(NS + "Task");
    public static final Node HAS_TASK = iri(NS + "hasTask");
    public static final Node START_TIME = iri(NS + "startTime");
    public static final Node END_TIME = iri(NS + "endTime");
    public static final Node FOLLOWED_BY = iri(NS + "followedBy");
    public static final Node PRECEDED_BY = iri(NS + "precededBy");
    public static final Node HAS_SUB_TASK = iri(NS + "hasSubTask");

    public static final Node PERFORMED_BY = iri(LOG + "performedBy");
    public static final Node LIFECYCLE = iri(LOG + "lifecycle");
    public static final Node CASE_ID = iri(LOG + "caseId");
    public static final Node HUMAN = iri(LOG + "human");
    public static final Node AUTOMATIC = iri(LOG + "automatic");

    /** SPARQL prefixes every policy pattern may use without declaring them. */
    public static final String PREFIXES = """
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
            PREFIX ebtic-bpm: <http://ebtic.org/bpm#>
            PREFIX log: <urn:coalition:log#>
            """;

    private Ebtic() {
    }

    static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }
}
