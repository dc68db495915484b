package io.coalition.decisions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A client of {@link DecisionsHttpServer}: fetches the CCU's certificate and HPKE key, posts envelopes, and
 * fetches its own responses. A non-2xx answer throws a {@link DecisionsException} with the server's message.
 */
public final class DecisionsHttpClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What a client seals its envelopes to. */
    public record CcuIdentity(X509Certificate certificate, byte[] hpkePublicKey) {
    }

    public DecisionsHttpClient(URI base) {
        this.base = base;
    }

    /**
     * The CCU's certificate and HPKE key, the key checked against the CCU's signature over it: a key the
     * certificate's holder did not sign is refused. Validating the certificate itself (chain to the participant CA,
     * revocation, type CCU) is the caller's part.
     */
    public CcuIdentity ccu() {
        JsonNode n = call(HttpRequest.newBuilder(base.resolve("v1/ccu")).GET());
        X509Certificate certificate = Wire.certificate(n.get("certificate"), "$.certificate");
        byte[] key;
        byte[] signature;
        try {
            key = Base64.getDecoder().decode(Wire.text(n, "hpkePublicKey", "$"));
            signature = Base64.getDecoder().decode(Wire.text(n, "hpkeKeySignature", "$"));
        } catch (IllegalArgumentException e) {
            throw new DecisionsException("GET /v1/ccu: not base64: " + e.getMessage(), e);
        }
        if (!io.coalition.decisions.ccu.Ccu.verifyHpkeKey(certificate, key, signature)) {
            throw new DecisionsException("GET /v1/ccu: the HPKE key is not signed by the key of the CCU certificate "
                    + Envelopes.fingerprint(certificate) + ": refused (nothing would be sealed to it)");
        }
        return new CcuIdentity(certificate, key);
    }

    /** Posts a submission envelope; returns the request id. */
    public String submit(Envelope envelope, X509Certificate sender) {
        return post("v1/records", envelope, sender);
    }

    /**
     * Posts a data set: an envelope of purpose {@code coalition-decisions/submit-batch} holding a {@code Ccu.Batch};
     * returns the request id. Its response lists every stored record ({@link CcuReply#batch()}).
     */
    public String submitBatch(Envelope envelope, X509Certificate sender) {
        return post("v1/records", envelope, sender);
    }

    /** Posts a decision request envelope; returns the request id. */
    public String decide(Envelope envelope, X509Certificate sender) {
        return post("v1/decisions", envelope, sender);
    }

    /** The response to the sender's request {@code requestId}, waiting up to {@code wait}; empty while pending. */
    public Optional<CcuReply> response(String requestId, X509Certificate sender, Duration wait) {
        URI uri = base.resolve("v1/responses/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8) + "?client="
                + Envelopes.fingerprint(sender) + "&waitMillis=" + wait.toMillis());
        JsonNode n = call(HttpRequest.newBuilder(uri).GET().timeout(wait.plusSeconds(30)));
        return "pending".equals(n.path("status").asText()) ? Optional.empty() : Optional.of(Wire.reply(n));
    }

    private String post(String path, Envelope envelope, X509Certificate sender) {
        ObjectNode body = Wire.JSON.createObjectNode();
        body.put("certificate", Wire.certificate(sender));
        body.set("envelope", Wire.envelope(envelope));
        byte[] bytes;
        try {
            bytes = Wire.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode n = call(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        return Wire.text(n, "requestId", "$");
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpResponse<byte[]> r;
        HttpRequest req = request.build();
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DecisionsException(req.method() + " " + req.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionsException(req.method() + " " + req.uri() + ": interrupted", e);
        }
        JsonNode n;
        try {
            n = Wire.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new DecisionsException(req.method() + " " + req.uri() + ": HTTP " + r.statusCode()
                    + " with a body that is not JSON", e);
        }
        if (r.statusCode() / 100 != 2) {
            throw new DecisionsException(req.method() + " " + req.uri().getPath() + ": HTTP " + r.statusCode() + ": "
                    + n.path("error").asText());
        }
        return n;
    }
}
