package io.coalition.trust.attestation.hw;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test-side builders of byte-exact evidence with our own keys, following the published layouts (Intel DCAP
 * quote v3/v4, AMD SEV-SNP ABI report v2/v3). Used where recorded hardware evidence cannot reach a check
 * (every field of real evidence is signed by Intel's or AMD's keys) and to write the fuzzers' seed inputs.
 */
final class Fixtures {
    static final Date NOT_BEFORE = Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z"));
    static final Date NOT_AFTER = Date.from(java.time.Instant.parse("2040-01-01T00:00:00Z"));
    static final String CLOCK = "2030-01-01T00:00:00Z";
    /** Not registered globally: the JDK has no RSASSA-PSS signer under BC's algorithm names. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private Fixtures() {
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate for {@code subject}'s key, issued by {@code issuer} (null: self-signed). */
    static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey issuerKey,
                                       String algorithm, int pathLen, Map<String, byte[]> extensions) {
        try {
            X500Name s = new X500Name(subject);
            X500Name i = issuer == null ? s : new X500Name(issuer);
            var b = new JcaX509v3CertificateBuilder(i, BigInteger.valueOf(subject.hashCode() & 0xffff), NOT_BEFORE,
                    NOT_AFTER, s, key);
            if (pathLen >= 0) b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            for (var e : extensions.entrySet()) b.addExtension(new ASN1ObjectIdentifier(e.getKey()), false, e.getValue());
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] signP1363(String algorithm, PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm + "inP1363Format");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] rawPoint(PublicKey key, int size) {
        ECPublicKey ec = (ECPublicKey) key;
        byte[] out = new byte[2 * size];
        put(out, 0, ec.getW().getAffineX(), size);
        put(out, size, ec.getW().getAffineY(), size);
        return out;
    }

    private static void put(byte[] out, int at, BigInteger v, int size) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, size);
        System.arraycopy(b, b.length - n, out, at + size - n, n);
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    // ---------------------------------------------------------------- DCAP

    /** An Intel-like PKI of our own: root, PCK CA and PCK certificate (ECDSA P-256), plus an attestation key. */
    static final class Dcap {
        final KeyPair rootKeys = ec("secp256r1");
        final KeyPair caKeys = ec("secp256r1");
        final KeyPair pckKeys = ec("secp256r1");
        KeyPair attestationKeys = ec("secp256r1");
        final X509Certificate root = certificate("CN=Test SGX Root CA", rootKeys.getPublic(), null,
                rootKeys.getPrivate(), "SHA256withECDSA", 1, Map.of());
        X509Certificate ca = certificate("CN=Test SGX PCK Platform CA", caKeys.getPublic(), "CN=Test SGX Root CA",
                rootKeys.getPrivate(), "SHA256withECDSA", 0, Map.of());
        X509Certificate pck = certificate("CN=Test SGX PCK Certificate", pckKeys.getPublic(),
                "CN=Test SGX PCK Platform CA", caKeys.getPrivate(), "SHA256withECDSA", -1, Map.of());

        /** The PCK certifies TCB components 2 and PCESVN 13 for FMSPC 00906ea10000 (for collateral tests). */
        Dcap withSgxExtension() {
            pck = certificate("CN=Test SGX PCK Certificate", pckKeys.getPublic(), "CN=Test SGX PCK Platform CA",
                    caKeys.getPrivate(), "SHA256withECDSA", -1,
                    Map.of(PckExtension.SGX_EXTENSION, sgxExtension(2, 13, "00906ea10000")));
            return this;
        }

        int version = 3;
        byte[] qeVendorId = DcapVerifier.INTEL_QE_VENDOR_ID.clone();
        byte[] qeAuthData = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        long qeFlags = 0x5;
        int certificationDataType = 5;
        byte[] rawAttestationKey;  // overrides the encoded attestation key when set
        long enclaveFlags = 0x5;
        long tdAttributes = 0;
        byte[] reportData = Arrays.copyOf("fixture".getBytes(), 64);
        byte[] measurement = new byte[48];

        DcapVerifier verifier() {
            return DcapVerifier.trusting(root, Samples.at(CLOCK));
        }

        List<X509Certificate> chain() {
            return List.of(pck, ca, root);
        }

        byte[] sgxQuote() {
            version = 3;
            return quote(header(0), sgxBody(enclaveFlags, Arrays.copyOf(measurement, 32), reportData));
        }

        byte[] tdxQuote() {
            version = 4;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(new byte[16 + 48 + 48 + 8]);        // tee_tcb_svn, mr_seam, mr_signer_seam, seam_attributes
            b.writeBytes(le(tdAttributes, 8));
            b.writeBytes(new byte[8]);                       // xfam
            b.writeBytes(Arrays.copyOf(measurement, 48));    // mr_td
            b.writeBytes(new byte[48 * 3 + 48 * 4]);         // mr_config_id, mr_owner, mr_owner_config, rtmr0-3
            b.writeBytes(reportData);
            return quote(header(0x81), b.toByteArray());
        }

        private byte[] header(long teeType) {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            h.writeBytes(le(version, 2));
            h.writeBytes(le(2, 2));
            h.writeBytes(le(teeType, 4));
            h.writeBytes(le(7, 2));
            h.writeBytes(le(13, 2));
            h.writeBytes(qeVendorId);
            h.writeBytes(new byte[20]);
            return h.toByteArray();
        }

        private byte[] quote(byte[] header, byte[] body) {
            byte[] signed = concat(header, body);
            byte[] key = rawAttestationKey != null ? rawAttestationKey : rawPoint(attestationKeys.getPublic(), 32);
            byte[] qeReportData = Arrays.copyOf(Crypto.sha256(key, qeAuthData), 64);
            byte[] qeReport = sgxBody(qeFlags, new byte[32], qeReportData);
            byte[] certData = certificationDataType == 5
                    ? Samples.pem(chain()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                    : new byte[] {1, 2, 3, 4};
            ByteArrayOutputStream qe = new ByteArrayOutputStream();
            qe.writeBytes(qeReport);
            qe.writeBytes(signP1363("SHA256withECDSA", pckKeys.getPrivate(), qeReport));
            qe.writeBytes(le(qeAuthData.length, 2));
            qe.writeBytes(qeAuthData);
            qe.writeBytes(le(certificationDataType, 2));
            qe.writeBytes(le(certData.length, 4));
            qe.writeBytes(certData);
            ByteArrayOutputStream sig = new ByteArrayOutputStream();
            sig.writeBytes(signP1363("SHA256withECDSA", attestationKeys.getPrivate(), signed));
            sig.writeBytes(key);
            if (version >= 4) {
                sig.writeBytes(le(6, 2));
                sig.writeBytes(le(qe.size(), 4));
            }
            sig.writeBytes(qe.toByteArray());
            return concat(signed, le(sig.size(), 4), sig.toByteArray());
        }
    }

    /**
     * The DER of a PCK certificate's SGX extension (Intel SGX PCK Certificate and CRL Profile): a PPID, every TCB
     * component {@code svn}, the PCESVN, a CPUSVN, PCE-ID 0000, the FMSPC and SGX type 0.
     */
    static byte[] sgxExtension(int svn, int pceSvn, String fmspc) {
        String arc = PckExtension.SGX_EXTENSION + ".";
        org.bouncycastle.asn1.ASN1EncodableVector tcb = new org.bouncycastle.asn1.ASN1EncodableVector();
        for (int i = 1; i <= 16; i++) tcb.add(pair(arc + "2." + i, new ASN1Integer(svn)));
        tcb.add(pair(arc + "2.17", new ASN1Integer(pceSvn)));
        tcb.add(pair(arc + "2.18", new org.bouncycastle.asn1.DEROctetString(new byte[16])));
        org.bouncycastle.asn1.ASN1EncodableVector top = new org.bouncycastle.asn1.ASN1EncodableVector();
        top.add(pair(arc + "1", new org.bouncycastle.asn1.DEROctetString(new byte[16])));
        top.add(pair(arc + "2", new org.bouncycastle.asn1.DERSequence(tcb)));
        top.add(pair(arc + "3", new org.bouncycastle.asn1.DEROctetString(new byte[2])));
        top.add(pair(arc + "4", new org.bouncycastle.asn1.DEROctetString(HexFormat.of().parseHex(fmspc))));
        top.add(pair(arc + "5", new org.bouncycastle.asn1.ASN1Enumerated(0)));
        try {
            return new org.bouncycastle.asn1.DERSequence(top).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static org.bouncycastle.asn1.DERSequence pair(String oid, org.bouncycastle.asn1.ASN1Encodable value) {
        return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }

    /** A 384-byte SGX REPORTBODY with the given flags, MRENCLAVE and report data. */
    static byte[] sgxBody(long flags, byte[] mrEnclave, byte[] reportData) {
        byte[] b = new byte[384];
        System.arraycopy(le(flags, 8), 0, b, 48, 8);
        System.arraycopy(le(0xE7, 8), 0, b, 56, 8);
        System.arraycopy(mrEnclave, 0, b, 64, 32);
        b[256] = 1;  // isv_prod_id
        b[258] = 2;  // isv_svn
        System.arraycopy(reportData, 0, b, 320, 64);
        return b;
    }

    // ---------------------------------------------------------------- SEV-SNP

    static final String TCB = "1.3.6.1.4.1.3704.1.3.";

    /** An AMD-like hierarchy of our own: ARK and ASK (RSA, RSASSA-PSS) and a P-384 VCEK with TCB and hwID. */
    static final class Snp {
        // RSA key generation is slow; one ARK and ASK key for all fixtures is enough
        private static final KeyPair ARK_KEYS = rsa();
        private static final KeyPair ASK_KEYS = rsa();
        final KeyPair arkKeys = ARK_KEYS;
        final KeyPair askKeys = ASK_KEYS;
        KeyPair vcekKeys = ec("secp384r1");
        static final String ARK = "CN=ARK-Milan,O=Test";
        static final String ASK = "CN=SEV-Milan,O=Test";
        final X509Certificate ark = certificate(ARK, arkKeys.getPublic(), null, arkKeys.getPrivate(),
                "SHA384WITHRSAANDMGF1", 1, Map.of());
        X509Certificate ask = certificate(ASK, askKeys.getPublic(), ARK, arkKeys.getPrivate(),
                "SHA384WITHRSAANDMGF1", 0, Map.of());
        byte[] chipId = HexFormat.of().parseHex("c0ffee".repeat(21) + "00");
        int bootloader = 3, tee = 0, snp = 8, microcode = 115;
        X509Certificate vcek;

        int version = 2;
        long policy = 0x30000;
        int signingKeyBits = 0;
        int cpuidFamily = 0x19, cpuidModel = 0x01;
        byte[] reportData = Arrays.copyOf("fixture".getBytes(), 64);
        long reportedTcb = tcb(3, 0, 8, 115);

        Snp() {
            vcek = vcek(vcekKeys, "SHA384WITHRSAANDMGF1");
        }

        X509Certificate vcek(KeyPair keys, String algorithm) {
            return certificate("CN=SEV-VCEK,O=Test", keys.getPublic(), ASK, askKeys.getPrivate(), algorithm, -1, Map.of(
                    TCB + "1", der(bootloader), TCB + "2", der(tee), TCB + "3", der(snp), TCB + "8", der(microcode),
                    "1.3.6.1.4.1.3704.1.4", chipId));
        }

        SnpVerifier verifier() {
            return SnpVerifier.trusting(AmdProduct.MILAN, ark, Samples.at(CLOCK));
        }

        static long tcb(int bootloader, int tee, int snp, int microcode) {
            return bootloader | (long) tee << 8 | (long) snp << 48 | (long) microcode << 56;
        }

        private static byte[] der(int v) {
            try {
                return new ASN1Integer(v).getEncoded();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] report() {
            byte[] r = new byte[SnpReport.SIZE];
            System.arraycopy(le(version, 4), 0, r, 0x00, 4);
            System.arraycopy(le(policy, 8), 0, r, 0x08, 8);
            System.arraycopy(le(1, 4), 0, r, 0x34, 4);
            System.arraycopy(le(reportedTcb, 8), 0, r, 0x38, 8);
            System.arraycopy(le((long) signingKeyBits << 2, 4), 0, r, 0x48, 4);
            System.arraycopy(reportData, 0, r, 0x50, 64);
            r[0x90] = 0x42;
            System.arraycopy(le(reportedTcb, 8), 0, r, 0x180, 8);
            if (version >= 3) {
                r[0x188] = (byte) cpuidFamily;
                r[0x189] = (byte) cpuidModel;
            }
            System.arraycopy(chipId, 0, r, 0x1A0, 64);
            byte[] rs = signP1363("SHA384withECDSA", vcekKeys.getPrivate(), Arrays.copyOf(r, 0x2A0));
            for (int i = 0; i < 48; i++) {
                r[0x2A0 + i] = rs[47 - i];
                r[0x2E8 + i] = rs[95 - i];
            }
            return r;
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    /**
     * Writes the fuzzers' seed inputs: {@code java -cp ... io.coalition.trust.attestation.hw.Fixtures <test resources dir>}.
     */
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]).resolve("io/coalition/trust/attestation/hw/HwEvidenceFuzzTestInputs");
        Dcap dcap = new Dcap();
        write(base.resolve("sgxQuote/seed-fixture-v3"), dcap.sgxQuote());
        write(base.resolve("tdxQuote/seed-fixture-v4"), dcap.tdxQuote());
        write(base.resolve("snpReport/seed-fixture-v2"), new Snp().report());
        // seeds for the other parsers' fuzz tests, built with the public APIs
        Path test = Path.of(args[0]).resolve("io/coalition/trust");
        write(test.resolve("cas/CidFuzzTestInputs/parse/seed-hello-world"),
                "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e".getBytes());
        var attributes = new io.coalition.trust.pki.ParticipantAttributes("P-0001", "auditor", "DE", "Clinic",
                java.util.EnumSet.of(io.coalition.trust.pki.ParticipantType.DATA_PROVIDER), true);
        write(test.resolve("pki/PkiParsersFuzzTestInputs/participantAttributes/seed-listing-1"), attributes.encoded());
        KeyPair keys = io.coalition.trust.pki.Enrollment.newKeyPair();
        var csr = io.coalition.trust.pki.Enrollment.request(keys, "CN=seed,O=Coalition test", attributes);
        Path pem = test.resolve("pki/PkiParsersFuzzTestInputs/pemFiles");
        write(pem.resolve("seed-csr"), io.coalition.trust.pki.Pem.encode(csr).getBytes());
        write(pem.resolve("seed-certificate"), io.coalition.trust.pki.Pem.encode(dcap.pck).getBytes());
        // no private-key seed: a committed key, even a throwaway one, trips secret scanners
    }

    private static void write(Path file, byte[] bytes) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
