package io.coalition.streamaccess.endpoint;

import io.coalition.streamaccess.StreamAccessException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.riot.out.NodeFmtLib;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Continuous queries (seed 003 section 1: "users can register continuous queries in order to be notified by new
 * events matching their query") over Server-Sent Events: {@code GET /continuous/<requester>?query=SELECT ...}
 * registers the query on the requester's logical log; after every block the demultiplexer commits, the query is
 * re-evaluated and each row not sent before goes out as {@code event: result} with a JSON object (variable ->
 * N-Triples term). {@code event: end} follows when the stream is finished. Rows are never retracted: for a
 * monotonic query (no NOT EXISTS, MINUS, aggregates) the rows sent are exactly the final answer.
 */
final class ContinuousQueryServlet extends HttpServlet {
    private static final long HEARTBEAT_MILLIS = 1000;
    private final transient StreamDemultiplexer demux;

    ContinuousQueryServlet(StreamDemultiplexer demux) {
        this.demux = demux;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceFirst("^/", "");
        String text = req.getParameter("query");
        StreamDemultiplexer.View view;
        Query query;
        try {
            view = demux.view(path);
            if (text == null) throw new StreamAccessException("continuous query: parameter 'query' is missing");
            query = view.prepare(text);
            if (!query.isSelectType()) {
                throw new StreamAccessException("continuous query: only SELECT is supported, found "
                        + query.queryType());
            }
        } catch (StreamAccessException e) {
            resp.setStatus(e.getMessage().startsWith("no endpoint") ? 404 : 400);
            resp.setContentType("text/plain");
            resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
            resp.getWriter().print(e.getMessage() + "\n");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-cache");
        PrintWriter out = resp.getWriter();
        out.print(": registered\n\n");
        out.flush();
        Set<Binding> sent = new HashSet<>();
        long seen = -1;
        try {
            while (true) {
                long[] state = demux.awaitChange(seen, seen < 0 ? 0 : HEARTBEAT_MILLIS);
                if (state[0] != seen) {
                    seen = state[0];
                    List<Binding> rows = view.read(query, qe -> {
                        List<Binding> all = new ArrayList<>();
                        qe.select().forEachRemaining(all::add);
                        return all;
                    });
                    for (Binding b : rows) {
                        if (!sent.add(b)) continue;
                        JsonObject json = new JsonObject();
                        for (var it = b.vars(); it.hasNext(); ) {
                            var v = it.next();
                            Node n = b.get(v);
                            json.put(v.getVarName(), NodeFmtLib.strNT(n));
                        }
                        out.print("event: result\ndata: " + json.toString().replace("\n", " ") + "\n\n");
                    }
                    out.flush();
                } else if (state[1] == 1) {
                    out.print("event: end\ndata: {\"rows\": " + sent.size() + "}\n\n");
                    out.flush();
                    return;
                } else {
                    out.print(": waiting\n\n"); // a write is how a closed client is noticed
                    out.flush();
                }
                if (out.checkError()) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
