package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * The {@code sim} backend: evidence signed by a software platform key, NOT by hardware. Anyone holding that
 * key can forge evidence, and nothing protects the enclave's memory, so a {@link Verifier} accepts it only when
 * {@link ReferenceValues#simulationAllowed()} and never reports it as hardware-backed. Use it for demos, tests
 * and machines without a TEE.
 *
 * <p>Evidence layout ({@link Evidence#SIMULATED}), integers big-endian:
 * <pre>
 *   0    24  magic "COALITION-SIM-EVIDENCE/1"
 *   24   32  measurement (SHA-256 of the enclave application artifact)
 *   56   32  signer
 *   88    2  product id
 *   90    2  security version
 *   92    1  flags: bit 0 debug
 *   93   64  report data
 *   157  32  platform key id: SHA-256 of the platform key's SubjectPublicKeyInfo
 *   189   2  signature length n
 *   191   n  ECDSA P-256 / SHA-256 signature (DER) by the platform key over bytes 0..188
 * </pre>
 */
public final class SimulatedAttester implements Attester {
    static final byte[] MAGIC = "COALITION-SIM-EVIDENCE/1".getBytes(StandardCharsets.US_ASCII);
    static final int SIGNED_LENGTH = 189;

    /**
     * The simulated enclave's identity.
     *
     * @param measurement SHA-256 of the enclave application artifact (32 bytes)
     * @param signer      32 bytes identifying who released the artifact
     * @param productId   0 to 65535
     * @param svn         security version, 0 to 65535
     * @param debug       whether the simulated enclave declares itself debuggable
     */
    public record Identity(byte[] measurement, byte[] signer, int productId, int svn, boolean debug) {
        public Identity {
            if (measurement.length != 32) throw new TrustException("sim identity: measurement has " + measurement.length + " bytes, expected 32");
            if (signer.length != 32) throw new TrustException("sim identity: signer has " + signer.length + " bytes, expected 32");
            if (productId < 0 || productId > 0xffff) throw new TrustException("sim identity: product id " + productId + " is not 0 to 65535");
            if (svn < 0 || svn > 0xffff) throw new TrustException("sim identity: svn " + svn + " is not 0 to 65535");
            measurement = measurement.clone();
            signer = signer.clone();
        }

        @Override
        public byte[] measurement() {
            return measurement.clone();
        }

        @Override
        public byte[] signer() {
            return signer.clone();
        }
    }

    private final KeyPair platformKey;
    private final java.security.PrivateKey signingKey; // prepared once for Ecdsa
    private final byte[] platformKeyHash;
    private final Identity identity;

    /** An attester for {@code identity} signing with the simulated platform's P-256 key. */
    public SimulatedAttester(KeyPair platformKey, Identity identity) {
        if (!(platformKey.getPublic() instanceof ECPublicKey)) {
            throw new TrustException("sim attester: the platform key must be ECDSA P-256");
        }
        this.platformKey = platformKey;
        this.signingKey = io.coalition.trust.Ecdsa.prepare(platformKey.getPrivate());
        this.platformKeyHash = ReportData.sha256(platformKey.getPublic().getEncoded());
        this.identity = identity;
    }

    @Override
    public String mediaType() {
        return Evidence.SIMULATED;
    }

    @Override
    public Evidence attest(byte[] reportData) {
        if (reportData.length != 64) throw new TrustException("sim attester: report data has " + reportData.length + " bytes, expected 64");
        ByteBuffer b = ByteBuffer.allocate(SIGNED_LENGTH);
        b.put(MAGIC).put(identity.measurement()).put(identity.signer()).putShort((short) identity.productId())
                .putShort((short) identity.svn()).put((byte) (identity.debug() ? 1 : 0)).put(reportData)
                .put(platformKeyHash);
        byte[] signed = b.array();
        byte[] sig;
        try {
            Signature s = io.coalition.trust.Ecdsa.sha256();
            s.initSign(signingKey);
            s.update(signed);
            sig = s.sign();
        } catch (GeneralSecurityException e) {
            throw new TrustException("sim attester: cannot sign the evidence: " + e.getMessage(), e);
        }
        return new Evidence(Evidence.SIMULATED, ByteBuffer.allocate(SIGNED_LENGTH + 2 + sig.length).put(signed)
                .putShort((short) sig.length).put(sig).array());
    }
}
