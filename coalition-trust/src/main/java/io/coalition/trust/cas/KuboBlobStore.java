package io.coalition.trust.cas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.trust.TrustException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link BlobStore} on a real IPFS node through the Kubo RPC API ({@code /api/v0}, always POST).
 *
 * <ul>
 *   <li>{@link #put}: {@code /api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256&chunker=size-1048576&pin=true}.
 *       With raw leaves and a chunk no smaller than the blob, Kubo stores the blob as one raw block, so its CID is
 *       exactly {@link Cid#of}. The CID the node answers is compared with the one computed here.</li>
 *   <li>{@link #get}: {@code /api/v0/block/get?arg=CID&offline=true}: the raw block, which for the raw codec is the
 *       blob itself; the bytes are hashed and compared with the CID, so a lying or corrupted node is caught.</li>
 *   <li>{@link #contains}: {@code /api/v0/block/stat?arg=CID&offline=true}.</li>
 * </ul>
 * {@code offline=true} (a Kubo root option) keeps reads local: a missing blob is reported as missing instead of
 * being searched for on the public network. Blobs are limited to {@link #MAX_BLOB} bytes, Kubo's largest chunk.
 */
public final class KuboBlobStore implements BlobStore {
    /** Kubo's chunk size limit (1 MiB): larger blobs would become a DAG, whose CID is not a raw CID. */
    public static final int MAX_BLOB = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final HttpClient http;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /** A client of the Kubo RPC API at {@code api} (for example {@code http://127.0.0.1:5001}). */
    public KuboBlobStore(URI api, Duration timeout) {
        String s = api.toString();
        this.api = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public KuboBlobStore(URI api) {
        this(api, Duration.ofSeconds(30));
    }

    /** Every blob, written concurrently (see {@link ConcurrentPuts}); each as durable as {@link #put} makes it. */
    @Override
    public java.util.List<Cid> putAll(java.util.List<byte[]> contents) {
        return ConcurrentPuts.run(contents, this::put);
    }

    @Override
    public Cid put(byte[] content) {
        if (content.length > MAX_BLOB) {
            throw new TrustException("Kubo " + api + ": blob of " + content.length + " bytes is larger than "
                    + MAX_BLOB + " bytes, the largest single raw block");
        }
        Cid cid = Cid.of(content);
        String boundary = "coalition-" + HexFormat.of().formatHex(randomBytes());
        HttpResponse<byte[]> response = post("/api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256"
                        + "&chunker=size-" + MAX_BLOB + "&pin=true&quieter=true",
                HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, content)),
                "multipart/form-data; boundary=" + boundary);
        if (response.statusCode() != 200) throw failure("add", cid, response);
        // The answer is one JSON object per added file (and none for progress, which is off by default).
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        String last = body.substring(body.lastIndexOf('\n') + 1);
        String answered;
        try {
            JsonNode node = JSON.readTree(last);
            answered = node == null || !node.hasNonNull("Hash") ? null : node.get("Hash").asText();
        } catch (IOException e) {
            answered = null;
        }
        if (answered == null) {
            throw new TrustException("Kubo " + api + ": add of " + cid + " answered no \"Hash\": " + abbreviate(body));
        }
        if (!answered.equals(cid.toString())) {
            throw new TrustException("Kubo " + api + ": add answered CID " + answered + " but the blob's CID is "
                    + cid + ": the node did not store it as one raw sha2-256 block");
        }
        return cid;
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        HttpResponse<byte[]> response = post("/api/v0/block/get?arg=" + cid + "&offline=true",
                HttpRequest.BodyPublishers.noBody(), null);
        if (isNotFound(response)) return Optional.empty();
        if (response.statusCode() != 200) throw failure("block/get", cid, response);
        byte[] content = response.body();
        if (!cid.matches(content)) {
            throw new TrustException("Kubo " + api + ": block " + cid + " does not match its CID: the node returned "
                    + content.length + " bytes that hash to " + Cid.of(content));
        }
        return Optional.of(content);
    }

    @Override
    public boolean contains(Cid cid) {
        HttpResponse<byte[]> response = post("/api/v0/block/stat?arg=" + cid + "&offline=true",
                HttpRequest.BodyPublishers.noBody(), null);
        if (isNotFound(response)) return false;
        if (response.statusCode() != 200) throw failure("block/stat", cid, response);
        return true;
    }

    private HttpResponse<byte[]> post(String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(timeout).POST(body);
        if (contentType != null) request.header("Content-Type", contentType);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TrustException("Kubo " + api + ": " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrustException("Kubo " + api + ": " + path + " interrupted", e);
        }
    }

    /** Kubo answers 500 with {"Message": ..., "Type": "error"}; a block absent in offline mode says "not found". */
    private static boolean isNotFound(HttpResponse<byte[]> response) {
        if (response.statusCode() != 500) return false;
        String message = errorMessage(response).toLowerCase(Locale.ROOT);
        return message.contains("not found") || message.contains("could not find");
    }

    private TrustException failure(String command, Cid cid, HttpResponse<byte[]> response) {
        return new TrustException("Kubo " + api + ": " + command + " of " + cid + " failed with HTTP "
                + response.statusCode() + ": " + abbreviate(errorMessage(response)));
    }

    private static String errorMessage(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("Message")) return node.get("Message").asText();
        } catch (IOException e) {
            // not Kubo's JSON error: report the body as it is
        }
        return body;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private byte[] randomBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    /** One file part, as {@code ipfs add} sends it. */
    private static byte[] multipart(String boundary, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
