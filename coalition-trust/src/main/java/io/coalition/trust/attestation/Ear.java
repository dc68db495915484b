package io.coalition.trust.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.TrustException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An attestation result as an EAR (EAT Attestation Result, draft-ietf-rats-ear) in a JWT signed with ES256
 * (RFC 7518 section 3.4: ECDSA P-256 with SHA-256, signature as r ‖ s).
 *
 * <p>Claims: {@code eat_profile} = {@value #PROFILE}; {@code iat}; {@code eat_nonce} (base64url of the nonce);
 * {@code ear.verifier-id} {@code {"developer": "io.coalition", "build": <verifier id>}}; and one submodule named by
 * the platform with {@code ear.status}, {@code ear.trustworthiness-vector} (AR4SI: {@code executables} 2 = approved,
 * {@code hardware} 2 = genuine, 32 = genuine with known vulnerabilities (an accepted Intel TCB status other than
 * UpToDate), or 0 = no claim for simulated evidence, {@code instance-identity} 2 = recognized) and
 * Coalition's {@code coalition.claims} (media type, measurement, signer, product id, svn, debug, hardware-backed,
 * and for DCAP evidence tcb-status, tcb-advisories, tcb-date, qe-tcb-status).
 *
 * @param status     the submodule's status
 * @param platform   the submodule name
 * @param claims     the {@code coalition.claims} object as parsed
 * @param nonce      the nonce the evidence answered
 * @param issuedAt   {@code iat}
 * @param verifierId the verifier's build id
 */
