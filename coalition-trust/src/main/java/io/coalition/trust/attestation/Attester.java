package io.coalition.trust.attestation;

/**
 * The RFC 9334 Attester role: produces evidence about the running environment that carries
 * {@code reportData} (64 bytes, normally {@link ReportData#bytes()}) inside the platform-signed part.
 */
public interface Attester {
    /** The evidence media type this attester produces (one of the {@link Evidence} constants). */
    String mediaType();

    /**
     * Evidence over {@code reportData}.
     *
     * @throws io.coalition.trust.TrustException when the platform cannot produce evidence (the message names
     *                                           the file or device and what failed)
     */
    Evidence attest(byte[] reportData);
}
