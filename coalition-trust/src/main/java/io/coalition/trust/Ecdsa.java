package io.coalition.trust;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * SHA256withECDSA (ASN.1 DER signatures, any EC key, JDK or Bouncy Castle) computed by Bouncy Castle: on Java 17
 * its P-256 verification is several times faster than the JDK's and signing a little faster, and the signatures are
 * the same algorithm, so either side can check the other's. The provider is built once (it is expensive to build)
 * and never registered globally.
 *
 * <p>P-256 keys take Bouncy Castle's lightweight API directly, on one shared set of curve parameters: its JCA
 * provider converts a key into new curve objects at every {@code initSign}/{@code initVerify}, and so recomputes the
 * generator's fixed-point table for every signature (issue 6: about 40% of the protocol's ECDSA time). A key used
 * many times can also be {@link #prepare(PublicKey) prepared} once, which keeps the verification table of its point.
 * Other curves go through Bouncy Castle's JCA provider unchanged.
 *
 * <p>The message is hashed with the JDK's SHA-256 (issue 7): it uses the CPU's SHA extensions where there are
 * some, Bouncy Castle's {@code SHA256Digest} is plain Java, and a CCU response signed here can be megabytes.
 */
public final class Ecdsa {
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ecdsa() {
    }

    /** A fresh {@code SHA256withECDSA} signature object (not thread-safe, like every {@link Signature}). */
    public static Signature sha256() {
        return new Sha256();
    }

    /**
     * The same key, converted once for {@link #sha256()}: verifications with it reuse its point's precomputed
     * multiples. Still an {@link ECPublicKey} (same encoding), so any other signature object accepts it too.
     * A key that is not P-256 is returned as is.
     */
    public static PublicKey prepare(PublicKey key) {
        if (key instanceof PreparedPublic || !(key instanceof ECPublicKey ec) || !P256.matches(ec.getParams())) return key;
        return new PreparedPublic(ec, P256.point(ec.getW()));
    }

    /** As {@link #prepare(PublicKey)} for a signing key (converted once; signing needs no per-key table). */
    public static PrivateKey prepare(PrivateKey key) {
        if (key instanceof PreparedPrivate || !(key instanceof ECPrivateKey ec) || !P256.matches(ec.getParams())) return key;
        return new PreparedPrivate(ec, new ECPrivateKeyParameters(ec.getS(), P256.DOMAIN));
    }

    /** The JDK's SHA-256 (SUN provider: intrinsified), whichever provider is registered first for it. */
    private static MessageDigest sha256Digest() {
        try {
            try {
                return MessageDigest.getInstance("SHA-256", "SUN");
            } catch (java.security.NoSuchProviderException e) {
                return MessageDigest.getInstance("SHA-256"); // a JDK without SUN (none we know of)
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** P-256's parameters, built once: the generator keeps its fixed-point comb for every later signature. */
    private static final class P256 {
        static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
        static final ECDomainParameters DOMAIN = new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH(), X9.getSeed());
        static final BigInteger P = X9.getCurve().getField().getCharacteristic();
        static final BigInteger A = X9.getCurve().getA().toBigInteger();
        static final BigInteger B = X9.getCurve().getB().toBigInteger();
        static final BigInteger GX = X9.getG().getAffineXCoord().toBigInteger();
        static final BigInteger GY = X9.getG().getAffineYCoord().toBigInteger();

        static boolean matches(ECParameterSpec s) {
            return s != null && s.getCurve().getField() instanceof ECFieldFp f && f.getP().equals(P)
                    && s.getCurve().getA().equals(A) && s.getCurve().getB().equals(B) && s.getOrder().equals(X9.getN())
                    && s.getCofactor() == 1 && s.getGenerator().getAffineX().equals(GX) && s.getGenerator().getAffineY().equals(GY);
        }

        /** The public point on the shared curve; refused unless it is a valid point of P-256 (BC validates it). */
        static ECPublicKeyParameters point(ECPoint w) {
            return new ECPublicKeyParameters(DOMAIN.getCurve().createPoint(w.getAffineX(), w.getAffineY()), DOMAIN);
        }
    }

    private record PreparedPublic(ECPublicKey key, ECPublicKeyParameters params) implements ECPublicKey {
        @Override
        public ECPoint getW() {
            return key.getW();
        }

        @Override
        public String getAlgorithm() {
            return key.getAlgorithm();
        }

        @Override
        public String getFormat() {
            return key.getFormat();
        }

        @Override
        public byte[] getEncoded() {
            return key.getEncoded();
        }

        @Override
        public ECParameterSpec getParams() {
            return key.getParams();
        }
    }

    private record PreparedPrivate(ECPrivateKey key, ECPrivateKeyParameters params) implements ECPrivateKey {
        @Override
        public BigInteger getS() {
            return key.getS();
        }

        @Override
        public String getAlgorithm() {
            return key.getAlgorithm();
        }

        @Override
        public String getFormat() {
            return key.getFormat();
        }

        @Override
        public byte[] getEncoded() {
            return key.getEncoded();
        }

        @Override
        public ECParameterSpec getParams() {
            return key.getParams();
        }

        @Override
        public String toString() {
            return "PreparedPrivate[" + key.getAlgorithm() + "]"; // never the scalar
        }
    }

    /**
     * SHA256withECDSA: P-256 keys through {@link ECDSASigner} on {@link P256#DOMAIN} (random k, DER as
     * {@link StandardDSAEncoding}, exactly what Bouncy Castle's JCA signature does), other keys through its provider.
     */
    private static final class Sha256 extends Signature {
        private final MessageDigest digest = sha256Digest();
        private ECPublicKeyParameters verifyKey;
        private ECPrivateKeyParameters signKey;
        private Signature other;

        Sha256() {
            super("SHA256withECDSA");
        }

        private Signature other() throws GeneralSecurityException {
            return Signature.getInstance("SHA256withECDSA", BC);
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            reset(null, null);
            if (publicKey instanceof PreparedPublic p) {
                verifyKey = p.params();
            } else if (publicKey instanceof ECPublicKey ec && P256.matches(ec.getParams())) {
                try {
                    verifyKey = P256.point(ec.getW());
                } catch (IllegalArgumentException e) {
                    throw new InvalidKeyException("not a point of P-256: " + e.getMessage(), e);
                }
            } else {
                try {
                    other = other();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Bouncy Castle has no SHA256withECDSA", e);
                }
                other.initVerify(publicKey);
            }
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            reset(null, null);
            if (privateKey instanceof PreparedPrivate p) {
                signKey = p.params();
            } else if (privateKey instanceof ECPrivateKey ec && P256.matches(ec.getParams())) {
                signKey = new ECPrivateKeyParameters(ec.getS(), P256.DOMAIN);
            } else {
                try {
                    other = other();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Bouncy Castle has no SHA256withECDSA", e);
                }
                if (appRandom != null) other.initSign(privateKey, appRandom);
                else other.initSign(privateKey);
            }
        }

        private void reset(ECPublicKeyParameters v, ECPrivateKeyParameters s) {
            verifyKey = v;
            signKey = s;
            other = null;
            digest.reset();
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            if (other != null) other.update(b);
            else digest.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            if (other != null) other.update(b, off, len);
            else digest.update(b, off, len);
        }

        private byte[] hash() {
            return digest.digest(); // resets the digest for the next message
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (other != null) return other.sign();
            if (signKey == null) throw new SignatureException("not initialised for signing");
            ECDSASigner signer = new ECDSASigner();
            signer.init(true, new ParametersWithRandom(signKey, appRandom != null ? appRandom : RANDOM));
            BigInteger[] rs = signer.generateSignature(hash());
            try {
                return StandardDSAEncoding.INSTANCE.encode(P256.DOMAIN.getN(), rs[0], rs[1]);
            } catch (java.io.IOException e) {
                throw new SignatureException("cannot encode the signature: " + e.getMessage(), e);
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            if (other != null) return other.verify(sigBytes);
            if (verifyKey == null) throw new SignatureException("not initialised for verification");
            byte[] h = hash();
            BigInteger[] rs;
            try {
                rs = StandardDSAEncoding.INSTANCE.decode(P256.DOMAIN.getN(), sigBytes);
            } catch (Exception e) {
                // the same refusal (and message) as Bouncy Castle's JCA signature
                throw new SignatureException("error decoding signature bytes.");
            }
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, verifyKey);
            return verifier.verifySignature(h, rs[0], rs[1]);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("SHA256withECDSA takes no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("SHA256withECDSA takes no parameters");
        }
    }
}
