package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1; Intel SGX PCK Certificate and
 * CRL Profile, section "Intel SGX Extensions"): the platform's identity and the TCB it was certified at,
 * which TCB Info matching needs. Parsed without trust: verify the quote's chain first.
 */
public final class PckExtension {
    static final String SGX_EXTENSION = "1.2.840.113741.1.13.1";
    private static final String ARC = SGX_EXTENSION + ".";

    private final byte[] ppid;
    private final int[] tcbComponents;
    private final int pceSvn;
    private final byte[] cpuSvn;
    private final byte[] pceId;
    private final byte[] fmspc;
    private final int sgxType;

    private PckExtension(byte[] ppid, int[] tcbComponents, int pceSvn, byte[] cpuSvn, byte[] pceId, byte[] fmspc,
                         int sgxType) {
        this.ppid = ppid;
        this.tcbComponents = tcbComponents;
        this.pceSvn = pceSvn;
        this.cpuSvn = cpuSvn;
        this.pceId = pceId;
        this.fmspc = fmspc;
        this.sgxType = sgxType;
    }

    /**
     * Reads the SGX extension of a PCK certificate.
     *
     * @throws TrustException naming the missing or malformed part
     */
    public static PckExtension of(X509Certificate pck) {
        byte[] wrapped = pck.getExtensionValue(SGX_EXTENSION);
        if (wrapped == null) {
            throw new TrustException("PCK certificate '" + pck.getSubjectX500Principal() + "' has no SGX extension "
                    + SGX_EXTENSION);
        }
        try {
            Map<String, ASN1Encodable> top = entries(ASN1Primitive.fromByteArray(
                    ASN1OctetString.getInstance(wrapped).getOctets()), "SGX extension");
            Map<String, ASN1Encodable> tcb = entries(need(top, "2", "TCB"), "TCB");
            int[] components = new int[16];
            for (int i = 0; i < 16; i++) {
                components[i] = small(need(tcb, "2." + (i + 1), "SGX TCB component " + (i + 1)), 255,
                        "SGX TCB component " + (i + 1));
            }
            int pceSvn = small(need(tcb, "2.17", "PCESVN"), 65535, "PCESVN");
            byte[] cpuSvn = octets(need(tcb, "2.18", "CPUSVN"), 16, "CPUSVN");
            int sgxType = ASN1Enumerated.getInstance(need(top, "5", "SGX Type")).intValueExact();
            return new PckExtension(octets(need(top, "1", "PPID"), 16, "PPID"), components, pceSvn, cpuSvn,
                    octets(need(top, "3", "PCE-ID"), 2, "PCE-ID"), octets(need(top, "4", "FMSPC"), 6, "FMSPC"), sgxType);
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            throw new TrustException("PCK certificate SGX extension " + SGX_EXTENSION + " is malformed: " + e.getMessage(), e);
        }
    }

    /** A SEQUENCE OF SEQUENCE { OID, value } as a map from the OID's suffix under the SGX arc. */
    private static Map<String, ASN1Encodable> entries(ASN1Encodable value, String what) {
        Map<String, ASN1Encodable> out = new HashMap<>();
        for (ASN1Encodable e : ASN1Sequence.getInstance(value)) {
            ASN1Sequence pair = ASN1Sequence.getInstance(e);
            if (pair.size() != 2) throw new IllegalArgumentException(what + " entry has " + pair.size() + " elements, expected 2");
            String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
            if (!oid.startsWith(ARC)) throw new IllegalArgumentException(what + " entry " + oid + " is outside " + SGX_EXTENSION);
            if (out.put(oid.substring(ARC.length()), pair.getObjectAt(1)) != null) {
                throw new IllegalArgumentException(what + " entry " + oid + " appears twice");
            }
        }
        return out;
    }

    private static ASN1Encodable need(Map<String, ASN1Encodable> entries, String suffix, String what) {
        ASN1Encodable v = entries.get(suffix);
        if (v == null) throw new IllegalArgumentException(what + " (" + ARC + suffix + ") is missing");
        return v;
    }

    private static int small(ASN1Encodable v, int max, String what) {
        int n = ASN1Integer.getInstance(v).intValueExact();
        if (n < 0 || n > max) throw new IllegalArgumentException(what + " is " + n + ", expected 0 to " + max);
        return n;
    }

    private static byte[] octets(ASN1Encodable v, int length, String what) {
        byte[] b = ASN1OctetString.getInstance(v).getOctets();
        if (b.length != length) throw new IllegalArgumentException(what + " has " + b.length + " bytes, expected " + length);
        return b;
    }

    /** Platform Provisioning ID (16 bytes). */
    public byte[] ppid() {
        return ppid.clone();
    }

    /** The 16 SGX TCB component SVNs the certificate was issued for. */
    public int[] tcbComponents() {
        return tcbComponents.clone();
    }

    /** The PCE security version the certificate was issued for. */
    public int pceSvn() {
        return pceSvn;
    }

    /** The raw CPUSVN the certificate was issued for (16 bytes). */
    public byte[] cpuSvn() {
        return cpuSvn.clone();
    }

    public byte[] pceId() {
        return pceId.clone();
    }

    /** Family-Model-Stepping-Platform-CustomSKU: selects the TCB Info to match against (6 bytes). */
    public byte[] fmspc() {
        return fmspc.clone();
    }

    /** SGX Type: 0 standard, 1 scalable, 2 scalable with integrity. */
    public int sgxType() {
        return sgxType;
    }

    @Override
    public String toString() {
        return "PckExtension[fmspc=" + HexFormat.of().formatHex(fmspc) + ", pceId=" + HexFormat.of().formatHex(pceId)
                + ", pceSvn=" + pceSvn + ", sgxType=" + sgxType + "]";
    }
}
