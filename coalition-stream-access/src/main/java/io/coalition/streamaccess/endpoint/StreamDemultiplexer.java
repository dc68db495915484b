package io.coalition.streamaccess.endpoint;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.bus.StreamBus;
import io.coalition.streamaccess.filter.DynamicFilter;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamObligation;
import io.coalition.streamaccess.rdf.ProcessTriple;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Operation;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.system.Txn;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Seed 003's RDF Stream Demultiplexer: each requester's logical log (what their {@link DynamicFilter} releases) as a
 * read-only SPARQL 1.1 query endpoint on an embedded Apache Jena Fuseki, plus continuous queries over Server-Sent
 * Events. Two modes ({@link Mode}): a materialized graph per requester, or query rewriting over one shared graph.
 * Both give the same answers (proven on BPIC 2012 by {@code DemultiplexerModesTest}).
 *
 * <p>Endpoints: {@code https://HOST:PORT/<requester>/sparql} with client certificates ({@link EndpointTls}), or,
 * for development, {@code http://127.0.0.1:PORT/<requester>/sparql} without authentication (SPARQL protocol, query only: no
 * update, no Graph Store Protocol) and {@code http://127.0.0.1:PORT/continuous/<requester>?query=SELECT...}
 * (text/event-stream: one {@code result} event per new row, {@code end} when the stream is over).
 *
 * <p>Feed it from one thread ({@link #accept}, {@link #finish}, or {@link #subscriber()} on a bus); each block is one
 * write transaction, so a query sees whole blocks only.
 */
public final class StreamDemultiplexer implements AutoCloseable {
    /** How a requester's logical log is kept. */
    public enum Mode {
        /** One in-memory graph per requester holding exactly what their filter released. */
        MATERIALIZED,
        /**
         * One shared graph with every stream triple; per requester only the filter's ground state (withheld and
         * replacement triples for deny, released triples for allow) in named graphs, applied to each query's triple
         * patterns by {@link QueryRewriter}.
         */
        REWRITING
    }

    static final String GRAPH_PREFIX = "urn:coalition:stream-access:";

    private final Mode mode;
    private final DatasetGraph shared;
    private final Map<String, View> views = new LinkedHashMap<>();
    private final FusekiServer server;
    private final ServerConnector tlsConnector; // null: plain HTTP on loopback (development)
    private final String host;
    private final Object changed = new Object();
    private long version;
    private boolean finished;

    /** One requester: their filter and where their log lives. */
    final class View {
        final String requester;
        final DynamicFilter filter;
        final DatasetGraph dataset; // materialized: own dataset; rewriting: the shared one
        final QueryRewriter rewriter; // null when materialized
        final Graph hiddenOrAllowed;
        final Graph added;

        View(RequesterPolicy policy) {
            this.requester = policy.requester();
            if (mode == Mode.MATERIALIZED) {
                dataset = DatasetGraphFactory.create();
                rewriter = null;
                hiddenOrAllowed = null;
                added = null;
                Graph g = dataset.getDefaultGraph();
                filter = new DynamicFilter(policy, pt -> g.add(pt.triple()));
            } else {
                dataset = shared;
                boolean deny = policy.effect() == StreamObligation.Effect.DENY;
                Node first = NodeFactory.createURI(GRAPH_PREFIX + (deny ? "hidden:" : "allowed:") + requester);
                Node second = deny ? NodeFactory.createURI(GRAPH_PREFIX + "added:" + requester) : null;
                rewriter = new QueryRewriter(first, second);
                hiddenOrAllowed = shared.getGraph(first);
                added = deny ? shared.getGraph(second) : null;
                Graph s = shared.getDefaultGraph();
                filter = new DynamicFilter(policy, deny ? pt -> {
                    Triple t = pt.triple();
                    if (s.contains(t)) hiddenOrAllowed.delete(t);
                    else added.add(t);
                } : pt -> hiddenOrAllowed.add(pt.triple()));
            }
        }

        /** Deny, rewriting: whether {@code t} is visible now (before it enters the shared graph). */
        boolean visible(Graph s, Triple t) {
            return (s.contains(t) && !hiddenOrAllowed.contains(t)) || added.contains(t);
        }

        boolean deny() {
            return added != null;
        }

        /** Parses (and in rewriting mode rewrites) a query from a client; errors name what is wrong. */
        Query prepare(String text) {
            Query q;
            try {
                q = QueryFactory.create(text);
            } catch (QueryParseException e) {
                throw new StreamAccessException("query for '" + requester + "': " + e.getMessage(), e);
            }
            return rewriter == null ? q : rewriter.rewrite(q);
        }

        <T> T read(Query prepared, Function<QueryExec, T> f) {
            return Txn.calculateRead(dataset, () -> {
                try (QueryExec qe = QueryExec.dataset(dataset).query(prepared).build()) {
                    return f.apply(qe);
                }
            });
        }
    }

    private StreamDemultiplexer(Mode mode, List<RequesterPolicy> requesters, int port, EndpointTls tls, String bind) {
        this.mode = mode;
        this.shared = mode == Mode.REWRITING ? DatasetGraphFactory.create() : null;
        FusekiServer.Builder b = FusekiServer.create().port(port).loopback(true).enablePing(false);
        for (RequesterPolicy p : requesters) {
            if (!p.requester().matches("[A-Za-z0-9_.-]+") || p.requester().equals("continuous")) {
                throw new StreamAccessException("requester name '" + p.requester()
                        + "': use letters, digits, _ . - only (and not 'continuous'); it becomes a URL path");
            }
            if (views.containsKey(p.requester())) {
                throw new StreamAccessException("requester '" + p.requester() + "' given twice");
            }
            View v = new View(p);
            views.put(p.requester(), v);
            if (mode == Mode.MATERIALIZED) {
                b.add("/" + p.requester(), DataService.newBuilder(v.dataset).addEndpoint(Operation.Query, "sparql"));
            } else {
                // one operation per requester: Fuseki maps an operation to one handler, and the handler must know
                // whose filter to apply
                Operation op = Operation.alloc(GRAPH_PREFIX + "rewritten-query:" + p.requester(),
                        "rewritten-query-" + p.requester(), "SPARQL query rewritten with " + p.requester()
                                + "'s filter");
                b.registerOperation(op, new RewritingQueryService(v));
                b.add("/" + p.requester(), DataService.newBuilder(shared).addEndpoint(op, "sparql"));
            }
        }
        b.addServlet("/continuous/*", new ContinuousQueryServlet(this));
        if (tls != null) {
            for (RequesterPolicy p : requesters) {
                if (!tls.grants().containsKey(p.requester())) {
                    throw new StreamAccessException("requester '" + p.requester() + "' has no granted certificate;"
                            + " with TLS every endpoint needs one");
                }
            }
        }
        this.server = b.build();
        this.host = tls == null ? "127.0.0.1" : bind;
        this.tlsConnector = tls == null ? null : secure(server.getJettyServer(), tls, bind, port);
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new StreamAccessException("cannot start the SPARQL endpoints on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Starts the endpoints for {@code requesters} (each already permitted by the PDP) on {@code 127.0.0.1:port} over
     * plain HTTP without authentication: for development only, any local process can read every endpoint.
     * {@code port} 0 picks a free one.
     */
    public static StreamDemultiplexer start(Mode mode, List<RequesterPolicy> requesters, int port) {
        return new StreamDemultiplexer(mode, requesters, port, null, null);
    }

    /**
     * Starts the endpoints over HTTPS (TLS 1.3, client certificate required) on {@code bind:port}: each requester's
     * endpoints answer only the certificate {@code tls} grants them (see {@link EndpointTls}).
     */
    public static StreamDemultiplexer start(Mode mode, List<RequesterPolicy> requesters, String bind, int port,
                                            EndpointTls tls) {
        return new StreamDemultiplexer(mode, requesters, port, Objects.requireNonNull(tls, "tls"), bind);
    }

    /** Replaces Fuseki's plain connector by a TLS one and puts the requester check in front of every handler. */
    private static ServerConnector secure(Server jetty, EndpointTls tls, String bind, int port) {
        for (Connector c : jetty.getConnectors()) jetty.removeConnector(c);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.serverContext());
        ssl.setIncludeProtocols("TLSv1.3");
        ssl.setNeedClientAuth(true);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        // participant certificates name organizations, not hosts: clients pin the endpoint certificate instead
        customizer.setSniHostCheck(false);
        http.addCustomizer(customizer);
        ServerConnector c = new ServerConnector(jetty, ssl, new HttpConnectionFactory(http));
        c.setHost(bind);
        c.setPort(port);
        jetty.addConnector(c);
        jetty.setHandler(new RequesterGate(jetty.getHandler(), tls));
        return c;
    }

    /** Whether the endpoints are served over TLS with client certificates. */
    public boolean secured() {
        return tlsConnector != null;
    }

    public Mode mode() {
        return mode;
    }

    public int port() {
        return tlsConnector != null ? tlsConnector.getLocalPort() : server.getHttpPort();
    }

    /** Requester -> SPARQL query endpoint URL. */
    public Map<String, URI> endpoints() {
        Map<String, URI> out = new LinkedHashMap<>();
        for (String who : views.keySet()) out.put(who, URI.create(base() + who + "/sparql"));
        return out;
    }

    /** The continuous-query (SSE) URL of a requester; append {@code ?query=} with the URL-encoded SELECT. */
    public URI continuousEndpoint(String requester) {
        view(requester);
        return URI.create(base() + "continuous/" + requester);
    }

    private String base() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tlsConnector != null ? "https://" : "http://") + h + ":" + port() + "/";
    }

    View view(String requester) {
        View v = views.get(requester);
        if (v == null) throw new StreamAccessException("no endpoint for requester '" + requester + "'");
        return v;
    }

    /** The query as this demultiplexer runs it for {@code requester} (rewritten in {@link Mode#REWRITING}). */
    public Query prepare(String requester, String query) {
        return view(requester).prepare(query);
    }

    /** Runs a SELECT as the requester's endpoint would, in process (for the CLI and tests). */
    public List<Map<String, Node>> select(String requester, String query) {
        View v = view(requester);
        return v.read(v.prepare(query), qe -> {
            List<Map<String, Node>> rows = new ArrayList<>();
            RowSet rs = qe.select();
            rs.forEachRemaining(b -> {
                Map<String, Node> row = new LinkedHashMap<>();
                b.vars().forEachRemaining(var -> row.put(var.getVarName(), b.get(var)));
                rows.add(row);
            });
            return rows;
        });
    }

    /** Feeds one block of the stream to every requester's filter, in one write transaction. */
    public void accept(List<ProcessTriple> block) {
        write(() -> {
            if (mode == Mode.REWRITING) {
                Graph s = shared.getDefaultGraph();
                for (ProcessTriple pt : block) {
                    Triple t = pt.triple();
                    // deny: withhold t until the filter releases it, unless it is already visible (the log is a set:
                    // the same triple from another process may have been released)
                    List<View> hold = new ArrayList<>();
                    for (View v : views.values()) if (v.deny() && !v.visible(s, t)) hold.add(v);
                    s.add(t);
                    for (View v : hold) v.hiddenOrAllowed.add(t);
                    for (View v : views.values()) v.filter.accept(pt);
                }
            } else {
                for (ProcessTriple pt : block) for (View v : views.values()) v.filter.accept(pt);
            }
        });
    }

    /** End of a finite stream: decides the processes still open, then tells continuous queries it is over. */
    public void finish() {
        write(() -> views.values().forEach(v -> v.filter.finish()));
        synchronized (changed) {
            finished = true;
            changed.notifyAll();
        }
    }

    /** A bus subscriber feeding this demultiplexer. */
    public StreamBus.Subscriber subscriber() {
        return new StreamBus.Subscriber() {
            @Override
            public void block(List<ProcessTriple> block) {
                accept(block);
            }

            @Override
            public void end() {
                finish();
            }
        };
    }

    private void write(Runnable r) {
        List<DatasetGraph> dsgs = mode == Mode.REWRITING ? List.of(shared)
                : views.values().stream().map(v -> v.dataset).toList();
        for (DatasetGraph d : dsgs) d.begin(org.apache.jena.query.TxnType.WRITE);
        try {
            r.run();
            for (DatasetGraph d : dsgs) d.commit();
        } catch (RuntimeException | Error e) {
            for (DatasetGraph d : dsgs) if (d.isInTransaction()) d.abort();
            throw e;
        } finally {
            for (DatasetGraph d : dsgs) d.end();
        }
        synchronized (changed) {
            version++;
            changed.notifyAll();
        }
    }

    /** The current version (blocks committed) and whether the stream is over; waits up to {@code millis} for news. */
    long[] awaitChange(long seen, long millis) throws InterruptedException {
        synchronized (changed) {
            if (version == seen && !finished && millis > 0) changed.wait(millis);
            return new long[] {version, finished ? 1 : 0};
        }
    }

    /** Triples in a requester's materialized log (tests and the CLI); rewriting mode counts a query's answers. */
    public long size(String requester) {
        View v = view(requester);
        if (mode == Mode.MATERIALIZED) return Txn.calculateRead(v.dataset, () -> (long) v.dataset.getDefaultGraph().size());
        return ((Number) select(requester, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").get(0).get("n")
                .getLiteralValue()).longValue();
    }

    @Override
    public void close() {
        // Jetty's stop fails on a thread already interrupted (Ctrl-C or a caller's cancel): stop first, re-flag after
        boolean interrupted = Thread.interrupted();
        try {
            server.stop();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        synchronized (changed) {
            finished = true;
            changed.notifyAll();
        }
    }
}
