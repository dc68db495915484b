package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.hw.DcapCollateral;
import io.coalition.trust.attestation.hw.DcapVerifier;
import io.coalition.trust.attestation.hw.PckExtension;
import io.coalition.trust.attestation.hw.PcsCollateralSource;
import io.coalition.trust.attestation.hw.SgxQuote;
import io.coalition.trust.attestation.hw.TcbEvaluation;
import io.coalition.trust.attestation.hw.TcbPolicy;
import io.coalition.trust.attestation.hw.TdxQuote;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Appraises Intel DCAP quotes: {@link Evidence#SGX_DCAP_QUOTE} (SGX v3) or {@link Evidence#TDX_QUOTE} (TDX v4/v5),
 * with {@link DcapVerifier} (PCK chain to the pinned Intel SGX Root CA, QE report, attestation-key binding, quote
 * signature). The debug attribute is left to {@link ReferenceValues#check}, so that it fails there with its own
 * reason.
 *
 * <p>With Intel collateral ({@link #withCollateral}), the quote is also checked against the collateral for its
 * FMSPC (signatures, validity, CRLs and revocation, QE Identity, TCB level) and the resulting TCB status must be
 * one the {@link TcbPolicy} accepts, else {@link Check#TCB} fails. Without collateral the detail
 * {@code tcb-status} says {@value Claims#TCB_NOT_CHECKED}.
 *
 * <p>Claims: SGX measurement MRENCLAVE, signer MRSIGNER, product ISVPRODID, svn ISVSVN; TDX measurement MRTD,
 * no signer, product 0, svn 0, and details MRSEAM, MRCONFIGID, MROWNER, TEE_TCB_SVN (RTMRs are not compared).
 * With collateral also {@code tcb-status}, {@code tcb-advisories} (comma-separated), {@code tcb-date},
 * {@code tcb-platform-status}, {@code qe-tcb-status}, {@code tdx-module-tcb-status} (TDX with a module identity),
 * {@code tcb-evaluation-data-number} and {@code revocation} ({@code checked} or {@code not checked}).
 */
public final class DcapEvidenceVerifier implements EvidenceVerifier {
    private final String mediaType;
    private final DcapVerifier dcap;
    private final List<DcapCollateral> collateral;
    private final TcbPolicy policy;
    private final PcsCollateralSource pcs;
    private final boolean serviceTdAllowed;

    private DcapEvidenceVerifier(String mediaType, DcapVerifier dcap, List<DcapCollateral> collateral, TcbPolicy policy,
                                 PcsCollateralSource pcs, boolean serviceTdAllowed) {
        this.mediaType = mediaType;
        this.dcap = dcap;
        this.collateral = List.copyOf(collateral);
        this.policy = policy;
        this.pcs = pcs;
        this.serviceTdAllowed = serviceTdAllowed;
    }

    /**
     * The same verifier, accepting TDX quotes with a non-zero MRSERVICETD (a service TD, e.g. a migration TD, bound
     * to the TD). By default they are refused: the service TD can act on the TD, and its identity is not appraised.
     */
    public DcapEvidenceVerifier allowingServiceTd() {
        return new DcapEvidenceVerifier(mediaType, dcap, collateral, policy, pcs, true);
    }

    /** SGX quotes, anchored at the Intel SGX Root CA (pinned), certificates checked at {@code clock}. */
    public static DcapEvidenceVerifier sgx(X509Certificate intelRoot, Clock clock) {
        return new DcapEvidenceVerifier(Evidence.SGX_DCAP_QUOTE, DcapVerifier.pinnedTo(intelRoot, clock).allowingDebug(),
                List.of(), TcbPolicy.upToDateOnly(), null, false);
    }

    /** TDX quotes, anchored at the Intel SGX Root CA (pinned), certificates checked at {@code clock}. */
    public static DcapEvidenceVerifier tdx(X509Certificate intelRoot, Clock clock) {
        return new DcapEvidenceVerifier(Evidence.TDX_QUOTE, DcapVerifier.pinnedTo(intelRoot, clock).allowingDebug(),
                List.of(), TcbPolicy.upToDateOnly(), null, false);
    }

    /**
     * The same verifier, checking every quote against the collateral for its FMSPC (one per platform model the
     * relying party expects; a quote of another FMSPC is refused) and accepting the TCB statuses of {@code policy}.
     */
    public DcapEvidenceVerifier withCollateral(List<DcapCollateral> collateral, TcbPolicy policy) {
        if (collateral.isEmpty()) throw new IllegalArgumentException("DCAP verifier: no collateral given");
        String kind = mediaType.equals(Evidence.SGX_DCAP_QUOTE) ? "SGX" : "TDX";
        java.util.Set<String> fmspcs = new java.util.HashSet<>();
        for (DcapCollateral c : collateral) {
            if (!fmspcs.add(c.fmspc())) {
                throw new TrustException("DCAP verifier: two collateral sets for FMSPC " + c.fmspc() + " (" + c.source()
                        + " is the second); give one per platform model");
            }
            if (!c.tcbInfoId().equals(kind)) {
                throw new TrustException("DCAP verifier: collateral " + c.source() + " holds " + c.tcbInfoId()
                        + " TCB Info, this verifier appraises " + kind + " quotes");
            }
        }
        return new DcapEvidenceVerifier(mediaType, dcap, collateral, policy, null, serviceTdAllowed);
    }

    /**
     * The same verifier, checking every quote against collateral fetched (or cached) from an Intel PCS for the
     * quote's kind, FMSPC and PCK CA, and accepting the TCB statuses of {@code policy}.
     */
    public DcapEvidenceVerifier withPcs(PcsCollateralSource source, TcbPolicy policy) {
        return new DcapEvidenceVerifier(mediaType, dcap, List.of(), policy, java.util.Objects.requireNonNull(source),
                serviceTdAllowed);
    }

    @Override
    public String mediaType() {
        return mediaType;
    }

    @Override
    public Claims appraise(Evidence evidence) {
        HexFormat hex = HexFormat.of();
        Map<String, String> details = new HashMap<>();
        try {
            if (mediaType.equals(Evidence.SGX_DCAP_QUOTE)) {
                SgxQuote q = SgxQuote.parse(evidence.bytes());
                tcb(details, "SGX", q.pckChain(), q.pckExtension(), c -> dcap.verify(q, c), () -> dcap.verify(q));
                details.putAll(Map.of("cpu-svn", hex.formatHex(q.cpuSvn()), "qe-svn", Integer.toString(q.qeSvn()),
                        "fmspc", hex.formatHex(q.pckExtension().fmspc()), "pce-svn", Integer.toString(q.pckExtension().pceSvn())));
                return new Claims("sgx", true, q.measurement(), q.signer(), q.productId(), q.svn(), q.debug(),
                        q.reportData(), details);
            }
            TdxQuote q = TdxQuote.parse(evidence.bytes());
            tcb(details, "TDX", q.pckChain(), q.pckExtension(), c -> dcap.verify(q, c), () -> dcap.verify(q));
            byte[] serviceTd = q.mrServiceTd();
            if (!serviceTdAllowed && !java.util.Arrays.equals(serviceTd, new byte[serviceTd.length])) {
                throw new AttestationException(Check.EVIDENCE, "TDX quote: MRSERVICETD " + hex.formatHex(serviceTd)
                        + " is not zero: a service TD is bound to this TD and its identity is not appraised (refused "
                        + "unless service TDs are allowed)");
            }
            details.put("mr-service-td", hex.formatHex(serviceTd));
            details.putAll(Map.of("mr-seam", hex.formatHex(q.mrSeam()), "mr-config-id", hex.formatHex(q.mrConfigId()),
                    "mr-owner", hex.formatHex(q.mrOwner()), "tee-tcb-svn", hex.formatHex(q.teeTcbSvn()),
                    "fmspc", hex.formatHex(q.pckExtension().fmspc()), "pce-svn", Integer.toString(q.pckExtension().pceSvn())));
            return new Claims("tdx", true, q.measurement(), new byte[0], 0, 0, q.debug(), q.reportData(), details);
        } catch (AttestationException e) {
            throw e;
        } catch (TrustException e) {
            throw new AttestationException(Check.EVIDENCE, e.getMessage(), e);
        }
    }

    /** Verifies the quote (with its collateral when there is some) and records the TCB details. */
    private void tcb(Map<String, String> details, String kind, List<X509Certificate> pckChain, PckExtension pck,
                     Function<DcapCollateral, TcbEvaluation> withCollateral, Runnable without) {
        if (pcs != null) {
            without.run(); // the quote's own checks first, so a forged quote costs no PCS request
            record(details, withCollateral.apply(pcs.collateral(kind, HexFormat.of().formatHex(pck.fmspc()),
                    PcsCollateralSource.pckCaOf(pckChain))));
            return;
        }
        if (collateral.isEmpty()) {
            without.run();
            details.put("tcb-status", Claims.TCB_NOT_CHECKED);
            return;
        }
        String fmspc = HexFormat.of().formatHex(pck.fmspc());
        DcapCollateral c = collateral.stream().filter(x -> x.fmspc().equals(fmspc)).findFirst()
                .orElseThrow(() -> new TrustException("no Intel collateral for the platform's FMSPC " + fmspc
                        + " (collateral given for " + collateral.stream().map(DcapCollateral::fmspc).toList() + ")"));
        record(details, withCollateral.apply(c));
    }

    private void record(Map<String, String> details, TcbEvaluation e) {
        try {
            policy.check(e);
        } catch (TrustException refused) {
            throw new AttestationException(Check.TCB, refused.getMessage(), refused);
        }
        details.put("tcb-status", e.status().intelName());
        details.put("tcb-advisories", String.join(",", e.advisoryIds()));
        details.put("tcb-date", e.tcbDate().toString());
        details.put("tcb-platform-status", e.platformStatus().intelName());
        details.put("qe-tcb-status", e.qeStatus().intelName());
        e.tdxModuleStatus().ifPresent(s -> details.put("tdx-module-tcb-status", s.intelName()));
        details.put("tcb-evaluation-data-number", Integer.toString(e.tcbEvaluationDataNumber()));
        details.put("revocation", e.revocationChecked() ? "checked" : "not checked");
    }
}
