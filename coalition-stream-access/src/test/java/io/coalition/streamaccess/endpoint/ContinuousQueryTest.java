package io.coalition.streamaccess.endpoint;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.riot.out.NodeFmtLib;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Continuous queries over Server-Sent Events, on loopback: rows arrive as the stream brings them. */
class ContinuousQueryTest {
    static final Path POLICIES = Path.of("src/main/resources/io/coalition/streamaccess/policies/bpic2012");
    static final String QUERY = "SELECT ?task ?agent ?type { ?task <urn:coalition:log#performedBy> ?agent . ?agent a ?type }";
    final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(StreamDemultiplexer.Mode.class)
    @Timeout(120) // guards against a hung stream only; nothing here is timed
    void registeredQueryReceivesNewRowsAsTheStreamBringsThem(StreamDemultiplexer.Mode mode) throws Exception {
        RequesterPolicy masker;
        try (StreamPolicies sp = StreamPolicies.load(POLICIES)) {
            masker = sp.forRequester("mia", StreamPolicies.request("running", Map.of("role", "agent-masker")));
        }
        List<List<ProcessTriple>> cases = new ArrayList<>();
        XesToRdf.bpic2012().stream(TestData.require("xes/running-example.xes"), ProgressListener.NONE,
                b -> cases.add(List.copyOf(b)));
        assertThat(cases).hasSize(6);
        try (StreamDemultiplexer demux = StreamDemultiplexer.start(mode, List.of(masker), 0)) {
            for (List<ProcessTriple> c : cases.subList(0, 3)) demux.accept(c);
            Set<Map<String, String>> before = rows(demux.select("mia", QUERY));
            assertThat(before).isNotEmpty();

            URI uri = URI.create(demux.continuousEndpoint("mia") + "?query=" + enc(QUERY));
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            Iterator<String> lines = response.body().iterator();
            Set<Map<String, String>> first = new HashSet<>();
            while (first.size() < before.size()) first.add(nextResult(lines));
            assertThat(first).isEqualTo(before);

            for (List<ProcessTriple> c : cases.subList(3, 6)) demux.accept(c);
            demux.finish();
            Set<Map<String, String>> later = new HashSet<>();
            String end;
            while (true) {
                String event = nextEvent(lines);
                if (event.startsWith("end ")) {
                    end = event;
                    break;
                }
                assertThat(later.add(json(event.substring("result ".length())))).as("each row once").isTrue();
            }
            Set<Map<String, String>> all = rows(demux.select("mia", QUERY));
            Set<Map<String, String>> expectedLater = new HashSet<>(all);
            expectedLater.removeAll(before);
            assertThat(later).isNotEmpty().isEqualTo(expectedLater);
            assertThat(JSON.parseAny(end.substring("end ".length())).getAsObject().get("rows").getAsNumber().value()
                    .intValue()).isEqualTo(all.size());
            // the masker's policy holds in the continuous results too
            assertThat(all).allSatisfy(r -> assertThat(r.get("type")).isNotEqualTo("<urn:coalition:log#human>"));
            assertThat(all).anySatisfy(r -> assertThat(r.get("type")).isEqualTo("<urn:coalition:log#generic>"));
        }
    }

    @ParameterizedTest
    @EnumSource(StreamDemultiplexer.Mode.class)
    void badContinuousQueriesAreRefusedWithTheReason(StreamDemultiplexer.Mode mode) throws Exception {
        RequesterPolicy masker;
        try (StreamPolicies sp = StreamPolicies.load(POLICIES)) {
            masker = sp.forRequester("mia", StreamPolicies.request("running", Map.of("role", "agent-masker")));
        }
        try (StreamDemultiplexer demux = StreamDemultiplexer.start(mode, List.of(masker), 0)) {
            String base = demux.continuousEndpoint("mia").toString();
            assertThat(get(base)).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).isEqualTo("continuous query: parameter 'query' is missing\n");
            });
            assertThat(get(base + "?query=" + enc("CONSTRUCT WHERE { ?s ?p ?o }"))).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).isEqualTo("continuous query: only SELECT is supported, found CONSTRUCT\n");
            });
            assertThat(get(base + "?query=" + enc("SELECT * {"))).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).startsWith("query for 'mia': Encountered \"<EOF>\" at line 1, column 10.");
            });
            assertThat(get(base.replace("/mia", "/eve") + "?query=" + enc(QUERY))).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).isEqualTo("no endpoint for requester 'eve'\n");
            });
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Next event as "NAME DATA", skipping comments (heartbeats). */
    private static String nextEvent(Iterator<String> lines) {
        String name = null;
        String data = null;
        while (lines.hasNext()) {
            String l = lines.next();
            if (l.startsWith("event: ")) name = l.substring(7);
            else if (l.startsWith("data: ")) data = l.substring(6);
            else if (l.isEmpty() && name != null) return name + " " + data;
        }
        throw new AssertionError("the event stream ended without 'end'");
    }

    private static Map<String, String> nextResult(Iterator<String> lines) {
        String e = nextEvent(lines);
        assertThat(e).startsWith("result ");
        return json(e.substring("result ".length()));
    }

    private static Map<String, String> json(String data) {
        JsonObject o = JSON.parse(data);
        Map<String, String> row = new TreeMap<>();
        o.keys().forEach(k -> row.put(k, o.get(k).getAsString().value()));
        return row;
    }

    private static Set<Map<String, String>> rows(List<Map<String, org.apache.jena.graph.Node>> rows) {
        Set<Map<String, String>> out = new HashSet<>();
        for (var r : rows) {
            Map<String, String> m = new TreeMap<>();
            r.forEach((k, v) -> m.put(k, NodeFmtLib.strNT(v)));
            out.add(m);
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
