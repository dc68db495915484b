package io.coalition.trust.attestation;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a platform-specific {@link EvidenceVerifier} establishes from evidence whose signature it checked,
 * in platform-neutral terms.
 *
 * @param platform       {@code sim}, {@code sgx}, {@code tdx} or {@code sev-snp}
 * @param hardwareBacked whether a hardware root of trust signed the evidence (never true for {@code sim})
 * @param measurement    MRENCLAVE, MRTD, the SNP launch MEASUREMENT, or for {@code sim} SHA-256 of the artifact
 * @param signer         MRSIGNER (SGX), the ID key digest (SNP), the artifact signer (sim); empty when the
 *                       platform has no signer identity (TDX)
 * @param productId      ISVPRODID (SGX) or the sim product id; 0 where the platform has none
 * @param svn            the enclave's security version (ISVSVN, SNP guest SVN, sim svn); 0 where none
 * @param debug          whether the enclave or guest is debuggable, so its memory is not confidential
 * @param reportData     the 64 bytes the enclave put in its report
 * @param details        further platform fields for the result (hex strings), sorted by name
 */
public record Claims(String platform, boolean hardwareBacked, byte[] measurement, byte[] signer, int productId,
                     long svn, boolean debug, byte[] reportData, Map<String, String> details) {
    public Claims {
        measurement = measurement.clone();
        signer = signer.clone();
        reportData = reportData.clone();
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    @Override
    public byte[] measurement() {
        return measurement.clone();
    }

    @Override
    public byte[] signer() {
        return signer.clone();
    }

    @Override
    public byte[] reportData() {
        return reportData.clone();
    }

    /** The {@code tcb-status} detail when TCB status was not checked (no platform collateral). */
    public static final String TCB_NOT_CHECKED = "not checked";

    /**
     * The platform's TCB status as the evidence verifier recorded it in the {@code tcb-status} detail: an Intel
     * status name such as {@code UpToDate} or {@code OutOfDate}, {@link #TCB_NOT_CHECKED}, or empty when the
     * verifier records none (sim, SEV-SNP).
     */
    public java.util.Optional<String> tcbStatus() {
        return java.util.Optional.ofNullable(details.get("tcb-status"));
    }

    /** The Intel advisory ids of the {@code tcb-advisories} detail (comma-separated), empty when none. */
    public java.util.List<String> tcbAdvisories() {
        String a = details.get("tcb-advisories");
        return a == null || a.isEmpty() ? java.util.List.of() : java.util.List.of(a.split(","));
    }

    public String measurementHex() {
        return HexFormat.of().formatHex(measurement);
    }

    public String signerHex() {
        return HexFormat.of().formatHex(signer);
    }
}
