package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks a quote whose PCK chain {@link DcapVerifier} already verified against Intel collateral, following Intel's
 * DCAP quote verification library (QVL): collateral signatures and validity, CRLs, QE Identity, then TCB level
 * matching and status merging. Every failure throws, naming the step; the order is the one in
 * {@link #evaluate}.
 */
final class CollateralCheck {
    /** The TDX fields TCB matching reads. */
    record Tdx(byte[] teeTcbSvn, byte[] mrSignerSeam, byte[] seamAttributes) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private CollateralCheck() {
    }

    /**
     * @param what     "SGX quote" or "TDX quote"
     * @param chain    the quote's verified PCK chain (PCK, PCK CA, root)
     * @param qeReport the QE report (already verified against the PCK key)
     * @param tdx      TDX fields, or null for an SGX quote
     */
    static TcbEvaluation evaluate(String what, X509Certificate root, Instant now, List<X509Certificate> chain,
                                  EnclaveReportBody qeReport, byte[] qeReportBytes, Tdx tdx, DcapCollateral c) {
        String src = "DCAP collateral (" + c.source() + ")";
        X509Certificate pck = chain.get(0);
        X509Certificate pckCa = chain.get(1);
        // 1. the TCB Signing certificate chains to the pinned root and is valid now
        X509Certificate signing = signingCertificate(src, c.tcbSigningChain(), root, now);
        // 2. CRLs: the root CA CRL covers the PCK CA and the TCB Signing certificate, the PCK CA's CRL the PCK certificate
        c.rootCaCrl().ifPresent(crl -> {
            checkCrl(src, "root CA CRL", crl, root, now);
            notRevoked(src, "root CA CRL", crl, pckCa, "PCK CA certificate");
            notRevoked(src, "root CA CRL", crl, signing, "TCB Signing certificate");
        });
        c.pckCrl().ifPresent(crl -> {
            checkCrl(src, "PCK CRL", crl, pckCa, now);
            notRevoked(src, "PCK CRL", crl, pck, "PCK certificate");
        });
        // 3. signed, current TCB Info and QE Identity
        TcbInfo tcb = c.tcbInfo();
        QeIdentity qe = c.qeIdentity();
        signed(src, tcb.signed(), signing);
        signed(src, qe.signed(), signing);
        current(src, "TCB Info", tcb.issueDate(), tcb.nextUpdate(), now);
        current(src, "QE Identity", qe.issueDate(), qe.nextUpdate(), now);
        // 4. the collateral is for this platform
        String kind = tdx == null ? "SGX" : "TDX";
        if (!tcb.id().equals(kind)) {
            throw new TrustException(src + ": TCB Info is for " + tcb.id() + ", the quote is " + article(kind) + " quote");
        }
        PckExtension ext = PckExtension.of(pck);
        String fmspc = HEX.formatHex(ext.fmspc());
        if (!tcb.fmspc().equals(fmspc)) {
            throw new TrustException(src + ": TCB Info is for FMSPC " + tcb.fmspc() + ", the PCK certificate's FMSPC is " + fmspc);
        }
        if (!tcb.pceId().equals(HEX.formatHex(ext.pceId()))) {
            throw new TrustException(src + ": TCB Info is for PCE ID " + tcb.pceId() + ", the PCK certificate's is "
                    + HEX.formatHex(ext.pceId()));
        }
        // 5. the QE is Intel's, and its TCB level
        TcbInfo.EnclaveLevel qeLevel = qeLevel(what, src, qe, qeReport, qeReportBytes, tdx != null);
        // 6. the platform's TCB level, then the TDX module's
        TcbInfo.Level level = platformLevel(what, tcb, ext, tdx, fmspc);
        TcbInfo.EnclaveLevel moduleLevel = tdx == null ? null : moduleLevel(what, src, tcb, tdx);
        // 7. merge
        TcbStatus status = level.status();
        LinkedHashSet<String> advisories = new LinkedHashSet<>(level.advisories());
        Instant date = level.date();
        if (moduleLevel != null) {
            status = status.merge(moduleLevel.status());
            advisories.addAll(moduleLevel.advisories());
            if (moduleLevel.date().isBefore(date)) date = moduleLevel.date();
        }
        status = status.merge(qeLevel.status());
        advisories.addAll(qeLevel.advisories());
        if (qeLevel.date().isBefore(date)) date = qeLevel.date();
        return new TcbEvaluation(status, new ArrayList<>(advisories), date, level.status(),
                Optional.ofNullable(moduleLevel).map(TcbInfo.EnclaveLevel::status), qeLevel.status(), fmspc,
                tcb.tcbEvaluationDataNumber(), c.hasCrls());
    }

    /**
     * The quote-independent checks of {@link #evaluate} on collateral fetched from a PCS, before it is cached: the TCB
     * Signing certificate (step 1), the root CA CRL and the PCK CRL against the PCK CA certificate its issuer chain
     * names (step 2; that CA must itself be issued by the root), TCB Info and QE Identity signatures and currency
     * (step 3). {@link #evaluate} repeats all of them, against the quote's own PCK CA, for every quote.
     */
    static void checkFetched(X509Certificate root, Instant now, DcapCollateral c, X509Certificate pckCrlIssuer) {
        String src = "DCAP collateral (" + c.source() + ")";
        X509Certificate signing = signingCertificate(src, c.tcbSigningChain(), root, now);
        c.rootCaCrl().ifPresent(crl -> {
            checkCrl(src, "root CA CRL", crl, root, now);
            notRevoked(src, "root CA CRL", crl, signing, "TCB Signing certificate");
        });
        c.pckCrl().ifPresent(crl -> {
            if (pckCrlIssuer == null || !pckCrlIssuer.getIssuerX500Principal().equals(root.getSubjectX500Principal())
                    || !Crypto.verifiedBy(pckCrlIssuer, root.getPublicKey())) {
                throw new TrustException(src + ": the PCK CRL's issuer chain does not start with a PCK CA certificate"
                        + " signed by the pinned Intel SGX Root CA");
            }
            checkCrl(src, "PCK CRL", crl, pckCrlIssuer, now);
        });
        signed(src, c.tcbInfo().signed(), signing);
        signed(src, c.qeIdentity().signed(), signing);
        current(src, "TCB Info", c.tcbInfo().issueDate(), c.tcbInfo().nextUpdate(), now);
        current(src, "QE Identity", c.qeIdentity().issueDate(), c.qeIdentity().nextUpdate(), now);
    }

    private static String article(String kind) {
        return kind.equals("SGX") ? "an SGX" : "a TDX";
    }

    private static X509Certificate signingCertificate(String src, List<X509Certificate> chain, X509Certificate root, Instant now) {
        X509Certificate leaf = chain.get(0);
        String name = "TCB Signing certificate '" + Crypto.commonName(leaf) + "'";
        if (chain.size() > 2 || (chain.size() == 2 && !chain.get(1).equals(root))) {
            throw new TrustException(src + ": the TCB Signing chain does not end in the pinned Intel SGX Root CA directly "
                    + "(expected the TCB Signing certificate, optionally followed by the root)");
        }
        if (!leaf.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            throw new TrustException(src + ": " + name + " names issuer '" + leaf.getIssuerX500Principal()
                    + "', not the Intel SGX Root CA");
        }
        if (!Crypto.verifiedBy(leaf, root.getPublicKey())) {
            throw new TrustException(src + ": " + name + " signature does not verify with the Intel SGX Root CA's key");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant()) || now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new TrustException(src + ": " + name + " is not valid at " + now + " (valid from "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")");
        }
        return leaf;
    }

    private static void checkCrl(String src, String what, X509CRL crl, X509Certificate issuer, Instant now) {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new TrustException(src + ": the " + what + " is issued by '" + crl.getIssuerX500Principal()
                    + "', not by '" + issuer.getSubjectX500Principal() + "'");
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TrustException(src + ": the " + what + " signature does not verify with the key of '"
                    + Crypto.commonName(issuer) + "'");
        }
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        if (now.isBefore(thisUpdate)) {
            throw new TrustException(src + ": the " + what + " is not yet valid: thisUpdate " + thisUpdate
                    + " is after the verification time " + now);
        }
        if (crl.getNextUpdate() == null || now.isAfter(crl.getNextUpdate().toInstant())) {
            throw new TrustException(src + ": the " + what + " expired: nextUpdate "
                    + (crl.getNextUpdate() == null ? "(none)" : crl.getNextUpdate().toInstant())
                    + " is before the verification time " + now);
        }
    }

    private static void notRevoked(String src, String what, X509CRL crl, X509Certificate cert, String role) {
        X509CRLEntry entry = crl.getRevokedCertificate(cert);
        if (entry != null) {
            BigInteger serial = cert.getSerialNumber();
            throw new TrustException(src + ": the " + role + " (serial " + serial.toString(16) + ") is revoked by the "
                    + what + " of '" + issuerCn(cert) + "' since " + entry.getRevocationDate().toInstant()
                    + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")"));
        }
    }

    private static String issuerCn(X509Certificate cert) {
        for (String part : cert.getIssuerX500Principal().getName().split(",")) {
            if (part.startsWith("CN=")) return part.substring(3);
        }
        return cert.getIssuerX500Principal().getName();
    }

    private static void signed(String src, SignedJson s, X509Certificate signing) {
        if (!Crypto.verifyP1363("SHA256withECDSA", signing.getPublicKey(), s.text(), s.signature())) {
            throw new TrustException(src + ": " + s.what() + " signature does not verify with the TCB Signing certificate's key");
        }
    }

    private static void current(String src, String what, Instant issued, Instant nextUpdate, Instant now) {
        if (now.isBefore(issued)) {
            throw new TrustException(src + ": " + what + " is not yet valid: issued " + issued + ", after the verification time " + now);
        }
        if (now.isAfter(nextUpdate)) {
            throw new TrustException(src + ": " + what + " expired: nextUpdate " + nextUpdate
                    + " is before the verification time " + now);
        }
    }

    private static TcbInfo.EnclaveLevel qeLevel(String what, String src, QeIdentity qe, EnclaveReportBody report,
                                                byte[] reportBytes, boolean tdx) {
        String expectedId = tdx ? "TD_QE" : "QE";
        if (!qe.id().equals(expectedId)) {
            throw new TrustException(src + ": QE Identity is for " + qe.id() + ", " + article(tdx ? "TDX" : "SGX")
                    + " quote needs " + expectedId);
        }
        if (!Arrays.equals(qe.mrSigner(), report.mrSigner())) {
            throw new TrustException(what + ": QE MRSIGNER " + HEX.formatHex(report.mrSigner())
                    + " is not the QE Identity's " + HEX.formatHex(qe.mrSigner()));
        }
        if (qe.isvProdId() != report.isvProdId()) {
            throw new TrustException(what + ": QE ISVPRODID " + report.isvProdId() + " is not the QE Identity's " + qe.isvProdId());
        }
        // raw report bytes: MISCSELECT at 16 (4 bytes), ATTRIBUTES at 48 (16 bytes), compared as Intel's hex strings are
        if (!masked(Arrays.copyOfRange(reportBytes, 16, 20), qe.miscSelectMask(), qe.miscSelect())) {
            throw new TrustException(what + ": QE MISCSELECT " + HEX.formatHex(Arrays.copyOfRange(reportBytes, 16, 20))
                    + " under mask " + HEX.formatHex(qe.miscSelectMask()) + " is not the QE Identity's " + HEX.formatHex(qe.miscSelect()));
        }
        if (!masked(Arrays.copyOfRange(reportBytes, 48, 64), qe.attributesMask(), qe.attributes())) {
            throw new TrustException(what + ": QE ATTRIBUTES " + HEX.formatHex(Arrays.copyOfRange(reportBytes, 48, 64))
                    + " under mask " + HEX.formatHex(qe.attributesMask()) + " are not the QE Identity's " + HEX.formatHex(qe.attributes()));
        }
        for (TcbInfo.EnclaveLevel l : qe.levels()) {
            if (report.isvSvn() >= l.isvSvn()) return l;
        }
        throw new TrustException(what + ": no matching QE TCB level for QE ISVSVN " + report.isvSvn()
                + " (the QE Identity's lowest level is ISVSVN " + qe.levels().get(qe.levels().size() - 1).isvSvn() + ")");
    }

    private static boolean masked(byte[] value, byte[] mask, byte[] expected) {
        for (int i = 0; i < value.length; i++) {
            if ((value[i] & mask[i]) != expected[i]) return false;
        }
        return true;
    }

    private static TcbInfo.Level platformLevel(String what, TcbInfo tcb, PckExtension ext, Tdx tdx, String fmspc) {
        int[] comps = ext.tcbComponents();
        // From TDX module version 1 on (TEE_TCB_SVN[1] > 0), bytes 0 and 1 are the module's SVN and version,
        // which the TDX module identity judges; QVL compares the rest only.
        int tdxFrom = tdx != null && (tdx.teeTcbSvn()[1] & 0xFF) > 0 ? 2 : 0;
        for (TcbInfo.Level l : tcb.levels()) {
            boolean ok = ext.pceSvn() >= l.pceSvn();
            for (int i = 0; ok && i < 16; i++) ok = comps[i] >= l.sgx()[i];
            for (int i = tdxFrom; ok && tdx != null && i < 16; i++) ok = (tdx.teeTcbSvn()[i] & 0xFF) >= l.tdx()[i];
            if (ok) return l;
        }
        throw new TrustException(what + ": no matching TCB level in the TCB Info for FMSPC " + fmspc
                + " (PCK SGX TCB components " + join(comps) + ", PCESVN " + ext.pceSvn()
                + (tdx == null ? "" : ", TEE_TCB_SVN " + HEX.formatHex(tdx.teeTcbSvn())) + ")");
    }

    private static TcbInfo.EnclaveLevel moduleLevel(String what, String src, TcbInfo tcb, Tdx tdx) {
        int version = tdx.teeTcbSvn()[1] & 0xFF;
        TcbInfo.Module module;
        String name;
        if (version == 0) {
            module = tcb.tdxModule();
            name = "tdxModule";
        } else {
            name = String.format(java.util.Locale.ROOT, "TDX_%02d", version);
            module = tcb.tdxModuleIdentities().stream().filter(m -> m.id().equals(name)).findFirst()
                    .orElseThrow(() -> new TrustException(src + ": TCB Info has no TDX module identity " + name
                            + " (TEE_TCB_SVN[1] = " + version + ")"));
        }
        if (!Arrays.equals(module.mrSigner(), tdx.mrSignerSeam())) {
            throw new TrustException(what + ": MRSIGNERSEAM " + HEX.formatHex(tdx.mrSignerSeam()) + " is not the TCB Info's "
                    + name + " mrsigner " + HEX.formatHex(module.mrSigner()));
        }
        if (!masked(tdx.seamAttributes(), module.attributesMask(), module.attributes())) {
            throw new TrustException(what + ": SEAMATTRIBUTES " + HEX.formatHex(tdx.seamAttributes()) + " under mask "
                    + HEX.formatHex(module.attributesMask()) + " are not the TCB Info's " + name + " attributes "
                    + HEX.formatHex(module.attributes()));
        }
        if (version == 0) return null;
        int svn = tdx.teeTcbSvn()[0] & 0xFF;
        for (TcbInfo.EnclaveLevel l : module.levels()) {
            if (svn >= l.isvSvn()) return l;
        }
        throw new TrustException(what + ": no matching TCB level for TDX module " + name + " SVN " + svn);
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
        return sb.toString();
    }
}
