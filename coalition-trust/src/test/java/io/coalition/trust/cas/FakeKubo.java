package io.coalition.trust.cas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.util.encoders.Base32;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for a Kubo node that implements exactly the RPC endpoints {@link KuboBlobStore} uses, as Kubo
 * documents them: POST only (405 otherwise), {@code add} of one multipart file with raw leaves into CIDv1, and
 * {@code block/get} and {@code block/stat} answering 500 with Kubo's JSON error when a block is absent offline.
 * The CID is computed here independently of {@link Cid} (Bouncy Castle's base32). It can be told to lie.
 */
final class FakeKubo implements AutoCloseable {
    enum Lie { NONE, FLIP_BYTE_ON_GET, WRONG_CID_ON_ADD, FAIL_ADD }

    private final HttpServer server;
    private final Map<String, byte[]> blocks = new ConcurrentHashMap<>();
    volatile Lie lie = Lie.NONE;

    FakeKubo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v0/add", ex -> handle(ex, this::add));
        server.createContext("/api/v0/block/get", ex -> handle(ex, this::blockGet));
        server.createContext("/api/v0/block/stat", ex -> handle(ex, this::blockStat));
        server.start();
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Replaces a stored block behind the store's back (a corrupted datastore). */
    void corrupt(String cid, byte[] content) {
        blocks.put(cid, content);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange ex, Map<String, String> query) throws IOException;
    }

    private static void handle(HttpExchange ex, Handler handler) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, "text/plain", "405 - Method Not Allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            handler.handle(ex, query(ex.getRequestURI()));
        }
    }

    private void add(HttpExchange ex, Map<String, String> q) throws IOException {
        if (lie == Lie.FAIL_ADD) {
            error(ex, "failed to get block: repo is read-only");
            return;
        }
        if (!"1".equals(q.get("cid-version")) || !"true".equals(q.get("raw-leaves"))
                || !"sha2-256".equals(q.get("hash"))) {
            error(ex, "fake kubo only implements add with cid-version=1, raw-leaves=true, hash=sha2-256: " + q);
            return;
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        byte[] body = ex.getRequestBody().readAllBytes();
        byte[] content = part(body, boundary);
        long chunk = Long.parseLong(q.getOrDefault("chunker", "size-262144").substring("size-".length()));
        if (content.length > chunk) {
            error(ex, "fake kubo does not build multi-block DAGs (" + content.length + " > " + chunk + ")");
            return;
        }
        String cid = rawCid(content);
        blocks.put(cid, content);
        String answered = lie == Lie.WRONG_CID_ON_ADD ? rawCid(Arrays.copyOf(content, content.length + 1)) : cid;
        send(ex, 200, "application/json",
                ("{\"Name\":\"blob\",\"Hash\":\"" + answered + "\",\"Size\":\"" + content.length + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private void blockGet(HttpExchange ex, Map<String, String> q) throws IOException {
        byte[] content = offlineBlock(ex, q);
        if (content == null) return;
        if (lie == Lie.FLIP_BYTE_ON_GET) {
            content = content.clone();
            content[content.length / 2] ^= 0x01;
        }
        send(ex, 200, "application/octet-stream", content);
    }

    private void blockStat(HttpExchange ex, Map<String, String> q) throws IOException {
        byte[] content = offlineBlock(ex, q);
        if (content == null) return;
        send(ex, 200, "application/json", ("{\"Key\":\"" + q.get("arg") + "\",\"Size\":" + content.length + "}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private byte[] offlineBlock(HttpExchange ex, Map<String, String> q) throws IOException {
        if (!"true".equals(q.get("offline"))) {
            error(ex, "fake kubo has no network: call with offline=true");
            return null;
        }
        byte[] content = blocks.get(q.get("arg"));
        if (content == null) error(ex, "block was not found locally (offline): ipld: could not find " + q.get("arg"));
        return content;
    }

    static String rawCid(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            byte[] cid = new byte[36];
            cid[0] = 0x01;
            cid[1] = 0x55;
            cid[2] = 0x12;
            cid[3] = 0x20;
            System.arraycopy(digest, 0, cid, 4, 32);
            return "b" + Base32.toBase32String(cid).replace("=", "").toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] part(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n", text.indexOf("--" + boundary)) + 4;
        int end = text.lastIndexOf("\r\n--" + boundary + "--");
        return Arrays.copyOfRange(body, start, end);
    }

    private static void error(HttpExchange ex, String message) throws IOException {
        send(ex, 500, "application/json", ("{\"Message\":\"" + message + "\",\"Code\":0,\"Type\":\"error\"}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() == null) return q;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
