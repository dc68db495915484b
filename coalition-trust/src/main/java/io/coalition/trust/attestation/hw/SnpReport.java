package io.coalition.trust.attestation.hw;

import java.util.Arrays;

/**
 * An AMD SEV-SNP attestation report (SEV Secure Nested Paging Firmware ABI Specification, table
 * "ATTESTATION_REPORT Structure"), versions 2, 3 and 5: 1184 bytes, signed over bytes 0x000-0x29F with
 * ECDSA P-384/SHA-384 by the VCEK or VLEK; r and s are stored little-endian in 72 bytes each at 0x2A0.
 *
 * <p>{@link #parse} is strict: exactly 1184 bytes, a known version, signature algorithm 1, the policy bit
 * that must be one, VMPL 0-3, a defined signing-key encoding, and zero bytes where the layout reserves the
 * signature's unused high bytes. Parsing checks no signature: use {@link SnpVerifier}.
 */
public final class SnpReport {
    static final String FORMAT = "SEV-SNP report";
    static final int SIZE = 0x4A0;
    static final int SIGNED_LENGTH = 0x2A0;
    /** Policy bit 19: the hypervisor may debug the guest. */
    static final long POLICY_DEBUG = 1L << 19;
    private static final long POLICY_MBO = 1L << 17;

    /** Which key signed the report (flags bits 2-4). */
    public enum SigningKey { VCEK, VLEK, NONE }

    private final byte[] bytes;
    private final int version;
    private final SigningKey signingKey;

    private SnpReport(byte[] bytes, int version, SigningKey signingKey) {
        this.bytes = bytes;
        this.version = version;
        this.signingKey = signingKey;
    }

    /**
     * Parses a report.
     *
     * @throws EvidenceFormatException naming the field and offset that break the layout
     */
    public static SnpReport parse(byte[] input) {
        byte[] in = input.clone();
        Reader r = new Reader(FORMAT, in, 0, in.length);
        if (in.length != SIZE) {
            throw r.error("report", 0, "is " + in.length + " bytes, expected " + SIZE);
        }
        int version = (int) r.u32("version");
        if (version < 2 || version > 5) {
            throw r.error("version", 0, "found " + version + ", expected 2 to 5");
        }
        long policy = Reader.le(in, 0x08, 8);
        if ((policy & POLICY_MBO) == 0) {
            throw r.error("policy", 0x08, "bit 17 (reserved, must be one) is zero");
        }
        long vmpl = Reader.le(in, 0x30, 4);
        if (vmpl > 3) {
            throw r.error("vmpl", 0x30, "found " + vmpl + ", expected 0 to 3");
        }
        long algo = Reader.le(in, 0x34, 4);
        if (algo != 1) {
            throw r.error("signature_algo", 0x34, "found " + algo + ", expected 1 (ECDSA P-384 with SHA-384)");
        }
        int keyBits = (int) (Reader.le(in, 0x48, 4) >>> 2) & 0x7;
        SigningKey key = switch (keyBits) {
            case 0 -> SigningKey.VCEK;
            case 1 -> SigningKey.VLEK;
            case 7 -> SigningKey.NONE;
            default -> throw r.error("signing_key", 0x48, "found " + keyBits + ", expected 0 (VCEK), 1 (VLEK) or 7 (none)");
        };
        // r and s are 48-byte P-384 values in 72-byte little-endian fields; the rest of the area is reserved
        for (int at : new int[] {0x2A0 + 48, 0x2E8 + 48}) {
            if (!Reader.allZero(Arrays.copyOfRange(in, at, at + 24))) {
                throw r.error(at < 0x2E8 ? "signature.r" : "signature.s", at, "bytes 48-71 are not zero");
            }
        }
        if (!Reader.allZero(Arrays.copyOfRange(in, 0x330, SIZE))) {
            throw r.error("signature (reserved)", 0x330, "is not zero");
        }
        return new SnpReport(in, version, key);
    }

    private byte[] slice(int at, int n) {
        return Arrays.copyOfRange(bytes, at, at + n);
    }

    private long u64(int at) {
        return Reader.le(bytes, at, 8);
    }

    private int u8(int at) {
        return bytes[at] & 0xFF;
    }

    /** The whole report. */
    public byte[] encoded() {
        return bytes.clone();
    }

    /** Bytes 0x000-0x29F, which the signature covers. */
    public byte[] signedBytes() {
        return slice(0, SIGNED_LENGTH);
    }

    /** The signature as big-endian r || s (96 bytes), for {@code SHA384withECDSAinP1363Format}. */
    byte[] signatureP1363() {
        byte[] out = new byte[96];
        for (int i = 0; i < 48; i++) {
            out[47 - i] = bytes[0x2A0 + i];
            out[95 - i] = bytes[0x2E8 + i];
        }
        return out;
    }

    public int version() {
        return version;
    }

    public long guestSvn() {
        return Reader.le(bytes, 0x04, 4);
    }

    /** The guest policy the guest was launched with. */
    public long policy() {
        return u64(0x08);
    }

    /** Whether the policy lets the hypervisor debug the guest (bit 19), so its memory is not confidential. */
    public boolean debug() {
        return (policy() & POLICY_DEBUG) != 0;
    }

    public byte[] familyId() {
        return slice(0x10, 16);
    }

    public byte[] imageId() {
        return slice(0x20, 16);
    }

    /** The VMPL that requested the report (0-3). */
    public int vmpl() {
        return (int) Reader.le(bytes, 0x30, 4);
    }

    public long currentTcb() {
        return u64(0x38);
    }

    public long platformInfo() {
        return u64(0x40);
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    /** The 64 bytes the guest put in its request (the channel and key binding). */
    public byte[] reportData() {
        return slice(0x50, 64);
    }

    /** MEASUREMENT: SHA-384 launch digest of the guest. */
    public byte[] measurement() {
        return slice(0x90, 48);
    }

    public byte[] hostData() {
        return slice(0xC0, 32);
    }

    /** SHA-384 of the ID key that signed the ID block (zero without an ID block). */
    public byte[] idKeyDigest() {
        return slice(0xE0, 48);
    }

    public byte[] authorKeyDigest() {
        return slice(0x110, 48);
    }

    public byte[] reportId() {
        return slice(0x140, 32);
    }

    public byte[] reportIdMa() {
        return slice(0x160, 32);
    }

    /** The TCB the VCEK was derived from; it must equal the VCEK's TCB extensions. */
    public long reportedTcb() {
        return u64(0x180);
    }

    /** CPUID family (report v3+, 0 before). */
    public int cpuidFamily() {
        return version >= 3 ? u8(0x188) : 0;
    }

    /** CPUID model (report v3+, 0 before). */
    public int cpuidModel() {
        return version >= 3 ? u8(0x189) : 0;
    }

    public int cpuidStepping() {
        return version >= 3 ? u8(0x18A) : 0;
    }

    /** Unique chip identifier (zero when masked or when signed by a VLEK). */
    public byte[] chipId() {
        return slice(0x1A0, 64);
    }

    public long committedTcb() {
        return u64(0x1E0);
    }

    /** Firmware version as major.minor.build. */
    public String currentFirmware() {
        return u8(0x1EA) + "." + u8(0x1E9) + "." + u8(0x1E8);
    }

    public long launchTcb() {
        return u64(0x1F0);
    }

    /** Launch mitigation vector (report v5+, 0 before). */
    public long launchMitigationVector() {
        return version >= 5 ? u64(0x1F8) : 0;
    }

    /** Current mitigation vector (report v5+, 0 before). */
    public long currentMitigationVector() {
        return version >= 5 ? u64(0x200) : 0;
    }
}
