package io.coalition.trust.attestation;

import io.coalition.trust.attestation.AttestationException.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 9334 Verifier role, embedded in each relying party. It issues nonces and appraises evidence with
 * the {@link EvidenceVerifier} registered for its media type, then checks, in this order and stopping at the
 * first failure ({@link AttestationException#check()} names it):
 * <ol>
 *   <li>{@link Check#EVIDENCE}: a verifier exists for the media type, the evidence's format and signature chain
 *       are valid, and simulated evidence is only accepted when the reference values allow simulation;</li>
 *   <li>{@link Check#FRESHNESS}: the expected report data's nonce was issued by this verifier, has not expired,
 *       and was not used before; every verification consumes its nonce, even a failed one;</li>
 *   <li>{@link Check#KEY_BINDING}: the evidence's report data equals {@link ReportData#bytes()};</li>
 *   <li>{@link Check#REFERENCE_VALUES}: {@link ReferenceValues#check}.</li>
 * </ol>
 * Decisions go to the {@code coalition.audit} logger. Thread-safe.
 */
public final class Verifier {
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");
    private final Map<String, EvidenceVerifier> verifiers;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration nonceLifetime;
    /** Issued, unused nonces and when they expire. */
    private final Map<String, Instant> outstanding = new HashMap<>();
    /** Used nonces, kept until they would have expired, so a replay is named as such. */
    private final Map<String, Instant> used = new LinkedHashMap<>();

    private Verifier(Builder b) {
        this.verifiers = Map.copyOf(b.verifiers);
        this.clock = b.clock;
        this.random = b.random;
        this.nonceLifetime = b.nonceLifetime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link Verifier}. */
    public static final class Builder {
        private final Map<String, EvidenceVerifier> verifiers = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private Duration nonceLifetime = Duration.ofMinutes(5);

        /** Registers the verifier for its media type; one per media type. */
        public Builder add(EvidenceVerifier v) {
            if (verifiers.putIfAbsent(v.mediaType(), v) != null) {
                throw new IllegalArgumentException("verifier: a verifier for " + v.mediaType() + " is already registered");
            }
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** How long an issued nonce stays usable; 5 minutes unless set. */
        public Builder nonceLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("verifier: nonce lifetime must be positive");
            this.nonceLifetime = lifetime;
            return this;
        }

        public Verifier build() {
            if (verifiers.isEmpty()) throw new IllegalArgumentException("verifier: no evidence verifier registered");
            return new Verifier(this);
        }
    }

    /** A fresh 32-byte nonce, usable once within the nonce lifetime. */
    public synchronized byte[] nonce() {
        byte[] n = new byte[32];
        random.nextBytes(n);
        expire(clock.instant());
        outstanding.put(HexFormat.of().formatHex(n), clock.instant().plus(nonceLifetime));
        return n;
    }

    /**
     * Accepts a nonce chosen by the peer (the mutual attested-TLS case, where the client picks the nonce): it
     * becomes usable once, like an issued nonce, unless this verifier has seen it before.
     *
     * @throws AttestationException with {@link Check#FRESHNESS} when the nonce was issued or used before
     */
    public synchronized void register(byte[] nonce) {
        String hex = HexFormat.of().formatHex(nonce);
        Instant now = clock.instant();
        expire(now);
        if (outstanding.containsKey(hex) || used.containsKey(hex)) {
            throw new AttestationException(Check.FRESHNESS, "nonce " + hex + " was already used (replayed evidence or nonce)");
        }
        outstanding.put(hex, now.plus(nonceLifetime));
    }

    /** Step 1 alone: appraises the evidence's format and signatures with the verifier for its media type. */
    public Claims appraise(Evidence evidence) {
        EvidenceVerifier v = verifiers.get(evidence.mediaType());
        if (v == null) {
            throw new AttestationException(Check.EVIDENCE, "no verifier for evidence of type " + evidence.mediaType()
                    + " (accepted: " + new java.util.TreeSet<>(verifiers.keySet()) + ")");
        }
        try {
            return v.appraise(evidence);
        } catch (AttestationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AttestationException(Check.EVIDENCE, evidence.mediaType() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Verifies {@code evidence} against the report data it should carry and the reference values; see the
     * class comment for the checks.
     *
     * @throws AttestationException naming the first failed check
     */
    public AttestationResult verify(Evidence evidence, ReportData expected, ReferenceValues reference) {
        String nonceHex = HexFormat.of().formatHex(expected.nonce());
        String freshness = consume(nonceHex);
        try {
            Claims claims = appraise(evidence);
            if (claims.hardwareBacked() == evidence.mediaType().equals(Evidence.SIMULATED)) {
                throw new IllegalStateException("verifier for " + evidence.mediaType() + " reported hardwareBacked="
                        + claims.hardwareBacked());
            }
            if (!claims.hardwareBacked() && !reference.simulationAllowed()) {
                throw new AttestationException(Check.EVIDENCE, "the evidence is simulated (" + evidence.mediaType()
                        + ", no hardware protection) and the reference values do not allow simulation");
            }
            if (freshness != null) throw new AttestationException(Check.FRESHNESS, "nonce " + nonceHex + " " + freshness);
            if (!MessageDigest.isEqual(claims.reportData(), expected.bytes())) {
                throw new AttestationException(Check.KEY_BINDING, "the evidence's report data "
                        + HexFormat.of().formatHex(claims.reportData()) + " is not SHA-512 of the expected nonce, TLS key and HPKE key "
                        + HexFormat.of().formatHex(expected.bytes()));
            }
            reference.check(claims);
            AttestationResult result = new AttestationResult(status(claims), evidence.mediaType(),
                    claims, claims.hardwareBacked(), expected.nonce(), clock.instant());
            audit.info("attestation {} {} measurement={} hardware={} tcb={} nonce={}", result.status().ear(), evidence.mediaType(),
                    claims.measurementHex(), claims.hardwareBacked(), claims.tcbStatus().orElse("-"), nonceHex);
            return result;
        } catch (AttestationException e) {
            audit.warn("attestation rejected {} nonce={}: {}", evidence.mediaType(), nonceHex, e.getMessage());
            throw e;
        }
    }

    /**
     * AFFIRMING for hardware evidence whose TCB is up to date or was not checked (as before collateral existed);
     * WARNING for simulated evidence and for a TCB status other than UpToDate that the TCB policy accepted.
     */
    private static AttestationResult.Status status(Claims claims) {
        if (!claims.hardwareBacked()) return AttestationResult.Status.WARNING;
        String tcb = claims.tcbStatus().orElse(Claims.TCB_NOT_CHECKED);
        return tcb.equals("UpToDate") || tcb.equals(Claims.TCB_NOT_CHECKED)
                ? AttestationResult.Status.AFFIRMING : AttestationResult.Status.WARNING;
    }

    /** Marks the nonce used; returns why it is not fresh, or null when it is. */
    private synchronized String consume(String nonceHex) {
        Instant now = clock.instant();
        Instant expiry = outstanding.remove(nonceHex);
        if (expiry == null) {
            Instant usedUntil = used.get(nonceHex);
            return usedUntil != null ? "was already used (replayed evidence or nonce)" : "was not issued by this verifier";
        }
        used.put(nonceHex, expiry);
        if (now.isAfter(expiry)) return "expired at " + expiry + " (now " + now + ")";
        expire(now);
        return null;
    }

    private void expire(Instant now) {
        outstanding.values().removeIf(t -> t.isBefore(now.minus(nonceLifetime)));
        // oldest first; stop at the first one still kept, so a busy verifier does not rescan every used nonce of
        // the last minutes per call (issue 6). One used out of order is kept a little longer, never dropped early.
        Instant limit = now.minus(nonceLifetime);
        for (Iterator<Instant> it = used.values().iterator(); it.hasNext(); ) {
            if (!it.next().isBefore(limit)) break;
            it.remove();
        }
    }
}
