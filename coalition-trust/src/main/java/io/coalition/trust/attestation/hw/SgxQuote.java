package io.coalition.trust.attestation.hw;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * An Intel SGX DCAP quote, version 3 (Intel SGX ECDSA Quote Library Reference, "Quote Format"): a 48-byte
 * header, the 384-byte enclave report body, then the ECDSA quote signature data.
 *
 * <p>{@link #parse} is strict about everything up to the end of the signature data: version 3, attestation
 * key type 2 (ECDSA P-256), TEE type 0, and every length field consistent with what follows it. Bytes
 * after the signature data are not part of the quote (quote buffers are often padded); they are ignored and
 * counted in {@link #trailingBytes()}. Parsing checks no signature: use {@link DcapVerifier}.
 */
public final class SgxQuote {
    static final String FORMAT = "SGX quote v3";
    static final int SIGNED_LENGTH = QuoteHeader.SIZE + EnclaveReportBody.SIZE;

    private final byte[] bytes;
    private final QuoteHeader header;
    private final EnclaveReportBody body;
    private final QuoteSignatureData signatureData;
    private final int trailingBytes;

    private SgxQuote(byte[] bytes, QuoteHeader header, EnclaveReportBody body, QuoteSignatureData signatureData,
                     int trailingBytes) {
        this.bytes = bytes;
        this.header = header;
        this.body = body;
        this.signatureData = signatureData;
        this.trailingBytes = trailingBytes;
    }

    /**
     * Parses a quote.
     *
     * @throws EvidenceFormatException naming the field and offset that break the layout
     */
    public static SgxQuote parse(byte[] input) {
        byte[] in = input.clone();
        Reader r = new Reader(FORMAT, in, 0, in.length);
        QuoteHeader header = QuoteHeader.read(FORMAT, r, 3);
        if (header.teeType() != 0) {
            throw r.error("tee_type", 4, "found 0x" + Long.toHexString(header.teeType()) + ", expected 0 (SGX)");
        }
        EnclaveReportBody body = EnclaveReportBody.read(r);
        int length = r.length32("signature_data_len");
        int start = r.position();
        QuoteSignatureData sig = QuoteSignatureData.read(FORMAT, new Reader(FORMAT, in, start, start + length), false);
        int end = start + length;
        return new SgxQuote(Arrays.copyOf(in, end), header, body, sig, in.length - end);
    }

    /** The quote's own bytes, without trailing padding. */
    public byte[] encoded() {
        return bytes.clone();
    }

    /** Header and report body: the bytes the attestation key signs. */
    public byte[] signedBytes() {
        return Arrays.copyOf(bytes, SIGNED_LENGTH);
    }

    /** Bytes that followed the signature data in the parsed input. */
    public int trailingBytes() {
        return trailingBytes;
    }

    public int version() {
        return header.version();
    }

    /** MRENCLAVE: SHA-256 measurement of the enclave's initial pages. */
    public byte[] measurement() {
        return body.mrEnclave().clone();
    }

    /** MRSIGNER: SHA-256 of the enclave signing key's modulus. */
    public byte[] signer() {
        return body.mrSigner().clone();
    }

    /** The 64 bytes the enclave put in its report (the channel and key binding). */
    public byte[] reportData() {
        return body.reportData().clone();
    }

    /** Whether ATTRIBUTES.DEBUG is set: a debugger can read the enclave, so its secrets are not secret. */
    public boolean debug() {
        return body.debug();
    }

    /** ISVPRODID, chosen by the enclave author. */
    public int productId() {
        return body.isvProdId();
    }

    /** ISVSVN, the enclave's security version. */
    public int svn() {
        return body.isvSvn();
    }

    /** CPUSVN: the processor's TCB components (16 bytes). */
    public byte[] cpuSvn() {
        return body.cpuSvn().clone();
    }

    /** ATTRIBUTES.FLAGS of the enclave. */
    public long attributesFlags() {
        return body.flags();
    }

    /** ATTRIBUTES.XFRM of the enclave. */
    public long attributesXfrm() {
        return body.xfrm();
    }

    public long miscSelect() {
        return body.miscSelect();
    }

    /** Security version of the Quoting Enclave. */
    public int qeSvn() {
        return header.qeSvn();
    }

    /** Security version of the Provisioning Certification Enclave. */
    public int pceSvn() {
        return header.pceSvn();
    }

    public byte[] qeVendorId() {
        return header.qeVendorId().clone();
    }

    /** Certification data type: 5 means the quote carries its PCK certificate chain. */
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
