package io.coalition.trust.attestation.hw;

/** The 48-byte DCAP quote header shared by SGX and TDX quotes (v3 to v5). */
record QuoteHeader(int version, int attestationKeyType, long teeType, int qeSvn, int pceSvn, byte[] qeVendorId,
                   byte[] userData) {
    static final int SIZE = 48;
    /** ECDSA-256-with-P-256; the only key type Intel's quoting enclaves produce. */
    static final int KEY_TYPE_ECDSA_P256 = 2;

    static QuoteHeader read(String format, Reader r, int... versions) {
        int version = r.u16("version");
        boolean known = false;
        for (int v : versions) known |= v == version;
        if (!known) {
            throw r.error("version", 0, "found " + version + ", expected " + describe(versions));
        }
        int keyType = r.u16("attestation_key_type");
        if (keyType != KEY_TYPE_ECDSA_P256) {
            throw r.error("attestation_key_type", 2,
                    "found " + keyType + ", expected " + KEY_TYPE_ECDSA_P256 + " (ECDSA-256-with-P-256)");
        }
        long teeType = r.u32("tee_type");
        int qeSvn = r.u16("qe_svn");
        int pceSvn = r.u16("pce_svn");
        byte[] vendor = r.bytes("qe_vendor_id", 16);
        byte[] userData = r.bytes("user_data", 20);
        return new QuoteHeader(version, keyType, teeType, qeSvn, pceSvn, vendor, userData);
    }

    private static String describe(int[] versions) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < versions.length; i++) {
            if (i > 0) sb.append(i == versions.length - 1 ? " or " : ", ");
            sb.append(versions[i]);
        }
        return sb.toString();
    }
}
