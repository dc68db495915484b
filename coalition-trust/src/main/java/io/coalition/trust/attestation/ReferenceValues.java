package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the relying party accepts (RFC 9334 section 3.4): the measurements of the released enclave artifact,
 * and optionally the signer and product, the minimum security version, and whether debug enclaves and
 * simulated evidence are acceptable. Both default to refused.
 *
 * @param measurements      accepted measurements, lower-case hex; at least one
 * @param signer            required signer (hex), or empty for any
 * @param productId         required product id, or empty for any
 * @param minimumSvn        the lowest accepted security version
 * @param debugAllowed      accept debuggable enclaves (whose secrets the host can read): tests only
 * @param simulationAllowed accept {@link Evidence#SIMULATED} evidence (no hardware protection): demos and tests
 */
public record ReferenceValues(Set<String> measurements, Optional<String> signer, Optional<Integer> productId,
                              long minimumSvn, boolean debugAllowed, boolean simulationAllowed) {
    public ReferenceValues {
        if (measurements.isEmpty()) throw new TrustException("reference values: no accepted measurement");
        TreeSet<String> m = new TreeSet<>();
        for (String s : measurements) m.add(hex(s, "measurement"));
        measurements = java.util.Collections.unmodifiableSet(m);
        signer = signer.map(s -> hex(s, "signer"));
        if (minimumSvn < 0) throw new TrustException("reference values: minimum security version " + minimumSvn + " is negative");
    }

    /** Accepts these measurements (hex), any signer and product, any security version, no debug, no simulation. */
    public static ReferenceValues of(String... measurementsHex) {
        return new ReferenceValues(Set.of(measurementsHex), Optional.empty(), Optional.empty(), 0, false, false);
    }

    public static ReferenceValues of(byte[] measurement) {
        return of(HexFormat.of().formatHex(measurement));
    }

    public ReferenceValues withSigner(byte[] signer) {
        return new ReferenceValues(measurements, Optional.of(HexFormat.of().formatHex(signer)), productId, minimumSvn,
                debugAllowed, simulationAllowed);
    }

    public ReferenceValues withProductId(int id) {
        return new ReferenceValues(measurements, signer, Optional.of(id), minimumSvn, debugAllowed, simulationAllowed);
    }

    public ReferenceValues withMinimumSvn(long svn) {
        return new ReferenceValues(measurements, signer, productId, svn, debugAllowed, simulationAllowed);
    }

    public ReferenceValues withDebugAllowed(boolean allowed) {
        return new ReferenceValues(measurements, signer, productId, minimumSvn, allowed, simulationAllowed);
    }

    public ReferenceValues withSimulationAllowed(boolean allowed) {
        return new ReferenceValues(measurements, signer, productId, minimumSvn, debugAllowed, allowed);
    }

    private static String hex(String s, String what) {
        String h = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9a-f]+")) {
            throw new TrustException("reference values: " + what + " '" + s + "' is not hex bytes");
        }
        return h;
    }

    /**
     * Compares appraised claims with these values: measurement, signer, product id, security version, debug,
     * in that order.
     *
     * @throws AttestationException with {@link AttestationException.Check#REFERENCE_VALUES} naming the field
     */
    public void check(Claims claims) {
        String m = claims.measurementHex();
        if (!measurements.contains(m)) {
            throw fail("measurement " + m + " is not an accepted measurement " + measurements);
        }
        if (signer.isPresent() && !MessageDigest.isEqual(signer.get().getBytes(), claims.signerHex().getBytes())) {
            throw fail("signer " + (claims.signerHex().isEmpty() ? "(none)" : claims.signerHex())
                    + " is not the required signer " + signer.get());
        }
        if (productId.isPresent() && productId.get() != claims.productId()) {
            throw fail("product id " + claims.productId() + " is not the required product id " + productId.get());
        }
        if (claims.svn() < minimumSvn) {
            throw fail("security version " + claims.svn() + " is below the minimum " + minimumSvn);
        }
        if (claims.debug() && !debugAllowed) {
            throw fail("the " + claims.platform() + " enclave is a debug enclave (its memory is readable by the host) "
                    + "and debug is not allowed");
        }
    }

    private static AttestationException fail(String message) {
        return new AttestationException(AttestationException.Check.REFERENCE_VALUES, message);
    }
}
