package io.coalition.decisions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWorker;
import io.coalition.decisions.queue.RequestQueue;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The decision flow over HTTP (JSON; the JDK's server, so the library needs no web framework): clients write
 * records and request decisions as signed HPKE envelopes, the request manager queues them, CCU workers answer,
 * and each client fetches its own responses.
 *
 * <pre>
 * GET  /v1/openapi.yaml            the OpenAPI 3.0 document of this API
 * GET  /v1/ccu                     the CCU's certificate (PEM) and HPKE public key (base64): what envelopes are sealed to
 * POST /v1/records                 {"certificate": PEM, "envelope": {...}} a submission  -> 202 {"requestId": id}
 * POST /v1/decisions               {"certificate": PEM, "envelope": {...}} a decision request -> 202 {"requestId": id}
 * GET  /v1/responses/ID?client=FP[&amp;waitMillis=N]
 *                                  200 {"status": "stored"|"decided"|"refused", ...}, 202 {"status": "pending"},
 *                                  or 404 when the client sent no request of that id
 * </pre>
 *
 * <p>A client is the SHA-256 fingerprint of the certificate it sends with its envelopes; its responses go to its
 * channel only (a request id asked for under another client's fingerprint is answered 404). The HTTP layer
 * checks nothing the CCU relies on: certificate, signature, freshness, replay and policy are all checked by the
 * CCU, so the transport can be plain HTTP; decisions come back sealed to the decider's HPKE key. Bad bodies get 400
 * with the field path ({@code $.envelope.ciphertext: not base64: ...}).
 */
public final class DecisionsHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionsHttpServer.class);
    private static final int MAX_BODY = 64 << 20;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<CcuWorker> workers = new ArrayList<>();
    private final List<Thread> workerThreads = new ArrayList<>();
    private final Ccu ccu;
    private final RequestQueue<CcuCall, CcuReply> queue;

    private DecisionsHttpServer(HttpServer server, ExecutorService executor, Ccu ccu, RequestQueue<CcuCall, CcuReply> queue) {
        this.server = server;
        this.executor = executor;
        this.ccu = ccu;
        this.queue = queue;
    }

    /**
     * Starts serving on {@code address} (port 0: any free port) with {@code workers} CCU worker threads on the
     * queue. The caller keeps ownership of the CCU and the queue; closing the server stops the workers.
     */
    public static DecisionsHttpServer start(InetSocketAddress address, Ccu ccu, RequestQueue<CcuCall, CcuReply> queue,
                                            int workers) {
        if (workers < 1) {
            throw new DecisionsException("workers: " + workers + ", expected at least 1");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new DecisionsException(address + ": cannot listen: " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "coalition-decisions-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        DecisionsHttpServer s = new DecisionsHttpServer(http, executor, ccu, queue);
        http.createContext("/v1/", s::handle);
        for (int i = 1; i <= workers; i++) {
            CcuWorker w = new CcuWorker("coalition-decisions-ccu-" + i, ccu, queue);
            Thread t = new Thread(w, w.name());
            t.setDaemon(true);
            s.workers.add(w);
            s.workerThreads.add(t);
            t.start();
        }
        http.start();
        log.info("decisions HTTP API on {} with {} CCU worker(s)", s.uri(), workers);
        return s;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:34567/}. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port() + "/");
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            try {
                if (path.equals("/v1/openapi.yaml")) {
                    requireMethod(method, "GET", path);
                    byte[] doc = openApi();
                    x.getResponseHeaders().set("Content-Type", "application/yaml");
                    x.sendResponseHeaders(200, doc.length);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(doc);
                    }
                } else if (path.equals("/v1/ccu")) {
                    requireMethod(method, "GET", path);
                    ObjectNode n = Wire.JSON.createObjectNode();
                    n.put("certificate", Wire.certificate(ccu.certificate()));
                    n.put("hpkePublicKey", Wire.b64(ccu.hpkePublicKey()));
                    n.put("hpkeKeySignature", Wire.b64(ccu.hpkeKeySignature()));
                    send(x, 200, n);
                } else if (path.equals("/v1/records") || path.equals("/v1/decisions")) {
                    requireMethod(method, "POST", path);
                    boolean submit = path.equals("/v1/records");
                    JsonNode body = body(x);
                    X509Certificate sender = Wire.certificate(body.get("certificate"), "$.certificate");
                    Envelope e = Wire.envelope(body.get("envelope"), "$.envelope");
                    String purpose = e.header().purpose();
                    // a record or a data set on /v1/records, a decision request on /v1/decisions
                    boolean fits = submit ? purpose.equals(Ccu.SUBMIT) || purpose.equals(Ccu.SUBMIT_BATCH) : purpose.equals(Ccu.DECIDE);
                    if (!fits) {
                        throw new DecisionsException("$.envelope.purpose: expected " + (submit ? Ccu.SUBMIT + " or "
                                + Ccu.SUBMIT_BATCH : Ccu.DECIDE) + " for " + path + ", found " + purpose);
                    }
                    CcuCall call = CcuCall.of(purpose, e, sender);
                    String id = queue.send(Envelopes.fingerprint(sender), call);
                    ObjectNode n = Wire.JSON.createObjectNode();
                    n.put("requestId", id);
                    send(x, 202, n);
                } else if (path.startsWith("/v1/responses/") && path.length() > "/v1/responses/".length()) {
                    requireMethod(method, "GET", path);
                    String id = path.substring("/v1/responses/".length());
                    String client = query(x, "client");
                    if (client == null || client.isBlank()) {
                        throw new DecisionsException("query parameter 'client' (the sender certificate's SHA-256"
                                + " fingerprint) is required");
                    }
                    Duration wait = waitOf(x);
                    Optional<CcuReply> r;
                    try {
                        r = queue.response(client, id, wait);
                    } catch (DecisionsException e) {
                        error(x, 404, e.getMessage()); // not this client's request (or no such request)
                        return;
                    }
                    if (r.isPresent()) {
                        send(x, 200, Wire.reply(r.get()));
                    } else {
                        ObjectNode n = Wire.JSON.createObjectNode();
                        n.put("status", "pending");
                        n.put("requestId", id);
                        send(x, 202, n);
                    }
                } else {
                    error(x, 404, "no such endpoint: " + method + " " + path);
                }
            } catch (MethodException e) {
                error(x, 405, e.getMessage());
            } catch (DecisionsException | IllegalArgumentException e) {
                error(x, 400, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error(x, 503, "interrupted while waiting for a response");
            }
        }
    }

    /** The OpenAPI 3.0 document of this API (the resource {@code decisions-api.yaml} beside this class). */
    public static byte[] openApi() {
        try (InputStream in = DecisionsHttpServer.class.getResourceAsStream("decisions-api.yaml")) {
            if (in == null) {
                throw new IllegalStateException("decisions-api.yaml is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read decisions-api.yaml: " + e, e);
        }
    }

    private static final class MethodException extends RuntimeException {
        MethodException(String message) {
            super(message);
        }
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new MethodException(path + ": expected " + expected + ", found " + method);
        }
    }

    private static Duration waitOf(HttpExchange x) {
        String w = query(x, "waitMillis");
        if (w == null) {
            return Duration.ZERO;
        }
        try {
            long ms = Long.parseLong(w);
            if (ms < 0) {
                throw new NumberFormatException();
            }
            Duration d = Duration.ofMillis(ms);
            return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
        } catch (NumberFormatException e) {
            throw new DecisionsException("query parameter 'waitMillis': expected a non-negative integer, found '" + w + "'");
        }
    }

    private static String query(HttpExchange x, String name) {
        String q = x.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static JsonNode body(HttpExchange x) throws IOException {
        byte[] bytes;
        try (InputStream in = x.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new DecisionsException("request body over " + (MAX_BODY >> 20) + " MiB");
        }
        try {
            JsonNode n = Wire.JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new DecisionsException("$: expected a JSON object with certificate and envelope");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DecisionsException("$: not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = Wire.JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange x, int status, String message) throws IOException {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("error", message);
        send(x, status, n);
    }

    /** Stops accepting requests and stops the workers (requests they hold stay in the queue for a reclaim). */
    @Override
    public void close() {
        server.stop(0);
        workers.forEach(CcuWorker::stop);
        for (Thread t : workerThreads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
    }
}
