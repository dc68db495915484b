package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.hw.DcapVerifier;
import io.coalition.trust.attestation.hw.SgxQuote;
import io.coalition.trust.attestation.hw.TdxQuote;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/**
 * Appraises Intel DCAP quotes: {@link Evidence#SGX_DCAP_QUOTE} (SGX v3) or {@link Evidence#TDX_QUOTE} (TDX v4/v5),
 * with {@link DcapVerifier} (PCK chain to the pinned Intel SGX Root CA, QE report, attestation-key binding, quote
 * signature). The debug attribute is left to {@link ReferenceValues#check}, so that it fails there with its own
 * reason. Not evaluated: TCB level and QE identity from Intel PCS collateral, and CRLs (see the README).
 *
 * <p>Claims: SGX measurement MRENCLAVE, signer MRSIGNER, product ISVPRODID, svn ISVSVN; TDX measurement MRTD,
 * no signer, product 0, svn 0, and details MRSEAM, MRCONFIGID, MROWNER, TEE_TCB_SVN (RTMRs are not compared).
 */
public final class DcapEvidenceVerifier implements EvidenceVerifier {
    private final String mediaType;
    private final DcapVerifier dcap;

    private DcapEvidenceVerifier(String mediaType, DcapVerifier dcap) {
        this.mediaType = mediaType;
        this.dcap = dcap.allowingDebug();
    }

    /** SGX quotes, anchored at the Intel SGX Root CA (pinned), certificates checked at {@code clock}. */
    public static DcapEvidenceVerifier sgx(X509Certificate intelRoot, Clock clock) {
        return new DcapEvidenceVerifier(Evidence.SGX_DCAP_QUOTE, DcapVerifier.pinnedTo(intelRoot, clock));
    }

    /** TDX quotes, anchored at the Intel SGX Root CA (pinned), certificates checked at {@code clock}. */
    public static DcapEvidenceVerifier tdx(X509Certificate intelRoot, Clock clock) {
        return new DcapEvidenceVerifier(Evidence.TDX_QUOTE, DcapVerifier.pinnedTo(intelRoot, clock));
    }

    @Override
    public String mediaType() {
        return mediaType;
    }

    @Override
    public Claims appraise(Evidence evidence) {
        HexFormat hex = HexFormat.of();
        try {
            if (mediaType.equals(Evidence.SGX_DCAP_QUOTE)) {
                SgxQuote q = SgxQuote.parse(evidence.bytes());
                dcap.verify(q);
                return new Claims("sgx", true, q.measurement(), q.signer(), q.productId(), q.svn(), q.debug(),
                        q.reportData(), Map.of("cpu-svn", hex.formatHex(q.cpuSvn()), "qe-svn", Integer.toString(q.qeSvn()),
                        "fmspc", hex.formatHex(q.pckExtension().fmspc()), "pce-svn", Integer.toString(q.pckExtension().pceSvn())));
            }
            TdxQuote q = TdxQuote.parse(evidence.bytes());
            dcap.verify(q);
            return new Claims("tdx", true, q.measurement(), new byte[0], 0, 0, q.debug(), q.reportData(),
                    Map.of("mr-seam", hex.formatHex(q.mrSeam()), "mr-config-id", hex.formatHex(q.mrConfigId()),
                            "mr-owner", hex.formatHex(q.mrOwner()), "tee-tcb-svn", hex.formatHex(q.teeTcbSvn()),
                            "fmspc", hex.formatHex(q.pckExtension().fmspc()), "pce-svn", Integer.toString(q.pckExtension().pceSvn())));
        } catch (TrustException e) {
            throw new AttestationException(Check.EVIDENCE, e.getMessage(), e);
        }
    }
}
