package io.coalition.decisions.replica;

import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;

/**
 * The CCU service's ECDSA P-256 signing key, derived from the shared seed (seed 004, CONF: every replica holding
 * the seed has the same keys): d = (HKDF-SHA256(seed, salt "coalition-decisions/ccu/v1", info "signing", 48 bytes)
 * mod (n - 1)) + 1, the FIPS 186-5 A.2.1 construction (64 extra bits make the bias negligible). The HPKE key and
 * record keys come from the same seed inside {@link io.coalition.decisions.ccu.Ccu}.
 */
final class ServiceKeys {
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");

    private ServiceKeys() {
    }

    static KeyPair signing(byte[] seed) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(seed, "coalition-decisions/ccu/v1".getBytes(StandardCharsets.US_ASCII),
                "signing".getBytes(StandardCharsets.US_ASCII)));
        byte[] okm = new byte[48];
        hkdf.generateBytes(okm, 0, okm.length);
        BigInteger n = P256.getN();
        BigInteger d = new BigInteger(1, okm).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        ECPoint q = new FixedPointCombMultiplier().multiply(P256.getG(), d).normalize();
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            KeyFactory kf = KeyFactory.getInstance("EC");
            return new KeyPair(kf.generatePublic(new ECPublicKeySpec(new java.security.spec.ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), spec)),
                    kf.generatePrivate(new ECPrivateKeySpec(d, spec)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