public record Ear(AttestationResult.Status status, String platform, JsonNode claims, byte[] nonce, Instant issuedAt,
                  String verifierId) {
    public static final String PROFILE = "tag:github.com,2023:veraison/ear";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public Ear {
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** Whether the EAR says the evidence was hardware-backed. */
    public boolean hardwareBacked() {
        return claims.path("hardware-backed").asBoolean(false);
    }

    public String measurement() {
        return claims.path("measurement").asText();
    }

    static String sign(AttestationResult r, PrivateKey key, String verifierId) {
        ObjectNode header = JSON.createObjectNode().put("alg", "ES256").put("typ", "JWT");
        ObjectNode body = JSON.createObjectNode();
        body.put("eat_profile", PROFILE);
        body.put("iat", r.issuedAt().getEpochSecond());
        body.put("eat_nonce", B64.encodeToString(r.nonce()));
        body.putObject("ear.verifier-id").put("developer", "io.coalition").put("build", verifierId);
        ObjectNode sub = body.putObject("submods").putObject(r.claims().platform());
        sub.put("ear.status", r.status().ear());
        Claims c = r.claims();
        sub.putObject("ear.trustworthiness-vector").put("instance-identity", 2).put("executables", 2)
                .put("hardware", hardwareClaim(r));
        ObjectNode cc = sub.putObject("coalition.claims");
        cc.put("media-type", r.mediaType()).put("measurement", c.measurementHex()).put("signer", c.signerHex())
                .put("product-id", c.productId()).put("svn", c.svn()).put("debug", c.debug())
                .put("hardware-backed", r.hardwareBacked());
        c.tcbStatus().ifPresent(t -> {
            cc.put("tcb-status", t);
            var advisories = cc.putArray("tcb-advisories");
            c.tcbAdvisories().forEach(advisories::add);
            if (c.details().containsKey("tcb-date")) cc.put("tcb-date", c.details().get("tcb-date"));
            if (c.details().containsKey("qe-tcb-status")) cc.put("qe-tcb-status", c.details().get("qe-tcb-status"));
        });
        String signingInput = B64.encodeToString(json(header)) + "." + B64.encodeToString(json(body));
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new TrustException("EAR: cannot sign with the verifier key (ES256 needs an EC P-256 key): " + e.getMessage(), e);
        }
    }

    /**
     * AR4SI hardware claim: 0 no claim (simulated), 32 genuine but with known vulnerabilities (an accepted TCB status
     * other than UpToDate), else 2 (genuine; also when the TCB status was not checked, as before collateral).
     */
    private static int hardwareClaim(AttestationResult r) {
        if (!r.hardwareBacked()) return 0;
        String tcb = r.claims().tcbStatus().orElse(Claims.TCB_NOT_CHECKED);
        return tcb.equals("UpToDate") || tcb.equals(Claims.TCB_NOT_CHECKED) ? 2 : 32;
    }

    /** The {@code tcb-status} claim (Intel status name or "not checked"), empty when the platform has none. */
    public java.util.Optional<String> tcbStatus() {
        JsonNode t = claims.get("tcb-status");
        return t == null ? java.util.Optional.empty() : java.util.Optional.of(t.asText());
    }

    /** The {@code tcb-advisories} claim. */
    public java.util.List<String> tcbAdvisories() {
        java.util.List<String> out = new java.util.ArrayList<>();
        claims.path("tcb-advisories").forEach(n -> out.add(n.asText()));
        return java.util.List.copyOf(out);
    }

    private static byte[] json(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Verifies an EAR JWT from the verifier holding {@code verifierKey}: exactly three parts, {@code alg} ES256,
     * a valid signature, the EAR profile, an {@code iat} not in the future and at most {@code maxAge} old, and
     * exactly one submodule with a known status.
     *
     * @throws TrustException naming the failed check
     */
    public static Ear verify(String jwt, PublicKey verifierKey, Clock clock, Duration maxAge) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) throw new TrustException("EAR: expected a JWS compact serialization with 3 parts, got " + parts.length);
        JsonNode header = parse(parts[0], "header");
        if (!"ES256".equals(header.path("alg").asText())) {
            throw new TrustException("EAR: header alg is '" + header.path("alg").asText() + "', expected ES256");
        }
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(verifierKey);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(B64D.decode(parts[2]))) throw new TrustException("EAR: the signature does not verify with the verifier key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TrustException("EAR: the signature does not verify with the verifier key", e);
        }
        JsonNode body = parse(parts[1], "payload");
        if (!PROFILE.equals(body.path("eat_profile").asText())) {
            throw new TrustException("EAR: eat_profile is '" + body.path("eat_profile").asText() + "', expected " + PROFILE);
        }
        if (!body.path("iat").canConvertToLong()) throw new TrustException("EAR: iat is missing or not a number");
        Instant iat = Instant.ofEpochSecond(body.path("iat").asLong());
        Instant now = clock.instant();
        if (iat.isAfter(now)) throw new TrustException("EAR: issued at " + iat + ", in the future (now " + now + ")");
        if (iat.plus(maxAge).isBefore(now)) {
            throw new TrustException("EAR: issued at " + iat + ", older than " + maxAge + " (now " + now + ")");
        }
        JsonNode submods = body.path("submods");
        if (!submods.isObject() || submods.size() != 1) throw new TrustException("EAR: expected exactly one submodule");
        String platform = submods.fieldNames().next();
        JsonNode sub = submods.get(platform);
        byte[] nonce;
        try {
            nonce = B64D.decode(body.path("eat_nonce").asText());
        } catch (IllegalArgumentException e) {
            throw new TrustException("EAR: eat_nonce is not base64url", e);
        }
        return new Ear(AttestationResult.Status.ofEar(sub.path("ear.status").asText()), platform,
                sub.path("coalition.claims"), nonce, iat, body.path("ear.verifier-id").path("build").asText());
    }

    private static JsonNode parse(String part, String what) {
        try {
            JsonNode n = JSON.readTree(B64D.decode(part));
            if (n == null || !n.isObject()) throw new TrustException("EAR: the " + what + " is not a JSON object");
            return n;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new TrustException("EAR: the " + what + " is not base64url JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Ear[" + status + ", " + platform + ", measurement " + measurement() + ", nonce "
                + HexFormat.of().formatHex(nonce) + "]";
    }
}
