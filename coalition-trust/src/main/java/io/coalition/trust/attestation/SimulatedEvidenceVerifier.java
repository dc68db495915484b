package io.coalition.trust.attestation;

import io.coalition.trust.attestation.AttestationException.Check;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Appraises {@link Evidence#SIMULATED} evidence (layout in {@link SimulatedAttester}): strict layout, a
 * platform key id naming one of the trusted simulated platform keys, and a valid signature by that key. The
 * claims are never hardware-backed.
 */
public final class SimulatedEvidenceVerifier implements EvidenceVerifier {
    private final Map<String, PublicKey> trusted = new HashMap<>();

    /** Trusts evidence signed by these simulated platform keys. */
    public SimulatedEvidenceVerifier(List<PublicKey> trustedPlatformKeys) {
        for (PublicKey k : trustedPlatformKeys) trusted.put(HexFormat.of().formatHex(ReportData.sha256(k.getEncoded())), io.coalition.trust.Ecdsa.prepare(k));
    }

    @Override
    public String mediaType() {
        return Evidence.SIMULATED;
    }

    @Override
    public Claims appraise(Evidence evidence) {
        byte[] e = evidence.bytes();
        if (e.length < SimulatedAttester.SIGNED_LENGTH + 2) {
            throw fail("truncated: " + e.length + " bytes, expected at least " + (SimulatedAttester.SIGNED_LENGTH + 2));
        }
        if (!Arrays.equals(Arrays.copyOf(e, 24), SimulatedAttester.MAGIC)) {
            throw fail("offset 0: expected the magic 'COALITION-SIM-EVIDENCE/1'");
        }
        ByteBuffer b = ByteBuffer.wrap(e);
        byte[] measurement = take(b, 24, 32);
        byte[] signer = take(b, 56, 32);
        int productId = Short.toUnsignedInt(b.getShort(88));
        int svn = Short.toUnsignedInt(b.getShort(90));
        int flags = b.get(92) & 0xff;
        if ((flags & ~1) != 0) throw fail("offset 92: flags 0x" + Integer.toHexString(flags) + " has unknown bits set");
        byte[] reportData = take(b, 93, 64);
        String keyId = HexFormat.of().formatHex(take(b, 157, 32));
        int sigLen = Short.toUnsignedInt(b.getShort(189));
        if (SimulatedAttester.SIGNED_LENGTH + 2 + sigLen != e.length) {
            throw fail("offset 189: signature length " + sigLen + " does not match the " + (e.length - 191)
                    + " bytes that follow");
        }
        PublicKey key = trusted.get(keyId);
        if (key == null) {
            throw fail("signed by the unknown platform key " + keyId + " (not a trusted simulated platform)");
        }
        try {
            Signature s = io.coalition.trust.Ecdsa.sha256();
            s.initVerify(key);
            s.update(e, 0, SimulatedAttester.SIGNED_LENGTH);
            if (!s.verify(e, 191, sigLen)) throw fail("the signature does not verify with platform key " + keyId);
        } catch (GeneralSecurityException ex) {
            throw new AttestationException(Check.EVIDENCE, "simulated evidence: the signature does not verify with platform key "
                    + keyId, ex);
        }
        return new Claims("sim", false, measurement, signer, productId, svn, (flags & 1) != 0, reportData,
                Map.of("platform-key", keyId));
    }

    private static byte[] take(ByteBuffer b, int offset, int n) {
        byte[] out = new byte[n];
        b.get(offset, out);
        return out;
    }

    private static AttestationException fail(String message) {
        return new AttestationException(Check.EVIDENCE, "simulated evidence: " + message);
    }
}
