package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Verifies an SEV-SNP report against AMD's key hierarchy for one product, stopping at the first failed step:
 * <ol>
 *   <li>the ARK is the pinned one for the product (checked when the verifier is made), self-signed;
 *       the ASK (or, for a VLEK, the ASVK) is signed by the ARK; the VCEK (or VLEK) is signed by the ASK;
 *       all three with RSASSA-PSS, each valid at the clock's instant, each naming the next as issuer;</li>
 *   <li>the report says it is signed by the kind of key presented (VCEK or VLEK);</li>
 *   <li>the report signature (ECDSA P-384/SHA-384 over bytes 0x000-0x29F) verifies with the VCEK's key;</li>
 *   <li>the report's reported_tcb equals the VCEK's TCB extensions (OID 1.3.6.1.4.1.3704.1.3.x) and, for a
 *       VCEK, its chip_id equals the certificate's hwID (1.3.6.1.4.1.3704.1.4);</li>
 *   <li>a report v3+ names a CPUID family and model of the product;</li>
 *   <li>the guest policy does not allow debugging, unless {@link #allowingDebug()}.</li>
 * </ol>
 * Not checked: AMD CRLs (none are available here), and reference values such as measurement, VMPL or
 * minimum TCB, which the attestation framework compares.
 */
public final class SnpVerifier {
    private static final String TCB_ARC = "1.3.6.1.4.1.3704.1.3.";
    private static final String HW_ID = "1.3.6.1.4.1.3704.1.4";
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

    private final AmdProduct product;
    private final X509Certificate ark;
    private final Clock clock;
    private final boolean allowDebug;

    private SnpVerifier(AmdProduct product, X509Certificate ark, Clock clock, boolean allowDebug) {
        this.product = product;
        this.ark = ark;
        this.clock = clock;
        this.allowDebug = allowDebug;
    }

    /**
     * A verifier anchored at {@code ark}, which must be the pinned ARK of {@code product}.
     *
     * @throws TrustException when {@code ark} is another certificate
     */
    public static SnpVerifier pinnedTo(AmdProduct product, X509Certificate ark, Clock clock) {
        String fp = Crypto.fingerprint(ark);
        if (!fp.equals(product.arkSha256())) {
            throw new TrustException("SEV-SNP trust anchor: certificate '" + ark.getSubjectX500Principal() + "' (sha256 "
                    + fp + ") is not the pinned ARK-" + product.productName() + " (sha256 " + product.arkSha256() + ")");
        }
        return new SnpVerifier(product, ark, clock, false);
    }

    /** Test seam: anchored at any ARK, for fixtures built with our own keys. */
    static SnpVerifier trusting(AmdProduct product, X509Certificate ark, Clock clock) {
        return new SnpVerifier(product, ark, clock, false);
    }

    /** The same verifier, accepting guests whose policy allows debugging (tests only). */
    public SnpVerifier allowingDebug() {
        return new SnpVerifier(product, ark, clock, true);
    }

    /**
     * @param vcek the VCEK or VLEK certificate from AMD's KDS (or the host's certificate table)
     * @param ask  the ASK (for a VCEK) or ASVK (for a VLEK) of this product
     * @throws TrustException naming the first failed step
     */
    public void verify(SnpReport report, X509Certificate vcek, X509Certificate ask) {
        if (report.signingKey() == SnpReport.SigningKey.NONE) {
            throw new TrustException("SEV-SNP report: is not signed (signing_key 7)");
        }
        ECPublicKey key = verifyChain(vcek, ask, report.signingKey());
        boolean vlek = report.signingKey() == SnpReport.SigningKey.VLEK;
        String leafName = vlek ? "SEV-VLEK" : "SEV-VCEK";
        if (!Crypto.verifyP1363("SHA384withECDSA", key, report.signedBytes(), report.signatureP1363())) {
            throw new TrustException("SEV-SNP report: signature does not verify with the " + leafName + " key");
        }
        checkTcb(report, vcek, leafName);
        if (!vlek) {
            byte[] hwId = hwId(vcek, leafName);
            byte[] chipId = report.chipId();
            boolean match = hwId.length <= chipId.length
                    && MessageDigest.isEqual(hwId, Arrays.copyOf(chipId, hwId.length))
                    && Reader.allZero(Arrays.copyOfRange(chipId, hwId.length, chipId.length));
            if (!match) {
                throw new TrustException("SEV-SNP report: chip_id " + HexFormat.of().formatHex(chipId)
                        + " is not the VCEK's hwID " + HexFormat.of().formatHex(hwId));
            }
        }
        if (report.version() >= 3 && !product.matchesCpuid(report.cpuidFamily(), report.cpuidModel())) {
            throw new TrustException("SEV-SNP report: CPUID family 0x" + Integer.toHexString(report.cpuidFamily())
                    + " model 0x" + Integer.toHexString(report.cpuidModel()) + " is not an AMD " + product.productName());
        }
        if (report.debug() && !allowDebug) {
            throw new TrustException("SEV-SNP report: the guest policy allows debugging (bit 19) and debug is not allowed");
        }
    }

    /** Checks ARK, ASK (or ASVK) and VCEK (or VLEK) and returns the VCEK's key. */
    ECPublicKey verifyChain(X509Certificate vcek, X509Certificate ask, SnpReport.SigningKey signingKey) {
        Instant now = clock.instant();
        String arkName = "ARK-" + product.productName();
        check(ark, ark, arkName, now);
        boolean vlek = signingKey == SnpReport.SigningKey.VLEK;
        String askName = (vlek ? "SEV-VLEK-" : "SEV-") + product.productName();
        if (!Crypto.commonName(ask).equals(askName)) {
            throw new TrustException("SEV-SNP report: signed by a " + signingKey + ", so the intermediate must be '"
                    + askName + "', got '" + Crypto.commonName(ask) + "'");
        }
        check(ask, ark, askName, now);
        String leafName = vlek ? "SEV-VLEK" : "SEV-VCEK";
        if (!Crypto.commonName(vcek).equals(leafName)) {
            throw new TrustException("SEV-SNP report: signed by a " + signingKey + ", but the certificate is '"
                    + Crypto.commonName(vcek) + "'");
        }
        check(vcek, ask, leafName, now);
        if (!(vcek.getPublicKey() instanceof ECPublicKey key) || key.getParams().getCurve().getField().getFieldSize() != 384) {
            throw new TrustException("SEV-SNP report: " + leafName + " key is not an ECDSA P-384 key");
        }
        return key;
    }

    private static void check(X509Certificate cert, X509Certificate issuer, String name, Instant now) {
        if (!RSASSA_PSS.equals(cert.getSigAlgOID())) {
            throw new TrustException("SEV-SNP report: " + name + " certificate is signed with " + cert.getSigAlgName()
                    + ", expected RSASSA-PSS");
        }
        if (now.isBefore(cert.getNotBefore().toInstant()) || now.isAfter(cert.getNotAfter().toInstant())) {
            throw new TrustException("SEV-SNP report: " + name + " certificate is not valid at " + now + " (valid from "
                    + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")");
        }
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new TrustException("SEV-SNP report: " + name + " certificate names issuer '"
                    + cert.getIssuerX500Principal() + "', not '" + issuer.getSubjectX500Principal() + "'");
        }
        if (!Crypto.verifiedBy(cert, issuer.getPublicKey())) {
            throw new TrustException("SEV-SNP report: " + name + " certificate signature does not verify with the key of '"
                    + Crypto.commonName(issuer) + "'");
        }
    }

    private void checkTcb(SnpReport report, X509Certificate vcek, String leafName) {
        long tcb = report.reportedTcb();
        // TCB_VERSION layout: Milan/Genoa bootloader, tee, 4 reserved, snp, microcode (byte 0 first);
        // Turin fmc, bootloader, tee, snp, 3 reserved, microcode.
        int[][] parts = product == AmdProduct.TURIN
                ? new int[][] {{9, 0}, {1, 1}, {2, 2}, {3, 3}, {8, 7}}
                : new int[][] {{1, 0}, {2, 1}, {3, 6}, {8, 7}};
        String[] names = product == AmdProduct.TURIN
                ? new String[] {"fmc", "bootloader", "tee", "snp", "microcode"}
                : new String[] {"bootloader", "tee", "snp", "microcode"};
        for (int i = 0; i < parts.length; i++) {
            int inReport = (int) (tcb >>> (8 * parts[i][1])) & 0xFF;
            long inCert = integer(vcek, TCB_ARC + parts[i][0], leafName, names[i] + " SPL");
            if (inCert != inReport) {
                throw new TrustException("SEV-SNP report: reported_tcb " + names[i] + " SPL is " + inReport + ", the "
                        + leafName + " certifies " + inCert);
            }
        }
    }

    private static long integer(X509Certificate cert, String oid, String certName, String what) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(extension(cert, oid, certName, what));
            return ASN1Integer.getInstance(p).longValueExact();
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            throw new TrustException("SEV-SNP report: " + certName + " extension " + oid + " (" + what
                    + ") is not a small INTEGER", e);
        }
    }

    /** AMD writes hwID as the raw chip id (64 bytes; 8 on Turin) in extnValue; accept a DER OCTET STRING too. */
    private static byte[] hwId(X509Certificate cert, String certName) {
        byte[] value;
        try {
            value = extension(cert, HW_ID, certName, "hwID");
        } catch (IOException | IllegalArgumentException e) {
            throw new TrustException("SEV-SNP report: " + certName + " extension " + HW_ID + " (hwID) is malformed", e);
        }
        if (value.length == 64 || value.length == 8) return value;
        try {
            return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value)).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            throw new TrustException("SEV-SNP report: " + certName + " extension " + HW_ID + " (hwID) is "
                    + value.length + " bytes, neither a raw chip id nor an OCTET STRING", e);
        }
    }

    private static byte[] extension(X509Certificate cert, String oid, String certName, String what) throws IOException {
        byte[] wrapped = cert.getExtensionValue(oid);
        if (wrapped == null) {
            throw new TrustException("SEV-SNP report: " + certName + " has no extension " + oid + " (" + what + ")");
        }
        return ASN1OctetString.getInstance(wrapped).getOctets();
    }
}
