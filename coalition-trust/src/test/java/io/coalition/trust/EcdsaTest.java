package io.coalition.trust;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 6: Bouncy Castle's lightweight P-256 path behind {@link Ecdsa} is the same SHA256withECDSA as the JDK's. */
class EcdsaTest {
    private static final byte[] MESSAGE = "coalition release manifest".getBytes(StandardCharsets.UTF_8);

    private static KeyPair keys(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static byte[] sign(Signature s, PrivateKey key, byte[] message) throws Exception {
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    private static boolean verify(Signature s, PublicKey key, byte[] message, byte[] signature) throws Exception {
        s.initVerify(key);
        s.update(message);
        return s.verify(signature);
    }

    @Test
    void interoperatesWithTheJdkBothWaysPreparedOrNot() throws Exception {
        KeyPair k = keys("secp256r1");
        for (PrivateKey priv : new PrivateKey[]{k.getPrivate(), Ecdsa.prepare(k.getPrivate())}) {
            byte[] ours = sign(Ecdsa.sha256(), priv, MESSAGE);
            assertThat(verify(Signature.getInstance("SHA256withECDSA"), k.getPublic(), MESSAGE, ours)).isTrue();
        }
        byte[] jdk = sign(Signature.getInstance("SHA256withECDSA"), k.getPrivate(), MESSAGE);
        PublicKey prepared = Ecdsa.prepare(k.getPublic());
        assertThat(verify(Ecdsa.sha256(), k.getPublic(), MESSAGE, jdk)).isTrue();
        assertThat(verify(Ecdsa.sha256(), prepared, MESSAGE, jdk)).isTrue();
        // one object, reused for many messages (the digest restarts after each sign/verify)
        Signature reused = Ecdsa.sha256();
        for (int i = 0; i < 5; i++) {
            byte[] m = ("message " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(verify(reused, prepared, m, sign(Ecdsa.sha256(), k.getPrivate(), m))).isTrue();
        }
        // a prepared key is still the same EC key for anyone else
        assertThat(prepared).isInstanceOf(ECPublicKey.class);
        assertThat(prepared.getEncoded()).isEqualTo(k.getPublic().getEncoded());
        assertThat(verify(Signature.getInstance("SHA256withECDSA"), prepared, MESSAGE, jdk)).isTrue();
    }

    @Test
    void refusesAFlippedByteAnotherKeyAndAnotherMessage() throws Exception {
        KeyPair k = keys("secp256r1");
        PublicKey prepared = Ecdsa.prepare(k.getPublic());
        byte[] sig = sign(Ecdsa.sha256(), k.getPrivate(), MESSAGE);
        byte[] flippedMessage = MESSAGE.clone();
        flippedMessage[3] ^= 1;
        assertThat(verify(Ecdsa.sha256(), prepared, flippedMessage, sig)).isFalse();
        assertThat(verify(Ecdsa.sha256(), Ecdsa.prepare(keys("secp256r1").getPublic()), MESSAGE, sig)).isFalse();
        // a flipped byte in s (the last byte of the DER) is a valid encoding of another signature: refused
        byte[] flippedS = sig.clone();
        flippedS[flippedS.length - 1] ^= 1;
        assertThat(verify(Ecdsa.sha256(), prepared, MESSAGE, flippedS)).isFalse();
        // a broken DER header is refused as Bouncy Castle's JCA signature refuses it
        byte[] badDer = sig.clone();
        badDer[0] = 0x31;
        assertThatThrownBy(() -> verify(Ecdsa.sha256(), prepared, MESSAGE, badDer))
                .isInstanceOf(SignatureException.class).hasMessage("error decoding signature bytes.");
    }

    @Test
    void otherCurvesGoThroughBouncyCastlesProvider() throws Exception {
        KeyPair k = keys("secp384r1");
        assertThat(Ecdsa.prepare(k.getPublic())).isSameAs(k.getPublic());
        byte[] sig = sign(Ecdsa.sha256(), k.getPrivate(), MESSAGE);
        assertThat(verify(Signature.getInstance("SHA256withECDSA"), k.getPublic(), MESSAGE, sig)).isTrue();
        assertThat(verify(Ecdsa.sha256(), k.getPublic(), MESSAGE, sig)).isTrue();
        assertThat(verify(Ecdsa.sha256(), k.getPublic(), "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }
}
