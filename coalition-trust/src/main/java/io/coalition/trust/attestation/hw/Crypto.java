package io.coalition.trust.attestation.hw;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.HexFormat;

/** JDK crypto helpers for raw (r||s, x||y) encodings used by the TEE formats. */
final class Crypto {
    private Crypto() {
    }

    static ECParameterSpec curve(String name) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks curve " + name, e);
        }
    }

    /** An EC public key from raw big-endian x||y, or null when the point is not on the curve. */
    static ECPublicKey ecKey(byte[] xy, ECParameterSpec spec) {
        int n = xy.length / 2;
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(xy, 0, n));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(xy, n, xy.length));
        if (!onCurve(x, y, spec.getCurve())) return null;
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    // Checked by hand so that an invalid-curve point is refused whatever provider is installed.
    private static boolean onCurve(BigInteger x, BigInteger y, EllipticCurve curve) {
        BigInteger p = ((java.security.spec.ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) return false;
        BigInteger rhs = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.pow(2).mod(p).equals(rhs);
    }

    /** Verifies a raw r||s ECDSA signature; false for any malformed key or signature. */
    static boolean verifyP1363(String algorithm, PublicKey key, byte[] data, byte[] rs) {
        try {
            Signature s = Signature.getInstance(algorithm + "inP1363Format");
            s.initVerify(key);
            s.update(data);
            return s.verify(rs);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) d.update(p);
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(sha256(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            return "unencodable";
        }
    }

    static boolean verifiedBy(X509Certificate cert, PublicKey issuerKey) {
        try {
            cert.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) return part.substring(3);
        }
        return dn;
    }
}
