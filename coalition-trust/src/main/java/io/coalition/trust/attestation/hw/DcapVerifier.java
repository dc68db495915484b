package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies the signature chain of Intel DCAP quotes (SGX v3, TDX v4/v5) up to a pinned Intel SGX Root CA,
 * bottom-up from the root, stopping at the first failed step:
 * <ol>
 *   <li>the quote carries its PCK certificate chain (certification data type 5), the chain ends in the
 *       pinned root, and each certificate is valid at the clock's instant, names and is signed by the next
 *       (CA certificates with the CA basic constraint);</li>
 *   <li>the Quoting Enclave's report is signed (ECDSA P-256) by the PCK certificate's key, and is not from
 *       a debug QE; the QE vendor id is Intel's;</li>
 *   <li>the attestation key is bound: QE report data = SHA-256(attestation key || QE authentication data)
 *       followed by 32 zero bytes;</li>
 *   <li>the quote signature (ECDSA P-256 over header and body) verifies with the attestation key;</li>
 *   <li>the enclave or TD is not a debug one, unless {@link #allowingDebug()}.</li>
 * </ol>
 * Each failure is a {@link TrustException} whose message names the format and the step. With Intel collateral
 * ({@link #verify(SgxQuote, DcapCollateral)}), the quote is then checked against it: TCB Signing chain, CRLs and
 * revocation, TCB Info and QE Identity signatures and validity, FMSPC, QE identity, and TCB level matching, giving a
 * {@link TcbEvaluation}; whether its status is acceptable is the caller's {@link TcbPolicy}.
 */
public final class DcapVerifier {
    /** SHA-256 of the DER of CN=Intel SGX Root CA (serial 22650cd6…, valid 2018-05-21 to 2049-12-31). */
    public static final String INTEL_SGX_ROOT_CA_SHA256 =
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";
    /** Vendor id of Intel's Quoting Enclaves. */
    static final byte[] INTEL_QE_VENDOR_ID = HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");
    private static final ECParameterSpec P256 = Crypto.curve("secp256r1");

    private final X509Certificate root;
    private final Clock clock;
    private final boolean allowDebug;

    private DcapVerifier(X509Certificate root, Clock clock, boolean allowDebug) {
        this.root = root;
        this.clock = clock;
        this.allowDebug = allowDebug;
    }

    /**
     * A verifier anchored at {@code intelRoot}, which must be the Intel SGX Root CA (its SHA-256 fingerprint
     * is pinned in {@link #INTEL_SGX_ROOT_CA_SHA256}); certificate validity is checked at {@code clock}.
     *
     * @throws TrustException when {@code intelRoot} is another certificate
     */
    public static DcapVerifier pinnedTo(X509Certificate intelRoot, Clock clock) {
        String fp = Crypto.fingerprint(intelRoot);
        if (!fp.equals(INTEL_SGX_ROOT_CA_SHA256)) {
            throw new TrustException("DCAP trust anchor: certificate '" + intelRoot.getSubjectX500Principal()
                    + "' (sha256 " + fp + ") is not the pinned Intel SGX Root CA (sha256 " + INTEL_SGX_ROOT_CA_SHA256 + ")");
        }
        return new DcapVerifier(intelRoot, clock, false);
    }

    /** Test seam: anchored at any root, for fixtures built with our own keys. */
    static DcapVerifier trusting(X509Certificate root, Clock clock) {
        return new DcapVerifier(root, clock, false);
    }

    /** The same verifier, accepting debug enclaves and TDs (whose memory the host can read: tests only). */
    public DcapVerifier allowingDebug() {
        return new DcapVerifier(root, clock, true);
    }

    /**
     * @throws TrustException naming the first failed step
     */
    public void verify(SgxQuote quote) {
        verify("SGX quote", quote.header(), quote.signatureData(), quote.signedBytes());
        if (quote.debug() && !allowDebug) {
            throw new TrustException("SGX quote: the enclave is a debug enclave (ATTRIBUTES.DEBUG set) and debug is not allowed");
        }
    }

    /**
     * @throws TrustException naming the first failed step
     */
    public void verify(TdxQuote quote) {
        verify("TDX quote", quote.header(), quote.signatureData(), quote.signedBytes());
        if (quote.debug() && !allowDebug) {
            throw new TrustException("TDX quote: the TD is a debug TD (TD_ATTRIBUTES.DEBUG set) and debug is not allowed");
        }
    }

    /**
     * Verifies the quote as {@link #verify(SgxQuote)} does, then evaluates it against {@code collateral} at this
     * verifier's clock.
     *
     * @throws TrustException naming the first failed step; "no matching TCB level" when no TCB level fits
     */
    public TcbEvaluation verify(SgxQuote quote, DcapCollateral collateral) {
        verify(quote);
        QuoteSignatureData sig = quote.signatureData();
        return CollateralCheck.evaluate("SGX quote", root, clock.instant(), sig.pckChain(), sig.qeReport(),
                sig.qeReportBytes(), null, collateral);
    }

    /**
     * Verifies the quote as {@link #verify(TdxQuote)} does, then evaluates it against {@code collateral} (including
     * TEE_TCB_SVN and the TDX module identity) at this verifier's clock.
     *
     * @throws TrustException naming the first failed step; "no matching TCB level" when no TCB level fits
     */
    public TcbEvaluation verify(TdxQuote quote, DcapCollateral collateral) {
        verify(quote);
        QuoteSignatureData sig = quote.signatureData();
        return CollateralCheck.evaluate("TDX quote", root, clock.instant(), sig.pckChain(), sig.qeReport(),
                sig.qeReportBytes(), new CollateralCheck.Tdx(quote.teeTcbSvn(), quote.mrSignerSeam(), quote.seamAttributes()),
                collateral);
    }

    private void verify(String what, QuoteHeader header, QuoteSignatureData sig, byte[] signed) {
        X509Certificate pck = verifyChain(what, sig);
        if (!Crypto.verifyP1363("SHA256withECDSA", pck.getPublicKey(), sig.qeReportBytes(), sig.qeReportSignature())) {
            throw new TrustException(what + ": QE report signature does not verify with the PCK certificate's key");
        }
        if (sig.qeReport().debug()) {
            throw new TrustException(what + ": QE report comes from a debug Quoting Enclave");
        }
        if (!Arrays.equals(header.qeVendorId(), INTEL_QE_VENDOR_ID)) {
            throw new TrustException(what + ": QE vendor id " + HexFormat.of().formatHex(header.qeVendorId())
                    + " is not Intel's " + HexFormat.of().formatHex(INTEL_QE_VENDOR_ID));
        }
        byte[] expected = Arrays.copyOf(Crypto.sha256(sig.attestationKey(), sig.qeAuthData()), 64);
        if (!java.security.MessageDigest.isEqual(expected, sig.qeReport().reportData())) {
            throw new TrustException(what + ": attestation key is not bound to the QE report "
                    + "(QE report data is not SHA-256(attestation key || QE authentication data) || 32 zero bytes)");
        }
        ECPublicKey key = Crypto.ecKey(sig.attestationKey(), P256);
        if (key == null) {
            throw new TrustException(what + ": attestation key is not a point on P-256");
        }
        if (!Crypto.verifyP1363("SHA256withECDSA", key, signed, sig.signature())) {
            throw new TrustException(what + ": quote signature does not verify with the attestation key");
        }
    }

    /** Checks the chain and returns the PCK leaf. */
    private X509Certificate verifyChain(String what, QuoteSignatureData sig) {
        List<X509Certificate> chain = sig.pckChain();
        if (chain.isEmpty()) {
            throw new TrustException(what + ": carries certification data type " + sig.certificationDataType()
                    + ", not a PCK certificate chain (type 5)");
        }
        if (chain.size() < 2) {
            throw new TrustException(what + ": PCK certificate chain has " + chain.size()
                    + " certificate, expected PCK certificate, CA certificates and root");
        }
        X509Certificate last = chain.get(chain.size() - 1);
        if (!Arrays.equals(encoded(last), encoded(root))) {
            throw new TrustException(what + ": PCK certificate chain ends in '" + last.getSubjectX500Principal()
                    + "' (sha256 " + Crypto.fingerprint(last) + "), not the pinned Intel SGX Root CA");
        }
        Instant now = clock.instant();
        for (int i = chain.size() - 1; i >= 0; i--) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = i == chain.size() - 1 ? cert : chain.get(i + 1);
            String name = role(i, chain.size()) + " '" + Crypto.commonName(cert) + "'";
            if (now.isBefore(cert.getNotBefore().toInstant()) || now.isAfter(cert.getNotAfter().toInstant())) {
                throw new TrustException(what + ": " + name + " is not valid at " + now + " (valid from "
                        + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")");
            }
            if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new TrustException(what + ": " + name + " names issuer '" + cert.getIssuerX500Principal()
                        + "', not '" + issuer.getSubjectX500Principal() + "'");
            }
            if (!Crypto.verifiedBy(cert, issuer.getPublicKey())) {
                throw new TrustException(what + ": " + name + " signature does not verify with the key of '"
                        + Crypto.commonName(issuer) + "'");
            }
            if (i > 0 && cert.getBasicConstraints() < i - 1) {
                throw new TrustException(what + ": " + name + " is not a CA certificate for a path of this length");
            }
        }
        X509Certificate pck = chain.get(0);
        if (!(pck.getPublicKey() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new TrustException(what + ": PCK certificate key is not an ECDSA P-256 key");
        }
        return pck;
    }

    private static String role(int i, int size) {
        if (i == 0) return "PCK certificate";
        if (i == size - 1) return "root certificate";
        return "PCK CA certificate";
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new TrustException("certificate '" + cert.getSubjectX500Principal() + "' cannot be encoded", e);
        }
    }
}
