package io.coalition.streamaccess.rdf;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.TestData;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class XesToRdfTest {

    @Test
    void mapsOneCaseToTheEbticVocabularyInStreamOrder() {
        Trace trace = new Trace(io.coalition.eventlog.Attributes.of("concept:name", "c 1", "AMOUNT_REQ", "5000"),
                List.of(Event.of("concept:name", "A_SUBMITTED", "org:resource", "112",
                                "time:timestamp", Instant.parse("2011-10-01T00:38:44Z"), "lifecycle:transition", "COMPLETE"),
                        Event.of("concept:name", "W_Completeren aanvraag", "org:resource", "10862",
                                "time:timestamp", Instant.parse("2011-10-01T11:00:00Z"), "lifecycle:transition", "START")));
        List<ProcessTriple> triples = XesToRdf.bpic2012().convert(trace, 0);
        List<String> lines = triples.stream().map(t -> t.triple().toString()).toList();
        assertThat(lines).containsExactly(
                "urn:coalition:log:process:c%201 rdf:type http://ebtic.org/bpm#Process",
                "urn:coalition:log:process:c%201 urn:coalition:log#caseId \"c 1\"",
                "urn:coalition:log:process:c%201 urn:coalition:log#AMOUNT_REQ \"5000\"",
                "urn:coalition:log:process:c%201 http://ebtic.org/bpm#startTime \"2011-10-01T00:38:44Z\"^^xsd:dateTime",
                "urn:coalition:log:task:c%201:0 rdf:type http://ebtic.org/bpm#Task",
                "urn:coalition:log:task:c%201:0 rdf:type urn:coalition:log#A_SUBMITTED",
                "urn:coalition:log:process:c%201 http://ebtic.org/bpm#hasTask urn:coalition:log:task:c%201:0",
                "urn:coalition:log:task:c%201:0 http://ebtic.org/bpm#startTime \"2011-10-01T00:38:44Z\"^^xsd:dateTime",
                "urn:coalition:log:task:c%201:0 http://ebtic.org/bpm#endTime \"2011-10-01T00:38:44Z\"^^xsd:dateTime",
                "urn:coalition:log:task:c%201:0 urn:coalition:log#lifecycle \"COMPLETE\"",
                "urn:coalition:log:task:c%201:0 urn:coalition:log#performedBy urn:coalition:log:agent:112",
                "urn:coalition:log:agent:112 rdf:type urn:coalition:log#automatic",
                "urn:coalition:log:task:c%201:1 rdf:type http://ebtic.org/bpm#Task",
                "urn:coalition:log:task:c%201:1 rdf:type urn:coalition:log#W_Completeren%20aanvraag",
                "urn:coalition:log:process:c%201 http://ebtic.org/bpm#hasTask urn:coalition:log:task:c%201:1",
                "urn:coalition:log:task:c%201:1 http://ebtic.org/bpm#startTime \"2011-10-01T11:00:00Z\"^^xsd:dateTime",
                "urn:coalition:log:task:c%201:1 http://ebtic.org/bpm#endTime \"2011-10-01T11:00:00Z\"^^xsd:dateTime",
                "urn:coalition:log:task:c%201:1 urn:coalition:log#lifecycle \"START\"",
                "urn:coalition:log:task:c%201:1 urn:coalition:log#performedBy urn:coalition:log:agent:10862",
                "urn:coalition:log:agent:10862 rdf:type urn:coalition:log#human",
                "urn:coalition:log:task:c%201:1 http://ebtic.org/bpm#precededBy urn:coalition:log:task:c%201:0",
                "urn:coalition:log:task:c%201:0 http://ebtic.org/bpm#followedBy urn:coalition:log:task:c%201:1",
                "urn:coalition:log:process:c%201 http://ebtic.org/bpm#endTime \"2011-10-01T11:00:00Z\"^^xsd:dateTime");
        assertThat(triples).allMatch(t -> t.process().getURI().equals("urn:coalition:log:process:c%201"));
    }

    /** The figures quoted in the README; seed 003 reports 2,379,557 triples for the same log. */
    @Test
    void bpic2012BecomesAStreamOfTriplesCaseByCase() {
        Path xes = TestData.require("xes/bpic2012.xes.gz");
        AtomicLong cases = new AtomicLong();
        Graph distinct = GraphFactory.createGraphMem();
        Map<String, Long> byPredicate = new TreeMap<>();
        long total = XesToRdf.bpic2012().stream(xes, ProgressListener.NONE, block -> {
            cases.incrementAndGet();
            for (ProcessTriple pt : block) {
                Triple t = pt.triple();
                distinct.add(t);
                byPredicate.merge(t.getPredicate().getLocalName(), 1L, Long::sum);
            }
        });
        assertThat(cases.get()).isEqualTo(13_087);
        assertThat(total).isEqualTo(2_450_629);
        assertThat(distinct.size()).isEqualTo(2_394_206);
        assertThat(byPredicate).containsEntry("hasTask", 262_200L).containsEntry("performedBy", 244_190L)
                .containsEntry("type", 593_978L).containsEntry("precededBy", 249_113L);
    }
}
