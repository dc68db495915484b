package io.coalition.streamaccess.rdf;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Maps XES traces to RDF with the EBTIC-BPM vocabulary, case by case (seed 003, section 2.3 and Table 3).
 *
 * <p>Per case, in this order: {@code p a ebtic-bpm:Process}, {@code p log:caseId}, one {@code p log:KEY} per other
 * trace attribute, {@code p ebtic-bpm:startTime} (first event); per event (a task {@code t}): {@code t a
 * ebtic-bpm:Task}, {@code t a log:ACTIVITY}, {@code p ebtic-bpm:hasTask t}, {@code t ebtic-bpm:startTime} and
 * {@code t ebtic-bpm:endTime} (an XES event is instantaneous: both are its timestamp), {@code t log:lifecycle},
 * {@code t log:performedBy agent} and, the first time the agent appears in the case, {@code agent a log:human}
 * or {@code log:automatic}, {@code t ebtic-bpm:precededBy t'} and {@code t' ebtic-bpm:followedBy t} for the
 * previous task t', one {@code t log:KEY} per other event attribute; last, {@code p ebtic-bpm:endTime} (last event),
 * so the seed's decision point (the process end time) closes the case. Every case is self-contained: conditions
 * evaluated on one case's triples never need another case. {@code hasSubTask} is never produced (XES is flat).
 *
 * <p>Immutable and thread-safe.
 */
public final class XesToRdf {
    /** BPI Challenge 2012's resource 112 performs the automatic submission steps: its agent type is automatic. */
    public static final Set<String> BPIC2012_AUTOMATIC_RESOURCES = Set.of("112");

    private final Set<String> automaticResources;

    public XesToRdf(Set<String> automaticResources) {
        this.automaticResources = Set.copyOf(automaticResources);
    }

    /** The mapping used for BPI Challenge 2012 (resource 112 is automatic, every other resource human). */
    public static XesToRdf bpic2012() {
        return new XesToRdf(BPIC2012_AUTOMATIC_RESOURCES);
    }

    /** The process IRI of a case id. */
    public static Node processNode(String caseId) {
        return NodeFactory.createURI("urn:coalition:log:process:" + encode(caseId));
    }

    /** The triples of one case, in stream order. */
    public List<ProcessTriple> convert(Trace trace, long traceIndex) {
        String caseId = trace.caseId() != null ? trace.caseId() : "trace-" + traceIndex;
        Node p = processNode(caseId);
        List<ProcessTriple> out = new ArrayList<>(trace.size() * 10 + 8);
        Consumer<Triple> emit = t -> out.add(new ProcessTriple(p, t));
        emit.accept(Triple.create(p, RDF.type.asNode(), Ebtic.PROCESS));
        emit.accept(Triple.create(p, Ebtic.CASE_ID, NodeFactory.createLiteralString(caseId)));
        for (Attribute a : trace.attributes()) {
            if (a.key().equals(XesKeys.CONCEPT_NAME)) continue;
            Node o = literal(a);
            if (o != null) emit.accept(Triple.create(p, logTerm(a.key()), o));
        }
        List<Event> events = trace.events();
        Instant first = events.isEmpty() ? null : events.get(0).timestamp();
        if (first != null) emit.accept(Triple.create(p, Ebtic.START_TIME, dateTime(first)));
        Set<String> agentsSeen = new HashSet<>();
        Node previous = null;
        String taskPrefix = "urn:coalition:log:task:" + encode(caseId) + ":";
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            Node t = NodeFactory.createURI(taskPrefix + i);
            emit.accept(Triple.create(t, RDF.type.asNode(), Ebtic.TASK));
            if (e.activity() != null) emit.accept(Triple.create(t, RDF.type.asNode(), logTerm(e.activity())));
            emit.accept(Triple.create(p, Ebtic.HAS_TASK, t));
            Instant ts = e.timestamp();
            if (ts != null) {
                emit.accept(Triple.create(t, Ebtic.START_TIME, dateTime(ts)));
                emit.accept(Triple.create(t, Ebtic.END_TIME, dateTime(ts)));
            }
            if (e.lifecycle() != null) {
                emit.accept(Triple.create(t, Ebtic.LIFECYCLE, NodeFactory.createLiteralString(e.lifecycle())));
            }
            String resource = e.resource();
            if (resource != null) {
                Node agent = NodeFactory.createURI("urn:coalition:log:agent:" + encode(resource));
                emit.accept(Triple.create(t, Ebtic.PERFORMED_BY, agent));
                if (agentsSeen.add(resource)) {
                    emit.accept(Triple.create(agent, RDF.type.asNode(),
                            automaticResources.contains(resource) ? Ebtic.AUTOMATIC : Ebtic.HUMAN));
                }
            }
            if (previous != null) {
                emit.accept(Triple.create(t, Ebtic.PRECEDED_BY, previous));
                emit.accept(Triple.create(previous, Ebtic.FOLLOWED_BY, t));
            }
            for (Attribute a : e.attributes()) {
                String k = a.key();
                if (k.equals(XesKeys.CONCEPT_NAME) || k.equals(XesKeys.TIME_TIMESTAMP)
                        || k.equals(XesKeys.ORG_RESOURCE) || k.equals(XesKeys.LIFECYCLE_TRANSITION)) continue;
                Node o = literal(a);
                if (o != null) emit.accept(Triple.create(t, logTerm(k), o));
            }
            previous = t;
        }
        Instant last = events.isEmpty() ? null : events.get(events.size() - 1).timestamp();
        if (last != null) emit.accept(Triple.create(p, Ebtic.END_TIME, dateTime(last)));
        return out;
    }

    /**
     * Streams an XES file case by case: {@code perCase} receives each case's triples, in log order, without the
     * whole log in memory. Returns the number of triples produced.
     */
    public long stream(Path xes, ProgressListener progress, Consumer<List<ProcessTriple>> perCase) {
        long count = 0;
        try (XesReader reader = XesReader.open(xes, ReadOptions.DEFAULT.withProgress(progress))) {
            long index = 0;
            for (Trace t = reader.next(); t != null; t = reader.next()) {
                List<ProcessTriple> block = convert(t, index++);
                count += block.size();
                perCase.accept(block);
            }
        }
        return count;
    }

    /** A {@code log:} IRI for an attribute key or activity name (percent-encoded, so it is a valid prefixed name). */
    public static Node logTerm(String name) {
        return NodeFactory.createURI(Ebtic.LOG + encode(name));
    }

    private static Node literal(Attribute a) {
        Object v = a.value();
        AttributeType type = a.type();
        return switch (type) {
            case STRING, ID -> NodeFactory.createLiteralString(v.toString());
            case INT -> NodeFactory.createLiteralDT(v.toString(), XSDDatatype.XSDinteger);
            case FLOAT -> NodeFactory.createLiteralDT(v.toString(), XSDDatatype.XSDdouble);
            case BOOLEAN -> NodeFactory.createLiteralDT(v.toString(), XSDDatatype.XSDboolean);
            case DATE -> dateTime((Instant) v);
            default -> null; // lists and containers have no flat RDF form here; see README
        };
    }

    private static Node dateTime(Instant instant) {
        return NodeFactory.createLiteralDT(instant.toString(), XSDDatatype.XSDdateTime);
    }

    /** Keeps [A-Za-z0-9_.-], percent-encodes every other UTF-8 byte. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || c == '.') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
