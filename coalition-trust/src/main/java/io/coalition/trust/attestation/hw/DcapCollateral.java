package io.coalition.trust.attestation.hw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.trust.TrustException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Intel DCAP collateral for one platform model (FMSPC): signed TCB Info (v2 or v3) and QE Identity (v2), the TCB
 * Signing certificate chain that signed them, and the Intel SGX Root CA CRL and PCK CA CRL. Reading only parses:
 * signatures, validity windows, CRLs and revocation are checked by {@link DcapVerifier#verify(SgxQuote, DcapCollateral)}
 * against the pinned root at the verification clock.
 *
 * <p>Sources: Intel PCS response bodies ({@code {"tcbInfo":{…},"signature":"…"}}; the signature covers the inner
 * object's exact text, which is cut out of the body, never re-serialised), or dcap-qvl's collateral JSON
 * ({@code tcb_info}, {@code qe_identity} as signed strings, {@code *_signature} hex, {@code *_issuer_chain} PEM,
 * {@code root_ca_crl}, {@code pck_crl} DER hex). Without CRLs revocation cannot be checked; the verifier refuses
 * such collateral unless its {@link TcbPolicy} says so explicitly.
 */
public final class DcapCollateral {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final TcbInfo tcbInfo;
    private final QeIdentity qeIdentity;
    private final List<X509Certificate> tcbSigningChain;
    private final X509CRL rootCaCrl;
    private final X509CRL pckCrl;

    private DcapCollateral(String source, TcbInfo tcbInfo, QeIdentity qeIdentity, List<X509Certificate> tcbSigningChain,
                           X509CRL rootCaCrl, X509CRL pckCrl) {
        if (tcbSigningChain.isEmpty()) throw new TrustException("DCAP collateral (" + source + "): no TCB Signing certificate");
        if ((rootCaCrl == null) != (pckCrl == null)) {
            throw new TrustException("DCAP collateral (" + source + "): has " + (rootCaCrl == null ? "a PCK CRL but no root CA CRL"
                    : "a root CA CRL but no PCK CRL") + "; give both or neither");
        }
        this.source = source;
        this.tcbInfo = tcbInfo;
        this.qeIdentity = qeIdentity;
        this.tcbSigningChain = List.copyOf(tcbSigningChain);
        this.rootCaCrl = rootCaCrl;
        this.pckCrl = pckCrl;
    }

    /**
     * From Intel PCS response bodies.
     *
     * @param tcbSigningChain the {@code TCB-Info-Issuer-Chain} header's certificates (TCB Signing first; the root may follow)
     * @param rootCaCrl       DER or PEM, or null (then {@code pckCrl} must be null too)
     * @param pckCrl          the CRL of the PCK CA that issued the PCK certificate, DER or PEM, or null
     * @throws TrustException naming the part and field that does not parse
     */
    public static DcapCollateral fromPcs(String source, byte[] tcbInfoBody, byte[] qeIdentityBody,
                                         List<X509Certificate> tcbSigningChain, byte[] rootCaCrl, byte[] pckCrl) {
        TcbInfo tcb = TcbInfo.parse(SignedJson.ofPcsBody("TCB Info", source, tcbInfoBody, "tcbInfo"));
        QeIdentity qe = QeIdentity.parse(SignedJson.ofPcsBody("QE Identity", source, qeIdentityBody, "enclaveIdentity"));
        return new DcapCollateral(source, tcb, qe, tcbSigningChain, crl(source, "root CA CRL", rootCaCrl),
                crl(source, "PCK CRL", pckCrl));
    }

    /**
     * From dcap-qvl's collateral JSON ({@code QuoteCollateralV3}). The QE Identity issuer chain must be the same
     * TCB Signing chain as the TCB Info's (Intel signs both with one key).
     */
    public static DcapCollateral fromDcapQvl(String source, byte[] json) {
        JsonNode r;
        try {
            r = JSON.readTree(json);
        } catch (IOException e) {
            throw new TrustException("DCAP collateral (" + source + ") is not valid JSON: " + e.getMessage());
        }
        if (r == null || !r.isObject()) throw new TrustException("DCAP collateral (" + source + ") is not a JSON object");
        String tcbText = field(r, source, "tcb_info");
        String qeText = field(r, source, "qe_identity");
        TcbInfo tcb = TcbInfo.parse(SignedJson.of("TCB Info", source, tcbText.getBytes(StandardCharsets.UTF_8),
                field(r, source, "tcb_info_signature")));
        QeIdentity qe = QeIdentity.parse(SignedJson.of("QE Identity", source, qeText.getBytes(StandardCharsets.UTF_8),
                field(r, source, "qe_identity_signature")));
        List<X509Certificate> chain = certificates(source, "tcb_info_issuer_chain",
                field(r, source, "tcb_info_issuer_chain").getBytes(StandardCharsets.US_ASCII));
        List<X509Certificate> qeChain = certificates(source, "qe_identity_issuer_chain",
                field(r, source, "qe_identity_issuer_chain").getBytes(StandardCharsets.US_ASCII));
        if (!chain.equals(qeChain)) {
            throw new TrustException("DCAP collateral (" + source + "): qe_identity_issuer_chain differs from tcb_info_issuer_chain");
        }
        return new DcapCollateral(source, tcb, qe, chain, crl(source, "root CA CRL", hexField(r, source, "root_ca_crl")),
                crl(source, "PCK CRL", hexField(r, source, "pck_crl")));
    }

    /**
     * A dcap-qvl collateral file, or a folder holding one collateral set as Intel PCS serves it: exactly one each of
     * {@code *tcbinfo.json}, {@code *qeidentity.json}, {@code *tcb-signing*.pem} (chain or certificate), and
     * optionally {@code *root-ca-crl.der|pem} with {@code *pck*crl.der|pem} (the PCK CA's CRL).
     *
     * @throws TrustException naming the file or the missing or ambiguous part
     */
    public static DcapCollateral load(Path path) {
        try {
            if (!Files.isDirectory(path)) return fromDcapQvl(path.toString(), Files.readAllBytes(path));
            Path tcb = one(path, "*tcbinfo.json", n -> n.endsWith("tcbinfo.json"), true);
            Path qe = one(path, "*qeidentity.json", n -> n.endsWith("qeidentity.json"), true);
            Path signing = one(path, "*tcb-signing*.pem", n -> n.contains("tcb-signing") && n.endsWith(".pem"), true);
            Path rootCrl = one(path, "*root-ca-crl.der|pem", n -> n.endsWith("root-ca-crl.der") || n.endsWith("root-ca-crl.pem"), false);
            Path pckCrl = one(path, "*pck*crl.der|pem", n -> n.contains("pck") && (n.endsWith("crl.der") || n.endsWith("crl.pem")), false);
            return fromPcs(path.toString(), Files.readAllBytes(tcb), Files.readAllBytes(qe),
                    certificates(signing.toString(), "TCB Signing chain", Files.readAllBytes(signing)),
                    rootCrl == null ? null : Files.readAllBytes(rootCrl), pckCrl == null ? null : Files.readAllBytes(pckCrl));
        } catch (IOException e) {
            throw new TrustException("DCAP collateral " + path + ": cannot read (" + e + ")");
        }
    }

    private static Path one(Path dir, String pattern, java.util.function.Predicate<String> matches, boolean required)
            throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).filter(f -> matches.test(f.getFileName().toString())).sorted().forEach(found::add);
        }
        if (found.size() > 1) {
            throw new TrustException("DCAP collateral " + dir + ": " + found.size() + " files match " + pattern + " ("
                    + found.stream().map(p -> p.getFileName().toString()).toList() + "), expected one");
        }
        if (found.isEmpty() && required) throw new TrustException("DCAP collateral " + dir + ": no file matches " + pattern);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String field(JsonNode r, String source, String name) {
        JsonNode n = r.get(name);
        if (n == null || !n.isTextual()) throw new TrustException("DCAP collateral (" + source + "): field " + name + " is missing or not a string");
        return n.asText();
    }

    private static byte[] hexField(JsonNode r, String source, String name) {
        JsonNode n = r.get(name);
        if (n == null || n.isNull()) return null;
        try {
            return HexFormat.of().parseHex(field(r, source, name));
        } catch (IllegalArgumentException e) {
            throw new TrustException("DCAP collateral (" + source + "): field " + name + " is not hex: " + e.getMessage());
        }
    }

    private static X509CRL crl(String source, String what, byte[] bytes) {
        if (bytes == null) return null;
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        } catch (CRLException | CertificateException | RuntimeException e) {
            throw new TrustException("DCAP collateral (" + source + "): the " + what + " is not a DER or PEM X.509 CRL: " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(String source, String what, byte[] pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) throw new TrustException("DCAP collateral (" + source + "): " + what + " holds no certificate");
            return out;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof TrustException t) throw t;
            throw new TrustException("DCAP collateral (" + source + "): " + what + " is not PEM or DER certificates: " + e.getMessage());
        }
    }

    /** Where the collateral was read from. */
    public String source() {
        return source;
    }

    /** The FMSPC the TCB Info is for (lower-case hex). */
    public String fmspc() {
        return tcbInfo.fmspc();
    }

    /** {@code SGX} or {@code TDX}. */
    public String tcbInfoId() {
        return tcbInfo.id();
    }

    public Instant tcbInfoNextUpdate() {
        return tcbInfo.nextUpdate();
    }

    public Instant qeIdentityNextUpdate() {
        return qeIdentity.nextUpdate();
    }

    /** Whether the root CA and PCK CRLs are present (without them revocation is not checked). */
    public boolean hasCrls() {
        return pckCrl != null;
    }

    TcbInfo tcbInfo() {
        return tcbInfo;
    }

    QeIdentity qeIdentity() {
        return qeIdentity;
    }

    List<X509Certificate> tcbSigningChain() {
        return tcbSigningChain;
    }

    Optional<X509CRL> rootCaCrl() {
        return Optional.ofNullable(rootCaCrl);
    }

    Optional<X509CRL> pckCrl() {
        return Optional.ofNullable(pckCrl);
    }

    @Override
    public String toString() {
        return "DcapCollateral[" + tcbInfo.id() + " TCB Info v" + tcbInfo.version() + ", FMSPC " + fmspc() + ", " + source + "]";
    }
}
