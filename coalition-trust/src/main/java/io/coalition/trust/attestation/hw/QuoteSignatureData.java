package io.coalition.trust.attestation.hw;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The ECDSA-256-with-P-256 quote signature data of a DCAP quote: the quote signature, the attestation
 * key, and the Quoting Enclave's report, signature and authentication data, followed by the
 * certification data. In quote v3 the QE report follows the key directly; from v4 on it sits inside
 * certification data of type 6 whose own certification data (normally type 5) follows it.
 *
 * @param pckChain the PCK certificate chain (leaf first) when the certification data is type 5, else empty
 */
record QuoteSignatureData(byte[] signature, byte[] attestationKey, byte[] qeReportBytes,
                          EnclaveReportBody qeReport, byte[] qeReportSignature, byte[] qeAuthData,
                          int certificationDataType, byte[] certificationData, List<X509Certificate> pckChain) {
    static final int TYPE_PCK_CHAIN = 5;
    static final int TYPE_QE_REPORT = 6;

    /** Reads the structure that fills the reader up to its end; {@code wrapped} is true from v4 on. */
    static QuoteSignatureData read(String format, Reader r, boolean wrapped) {
        byte[] signature = r.bytes("quote_signature", 64);
        byte[] key = r.bytes("ecdsa_attestation_key", 64);
        Reader inner = r;
        if (wrapped) {
            int typeAt = r.position();
            int type = r.u16("certification_data_type");
            if (type != TYPE_QE_REPORT) {
                throw r.error("certification_data_type", typeAt,
                        "found " + type + ", expected " + TYPE_QE_REPORT + " (QE report certification data)");
            }
            int size = r.length32("certification_data_size");
            if (size != r.remaining()) {
                throw r.error("certification_data_size", r.position() - 4,
                        "declares " + size + " bytes, the signature data leaves " + r.remaining());
            }
        }
        byte[] qeBytes = inner.bytes("qe_report", EnclaveReportBody.SIZE);
        EnclaveReportBody qe = EnclaveReportBody.read(new Reader(format, qeBytes, 0, qeBytes.length));
        byte[] qeSignature = inner.bytes("qe_report_signature", 64);
        int authSize = inner.u16("qe_auth_data_size");
        byte[] auth = inner.bytes("qe_auth_data", authSize);
        int typeAt = inner.position();
        int type = inner.u16("certification_data_type");
        if (type < 1 || type > 7) {
            throw inner.error("certification_data_type", typeAt, "found " + type + ", expected 1 to 7");
        }
        int sizeAt = inner.position();
        int size = inner.length32("certification_data_size");
        if (size != inner.remaining()) {
            throw inner.error("certification_data_size", sizeAt,
                    "declares " + size + " bytes, the signature data leaves " + inner.remaining());
        }
        int dataAt = inner.position();
        byte[] data = inner.bytes("certification_data", size);
        List<X509Certificate> chain = type == TYPE_PCK_CHAIN ? PemChain.parse(format, data, dataAt) : List.of();
        return new QuoteSignatureData(signature, key, qeBytes, qe, qeSignature, auth, type, data, chain);
    }
}
