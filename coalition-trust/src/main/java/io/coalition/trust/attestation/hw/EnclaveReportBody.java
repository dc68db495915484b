package io.coalition.trust.attestation.hw;

/**
 * The 384-byte SGX REPORTBODY: the body of an SGX quote and the Quoting Enclave's report inside SGX and
 * TDX quotes (Intel SGX DCAP Quote Library Reference, "Enclave Report Body"). Offsets relative to its start.
 */
record EnclaveReportBody(byte[] cpuSvn, long miscSelect, long flags, long xfrm, byte[] mrEnclave,
                         byte[] mrSigner, int isvProdId, int isvSvn, byte[] reportData) {
    static final int SIZE = 384;
    /** SGX ATTRIBUTES.FLAGS bit 1: the enclave can be read and written by a debugger. */
    static final long FLAG_DEBUG = 0x2;

    static EnclaveReportBody read(Reader r) {
        byte[] cpuSvn = r.bytes("cpu_svn", 16);
        long miscSelect = r.u32("misc_select");
        r.bytes("reserved1", 28);
        long flags = r.u64("attributes.flags");
        long xfrm = r.u64("attributes.xfrm");
        byte[] mrEnclave = r.bytes("mr_enclave", 32);
        r.bytes("reserved2", 32);
        byte[] mrSigner = r.bytes("mr_signer", 32);
        r.bytes("reserved3", 96);
        int isvProdId = r.u16("isv_prod_id");
        int isvSvn = r.u16("isv_svn");
        r.bytes("reserved4", 60);
        byte[] reportData = r.bytes("report_data", 64);
        return new EnclaveReportBody(cpuSvn, miscSelect, flags, xfrm, mrEnclave, mrSigner, isvProdId, isvSvn,
                reportData);
    }

    boolean debug() {
        return (flags & FLAG_DEBUG) != 0;
    }
}
