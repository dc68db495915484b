package io.coalition.trust.attestation.hw;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * An Intel TDX quote (Intel TDX DCAP Quoting Library API, appendix "Quote Format"): version 4 with the
 * 584-byte TD report body (TDX 1.0), or version 5 with a body descriptor (type 2: TDX 1.0 body; type 3:
 * TDX 1.5 body of 648 bytes adding TEE_TCB_SVN2 and MRSERVICETD), then the ECDSA quote signature data whose
 * certification data type 6 wraps the Quoting Enclave's report and the PCK certificate chain (type 5).
 *
 * <p>{@link #parse} is strict up to the end of the signature data (version, key type 2, TEE type 0x81, body
 * type and size, every nested length); bytes after it are ignored and counted in {@link #trailingBytes()}.
 * Parsing checks no signature: use {@link DcapVerifier}.
 */
public final class TdxQuote {
    static final String FORMAT = "TDX quote";
    static final long TEE_TYPE_TDX = 0x81;
    static final int BODY_TD10 = 584;
    static final int BODY_TD15 = 648;
    /** TD_ATTRIBUTES.TUD.DEBUG (bit 0): the host VMM can read and write the TD's state. */
    static final long TD_ATTRIBUTE_DEBUG = 0x1;

    private final byte[] bytes;
    private final int signedLength;
    private final QuoteHeader header;
    private final int bodyType;
    private final byte[][] fields;
    private final long tdAttributes;
    private final QuoteSignatureData signatureData;
    private final int trailingBytes;

    // Indexes into fields, in body order.
    private static final int TEE_TCB_SVN = 0, MR_SEAM = 1, MR_SIGNER_SEAM = 2, SEAM_ATTRIBUTES = 3, XFAM = 4,
            MR_TD = 5, MR_CONFIG_ID = 6, MR_OWNER = 7, MR_OWNER_CONFIG = 8, RTMR0 = 9, REPORT_DATA = 13,
            TEE_TCB_SVN2 = 14, MR_SERVICE_TD = 15;

    private TdxQuote(byte[] bytes, int signedLength, QuoteHeader header, int bodyType, byte[][] fields,
                     long tdAttributes, QuoteSignatureData signatureData, int trailingBytes) {
        this.bytes = bytes;
        this.signedLength = signedLength;
        this.header = header;
        this.bodyType = bodyType;
        this.fields = fields;
        this.tdAttributes = tdAttributes;
        this.signatureData = signatureData;
        this.trailingBytes = trailingBytes;
    }

    /**
     * Parses a TDX quote of version 4 or 5.
     *
     * @throws EvidenceFormatException naming the field and offset that break the layout
     */
    public static TdxQuote parse(byte[] input) {
        byte[] in = input.clone();
        Reader r = new Reader(FORMAT, in, 0, in.length);
        QuoteHeader header = QuoteHeader.read(FORMAT, r, 4, 5);
        if (header.teeType() != TEE_TYPE_TDX) {
            throw r.error("tee_type", 4,
                    "found 0x" + Long.toHexString(header.teeType()) + ", expected 0x81 (TDX)");
        }
        int bodyType = 2;
        if (header.version() == 5) {
            int typeAt = r.position();
            bodyType = r.u16("body_type");
            if (bodyType != 2 && bodyType != 3) {
                throw r.error("body_type", typeAt, "found " + bodyType + ", expected 2 (TDX 1.0) or 3 (TDX 1.5)");
            }
            int sizeAt = r.position();
            long size = r.u32("body_size");
            int expected = bodyType == 2 ? BODY_TD10 : BODY_TD15;
            if (size != expected) {
                throw r.error("body_size", sizeAt,
                        "found " + size + ", expected " + expected + " for body type " + bodyType);
            }
        }
        byte[][] f = new byte[16][];
        f[TEE_TCB_SVN] = r.bytes("tee_tcb_svn", 16);
        f[MR_SEAM] = r.bytes("mr_seam", 48);
        f[MR_SIGNER_SEAM] = r.bytes("mr_signer_seam", 48);
        f[SEAM_ATTRIBUTES] = r.bytes("seam_attributes", 8);
        long tdAttributes = r.u64("td_attributes");
        f[XFAM] = r.bytes("xfam", 8);
        f[MR_TD] = r.bytes("mr_td", 48);
        f[MR_CONFIG_ID] = r.bytes("mr_config_id", 48);
        f[MR_OWNER] = r.bytes("mr_owner", 48);
        f[MR_OWNER_CONFIG] = r.bytes("mr_owner_config", 48);
        for (int i = 0; i < 4; i++) f[RTMR0 + i] = r.bytes("rtmr" + i, 48);
        f[REPORT_DATA] = r.bytes("report_data", 64);
        if (bodyType == 3) {
            f[TEE_TCB_SVN2] = r.bytes("tee_tcb_svn_2", 16);
            f[MR_SERVICE_TD] = r.bytes("mr_servicetd", 48);
        } else {
            f[TEE_TCB_SVN2] = new byte[16];
            f[MR_SERVICE_TD] = new byte[48];
        }
        int signedLength = r.position();
        int length = r.length32("signature_data_len");
        int start = r.position();
        QuoteSignatureData sig = QuoteSignatureData.read(FORMAT, new Reader(FORMAT, in, start, start + length), true);
        int end = start + length;
        return new TdxQuote(Arrays.copyOf(in, end), signedLength, header, bodyType, f, tdAttributes, sig,
                in.length - end);
    }

    /** The quote's own bytes, without trailing padding. */
    public byte[] encoded() {
        return bytes.clone();
    }

    /** Header, body descriptor (v5) and TD report body: the bytes the attestation key signs. */
    public byte[] signedBytes() {
        return Arrays.copyOf(bytes, signedLength);
    }

    /** Bytes that followed the signature data in the parsed input. */
    public int trailingBytes() {
        return trailingBytes;
    }

    public int version() {
        return header.version();
    }

    /** 2 for a TDX 1.0 report body (always in v4), 3 for TDX 1.5. */
    public int bodyType() {
        return bodyType;
    }

    /** MRTD: SHA-384 measurement of the TD's initial contents. */
    public byte[] measurement() {
        return fields[MR_TD].clone();
    }

    /** The 64 bytes the TD put in its report (the channel and key binding). */
    public byte[] reportData() {
        return fields[REPORT_DATA].clone();
    }

    /** Whether TD_ATTRIBUTES.DEBUG is set: the host can inspect the TD, so its secrets are not secret. */
    public boolean debug() {
        return (tdAttributes & TD_ATTRIBUTE_DEBUG) != 0;
    }

    public long tdAttributes() {
        return tdAttributes;
    }

    /** TEE_TCB_SVN: the TDX module's TCB components (16 bytes). */
    public byte[] teeTcbSvn() {
        return fields[TEE_TCB_SVN].clone();
    }

    /** TEE_TCB_SVN2 of a TDX 1.5 body; zeros for a TDX 1.0 body. */
    public byte[] teeTcbSvn2() {
        return fields[TEE_TCB_SVN2].clone();
    }

    /** MRSEAM: measurement of the TDX module. */
    public byte[] mrSeam() {
        return fields[MR_SEAM].clone();
    }

    /** MRSIGNERSEAM: signer of the TDX module (zero for Intel's module). */
    public byte[] mrSignerSeam() {
        return fields[MR_SIGNER_SEAM].clone();
    }

    public byte[] seamAttributes() {
        return fields[SEAM_ATTRIBUTES].clone();
    }

    public byte[] xfam() {
        return fields[XFAM].clone();
    }

    public byte[] mrConfigId() {
        return fields[MR_CONFIG_ID].clone();
    }

    public byte[] mrOwner() {
        return fields[MR_OWNER].clone();
    }

    public byte[] mrOwnerConfig() {
        return fields[MR_OWNER_CONFIG].clone();
    }

    /** Runtime measurement register {@code index} (0 to 3). */
    public byte[] rtmr(int index) {
        if (index < 0 || index > 3) throw new IllegalArgumentException("RTMR index " + index + " is not 0..3");
        return fields[RTMR0 + index].clone();
    }

    /** MRSERVICETD of a TDX 1.5 body (non-zero when a service TD is bound); zeros for TDX 1.0. */
    public byte[] mrServiceTd() {
        return fields[MR_SERVICE_TD].clone();
    }

    public int qeSvn() {
        return header.qeSvn();
    }

    public int pceSvn() {
        return header.pceSvn();
    }

    public byte[] qeVendorId() {
        return header.qeVendorId().clone();
    }

    /** Type of the certification data inside the QE report certification data: 5 for a PCK chain. */
    public int certificationDataType() {
        return signatureData.certificationDataType();
    }

    /** The PCK certificate chain the quote carries (leaf first), empty unless certification data type 5. */
    public List<X509Certificate> pckChain() {
        return signatureData.pckChain();
    }

    /**
     * The SGX extension of the PCK certificate this quote carries (FMSPC, PCESVN, TCB components).
     *
     * @throws io.coalition.trust.TrustException when the quote carries no PCK chain or the extension is malformed
     */
    public PckExtension pckExtension() {
        if (pckChain().isEmpty()) {
            throw new io.coalition.trust.TrustException(FORMAT + ": carries certification data type "
                    + certificationDataType() + ", no PCK certificate");
        }
        return PckExtension.of(pckChain().get(0));
    }

    QuoteHeader header() {
        return header;
    }

    QuoteSignatureData signatureData() {
        return signatureData;
    }
}
