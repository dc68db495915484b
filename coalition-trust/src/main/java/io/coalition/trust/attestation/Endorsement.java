package io.coalition.trust.attestation;

/**
 * Something a third party vouches for that helps appraise evidence (RFC 9334 section 3.3), such as the
 * SEV-SNP VCEK and ASK certificates. Coalition's endorsement media types are listed as constants.
 */
public record Endorsement(String mediaType, byte[] bytes) {
    /** DER X.509 certificate of the AMD VCEK or VLEK that signed an SEV-SNP report. */
    public static final String SNP_VCEK = "application/pkix-cert;role=vcek";
    /** DER X.509 certificate of the AMD ASK or ASVK that signed the VCEK or VLEK. */
    public static final String SNP_ASK = "application/pkix-cert;role=ask";

    public Endorsement {
        Evidence.checkMediaType(mediaType, "endorsement");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "Endorsement[" + mediaType + ", " + bytes.length + " bytes]";
    }
}
