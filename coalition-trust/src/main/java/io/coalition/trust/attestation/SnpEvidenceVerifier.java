package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.hw.AmdProduct;
import io.coalition.trust.attestation.hw.SnpReport;
import io.coalition.trust.attestation.hw.SnpVerifier;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Appraises {@link Evidence#SEV_SNP_REPORT} evidence with {@link SnpVerifier}: the VCEK (or VLEK) comes from the
 * evidence's {@link Endorsement#SNP_VCEK} endorsement, the ASK (or ASVK) from its {@link Endorsement#SNP_ASK}
 * endorsement or else the one given here; the ARK is pinned per product. Debug policy is left to
 * {@link ReferenceValues#check}. Not checked: AMD CRLs, minimum TCB.
 *
 * <p>Claims: measurement MEASUREMENT (48 bytes), signer the ID key digest (zero without an ID block),
 * product 0, svn GUEST_SVN, details VMPL, policy, reported TCB, chip id.
 */
public final class SnpEvidenceVerifier implements EvidenceVerifier {
    private final SnpVerifier snp;
    private final Optional<X509Certificate> ask;

    /**
     * @param ark the product's ARK (pinned fingerprint)
     * @param ask the ASK or ASVK to use when the evidence carries none
     */
    public SnpEvidenceVerifier(AmdProduct product, X509Certificate ark, Optional<X509Certificate> ask, Clock clock) {
        this.snp = SnpVerifier.pinnedTo(product, ark, clock).allowingDebug();
        this.ask = ask;
    }

    @Override
    public String mediaType() {
        return Evidence.SEV_SNP_REPORT;
    }

    @Override
    public Claims appraise(Evidence evidence) {
        try {
            SnpReport r = SnpReport.parse(evidence.bytes());
            X509Certificate vcek = evidence.endorsement(Endorsement.SNP_VCEK).map(e -> certificate(e, "VCEK"))
                    .orElseThrow(() -> new TrustException("SEV-SNP evidence carries no VCEK/VLEK endorsement ("
                            + Endorsement.SNP_VCEK + ")"));
            X509Certificate signer = evidence.endorsement(Endorsement.SNP_ASK).map(e -> certificate(e, "ASK"))
                    .or(() -> ask).orElseThrow(() -> new TrustException("SEV-SNP evidence carries no ASK/ASVK endorsement ("
                            + Endorsement.SNP_ASK + ") and the verifier has none configured"));
            snp.verify(r, vcek, signer);
            HexFormat hex = HexFormat.of();
            return new Claims("sev-snp", true, r.measurement(), r.idKeyDigest(), 0, r.guestSvn(), r.debug(),
                    r.reportData(), Map.of("vmpl", Integer.toString(r.vmpl()), "policy", "0x" + Long.toHexString(r.policy()),
                    "reported-tcb", "0x" + Long.toHexString(r.reportedTcb()), "chip-id", hex.formatHex(r.chipId())));
        } catch (TrustException e) {
            throw new AttestationException(Check.EVIDENCE, e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(Endorsement e, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(e.bytes()));
        } catch (CertificateException | RuntimeException ex) {
            throw new TrustException("SEV-SNP evidence: the " + what + " endorsement is not a DER X.509 certificate: "
                    + ex.getMessage(), ex);
        }
    }
}
