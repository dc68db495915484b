package io.coalition.streamaccess.endpoint;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.streamaccess.filter.OfflineOracle;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.exec.http.QueryExecHTTP;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.util.FmtUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demultiplexer's two modes on real data: the first 200 cases of BPIC 2012 streamed through five requesters'
 * filters into a materialized endpoint and a rewriting endpoint (both Fuseki, over HTTP on loopback): every
 * requester's whole graph equals the offline oracle in both modes, analytical queries answer the same, and no
 * withheld triple is reachable by any query shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemultiplexerModesTest {
    static final Path POLICIES = Path.of("src/main/resources/io/coalition/streamaccess/policies/bpic2012");
    static final int CASES = 200;
    static final Map<String, String> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("scaled", "process-analyst-scaled"); // deny + Alternative
        ROLES.put("hider", "resource-hider"); // deny, two obligations
        ROLES.put("masker", "agent-masker"); // deny, replace every human agent type
        ROLES.put("activities", "activity-auditor"); // allow
        ROLES.put("pseudonyms", "pseudonym-auditor"); // allow + Alternative
    }

    StreamDemultiplexer materialized;
    StreamDemultiplexer rewriting;
    final Map<String, Set<Triple>> expected = new HashMap<>();
    final Set<Triple> everything = new HashSet<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void streamTheFirstCasesIntoBothModes() {
        Path xes = TestData.require("xes/bpic2012.xes.gz");
        List<RequesterPolicy> policies = new ArrayList<>();
        try (StreamPolicies sp = StreamPolicies.load(POLICIES)) {
            ROLES.forEach((who, role) -> policies.add(
                    sp.forRequester(who, StreamPolicies.request("bpic2012", Map.of("role", role)))));
        }
        materialized = StreamDemultiplexer.start(StreamDemultiplexer.Mode.MATERIALIZED, policies, 0);
        rewriting = StreamDemultiplexer.start(StreamDemultiplexer.Mode.REWRITING, policies, 0);
        policies.forEach(p -> expected.put(p.requester(), new HashSet<>()));
        int[] cases = {0};
        try {
            XesToRdf.bpic2012().stream(xes, ProgressListener.NONE, block -> {
                if (cases[0]++ == CASES) throw new Enough();
                Graph full = GraphFactory.createDefaultGraph();
                block.forEach(pt -> full.add(pt.triple()));
                everything.addAll(full.find().toList());
                for (RequesterPolicy p : policies) {
                    expected.get(p.requester()).addAll(OfflineOracle.apply(p, block.get(0).process(), full).find().toList());
                }
                for (int i = 0; i < block.size(); i += 10) { // the seed's blocks of 10 triples
                    List<ProcessTriple> part = block.subList(i, Math.min(block.size(), i + 10));
                    materialized.accept(part);
                    rewriting.accept(part);
                }
            });
        } catch (Enough done) {
            // the first CASES cases
        }
        materialized.finish();
        rewriting.finish();
    }

    @AfterAll
    void stop() {
        if (materialized != null) materialized.close();
        if (rewriting != null) rewriting.close();
    }

    @Test
    void everyRequestersWholeGraphEqualsTheOracleInBothModes() {
        for (String who : ROLES.keySet()) {
            Set<Triple> m = dump(materialized, who);
            Set<Triple> r = dump(rewriting, who);
            assertThat(m).as("materialized %s", who).isEqualTo(expected.get(who));
            assertThat(r).as("rewriting %s", who).isEqualTo(expected.get(who));
        }
        // the policies really hide something here, and the replacements are there
        assertThat(expected.get("scaled")).anyMatch(t -> t.getObject().isURI()
                && t.getObject().getURI().equals("urn:coalition:log#generic"));
        assertThat(everything.size() - expected.get("hider").size()).isGreaterThan(1000);
        assertThat(expected.get("pseudonyms")).anyMatch(t -> t.getObject().isURI()
                && t.getObject().getURI().equals("urn:coalition:log#pseudonym"));
    }

    static final List<String> QUERIES = List.of(
            "SELECT ?cls (COUNT(?t) AS ?n) { ?p <http://ebtic.org/bpm#hasTask> ?t . ?t a ?cls } GROUP BY ?cls",
            "SELECT ?t ?agent ?type { ?t <urn:coalition:log#performedBy> ?agent OPTIONAL { ?agent a ?type } }",
            "SELECT ?agent { ?agent a ?type FILTER NOT EXISTS { ?t <urn:coalition:log#performedBy> ?agent } }",
            "SELECT DISTINCT ?p { ?p a <http://ebtic.org/bpm#Process> FILTER EXISTS { ?p <http://ebtic.org/bpm#hasTask> ?t"
                    + " . ?t <urn:coalition:log#performedBy> ?a } }",
            "SELECT ?s ?o { { ?s a ?o } UNION { ?s <urn:coalition:log#performedBy> ?o } MINUS { ?s a <urn:coalition:log#human> } }",
            "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?c ?d ?e }",
            "SELECT ?s ?n { { SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s } FILTER(?n > 3) }");

    @Test
    void analyticalQueriesAnswerTheSameInBothModes() {
        for (String who : ROLES.keySet()) {
            for (String q : QUERIES) {
                List<String> m = rows(materialized, who, q);
                List<String> r = rows(rewriting, who, q);
                assertThat(r).as("%s: %s", who, q).isEqualTo(m);
            }
        }
        assertThat(rows(materialized, "scaled", QUERIES.get(0))).isNotEmpty();
    }

    @Test
    void noWithheldTripleIsReachableByAnyQueryShape() {
        for (String who : ROLES.keySet()) {
            Set<Triple> hidden = new HashSet<>(everything);
            hidden.removeAll(expected.get(who));
            // agent types recur across cases: what one case hides another may show, so the union can hide nothing
            if (!who.equals("scaled") && !who.equals("masker")) assertThat(hidden).as(who).isNotEmpty();
            int probed = 0;
            for (Triple t : hidden) {
                if (probed++ == 20) break;
                String tp = nt(t.getSubject()) + " " + nt(t.getPredicate()) + " " + nt(t.getObject());
                for (StreamDemultiplexer d : List.of(materialized, rewriting)) {
                    String url = d.endpoints().get(who).toString();
                    List<String> shapes = new ArrayList<>(List.of("ASK { " + tp + " }",
                            "ASK { FILTER EXISTS { " + tp + " } }", "ASK { VALUES (?s ?p ?o) { (" + tp + ") } ?s ?p ?o }",
                            "ASK { { SELECT * { " + tp + " } } }"));
                    if (probed <= 2) { // scans of the whole log: a few suffice (the whole-graph test covers the rest)
                        shapes.add("ASK { ?x ?y ?z OPTIONAL { " + tp + " . BIND(1 AS ?seen) } FILTER(BOUND(?seen)) }");
                        shapes.add("ASK { ?s ?p ?o FILTER(?s = " + nt(t.getSubject()) + " && ?p = "
                                + nt(t.getPredicate()) + " && ?o = " + nt(t.getObject()) + ") }");
                    }
                    for (String q : shapes) {
                        assertThat(QueryExecHTTP.service(url).query(q).ask()).as("%s %s: %s", d.mode(), who, q).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void rewritingRefusesQueriesThatCouldReadAroundTheFilter() throws Exception {
        String url = rewriting.endpoints().get("hider").toString();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("SELECT * { GRAPH ?g { ?s ?p ?o } }", "GRAPH (the endpoint's log is its only graph)");
        refused.put("SELECT * FROM <urn:coalition:stream-access:hidden:hider> { ?s ?p ?o }",
                "FROM / FROM NAMED (the endpoint's log is its only graph)");
        refused.put("DESCRIBE <urn:coalition:log:agent:112>", "DESCRIBE (it reads the dataset around the query's answers)");
        refused.put("SELECT * { ?s <urn:coalition:log#performedBy>/a ?o }",
                "property paths (?s (<urn:coalition:log#performedBy>/<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) ?o)");
        refused.put("SELECT * { ?l <http://jena.apache.org/ARQ/list#member> ?m }",
                "property functions (http://jena.apache.org/ARQ/list#member)");
        refused.put("SELECT * { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }", "SERVICE");
        refused.put("SELECT (EXISTS { ?s a ?o } AS ?x) { ?s ?p ?o }", "EXISTS / NOT EXISTS in SELECT expressions");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = get(url + "?query=" + enc(e.getKey()));
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(r.body()).as(e.getKey()).contains("query not allowed on a filtered endpoint: " + e.getValue());
            assertThatThrownBy(() -> rewriting.prepare("hider", e.getKey()))
                    .hasMessage("query not allowed on a filtered endpoint: " + e.getValue());
        }
        HttpResponse<String> r = get(url + "?query=" + enc("SELECT * { ?s ?p ?o }") + "&default-graph-uri="
                + enc("urn:coalition:stream-access:hidden:hider"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("query not allowed on a filtered endpoint: default-graph-uri / named-graph-uri"
                + " (the endpoint's log is its only graph)");
    }

    @Test
    void endpointsAreQueryOnly() throws Exception {
        for (StreamDemultiplexer d : List.of(materialized, rewriting)) {
            String base = d.endpoints().get("hider").toString().replace("/sparql", "");
            HttpResponse<String> update = http.send(HttpRequest.newBuilder(URI.create(base + "/sparql"))
                    .header("Content-Type", "application/sparql-update")
                    .POST(HttpRequest.BodyPublishers.ofString("CLEAR ALL")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(update.statusCode()).as("%s update", d.mode()).isGreaterThanOrEqualTo(400);
            assertThat(get(base + "?default").statusCode()).as("%s graph store", d.mode()).isGreaterThanOrEqualTo(400);
            assertThat(get(base + "/data").statusCode()).as("%s graph store", d.mode()).isGreaterThanOrEqualTo(400);
            assertThat(d.size("hider")).isEqualTo(expected.get("hider").size());
        }
    }

    private Set<Triple> dump(StreamDemultiplexer d, String who) {
        Set<Triple> out = new HashSet<>();
        QueryExecHTTP.service(d.endpoints().get(who).toString()).query("CONSTRUCT WHERE { ?s ?p ?o }").construct()
                .find().forEachRemaining(out::add);
        return out;
    }

    private static List<String> rows(StreamDemultiplexer d, String who, String q) {
        List<String> out = new ArrayList<>();
        QueryExecHTTP.service(d.endpoints().get(who).toString()).query(q).select().forEachRemaining(b -> {
            List<String> cells = new ArrayList<>();
            b.vars().forEachRemaining(v -> cells.add(v + "=" + FmtUtils.stringForNode(b.get(v))));
            cells.sort(null);
            out.add(String.join(" ", cells));
        });
        out.sort(null);
        return out;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String nt(org.apache.jena.graph.Node n) {
        return org.apache.jena.riot.out.NodeFmtLib.strNT(n);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }
}
