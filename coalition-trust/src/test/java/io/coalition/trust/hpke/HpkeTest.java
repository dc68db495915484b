package io.coalition.trust.hpke;

import io.coalition.trust.TrustException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HpkeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    /**
     * Bouncy Castle stores X25519 private keys clamped (RFC 7748, section 5); the RFC prints them unclamped. Both
     * are the same key: X25519 clamps before use.
     */
    private static byte[] clamped(String sk) {
        byte[] k = hex(sk);
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        return k;
    }

    /** RFC 9180, appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode. */
    @Test
    void rfc9180AppendixA1() {
        Hpke hpke = new Hpke(Hpke.Aead.AES_128_GCM);
        Hpke.KeyPair ephemeral = hpke.deriveKeyPair(hex("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234"));
        assertThat(ephemeral.privateKey()).isEqualTo(clamped("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736"));
        assertThat(HEX.formatHex(ephemeral.publicKey())).isEqualTo("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
        Hpke.KeyPair recipient = hpke.deriveKeyPair(hex("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037"));
        assertThat(recipient.privateKey()).isEqualTo(clamped("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"));
        assertThat(HEX.formatHex(recipient.publicKey())).isEqualTo("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d");

        byte[] info = hex("4f6465206f6e2061204772656369616e2055726e");
        byte[] aad = hex("436f756e742d30");
        byte[] pt = hex("4265617574792069732074727574682c20747275746820626561757479");
        Hpke.Sealed sealed = hpke.seal(recipient.publicKey(), info, aad, pt, ephemeral);
        assertThat(HEX.formatHex(sealed.encapsulatedKey())).isEqualTo("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
        assertThat(HEX.formatHex(sealed.ciphertext()))
                .isEqualTo("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a");
        assertThat(hpke.open(recipient, sealed, info, aad)).isEqualTo(pt);
    }

    /** RFC 9180, appendix A.1.1, exported values: the recipient derives them from the encapsulated key. */
    @Test
    void exporterMatchesRfc9180AppendixA1() {
        Hpke hpke = new Hpke(Hpke.Aead.AES_128_GCM);
        Hpke.KeyPair recipient = hpke.deriveKeyPair(hex("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037"));
        byte[] enc = hex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
        byte[] info = hex("4f6465206f6e2061204772656369616e2055726e");
        assertThat(HEX.formatHex(hpke.export(recipient, enc, info, new byte[0], 32)))
                .isEqualTo("3853fe2b4035195a573ffc53856e77058e15d9ea064de3e59f4961d0095250ee");
        assertThat(HEX.formatHex(hpke.export(recipient, enc, info, hex("00"), 32)))
                .isEqualTo("2e8f0b54673c7029649d4eb9d5e33bf1872cf76d623ff164ac185da9e88c21a5");
        assertThat(HEX.formatHex(hpke.export(recipient, enc, info, hex("54657374436f6e74657874"), 32)))
                .isEqualTo("e9e43065102c3836401bed8c3c3c75ae46be1639869391d62c61f1ec7af54931");
    }

    @Test
    void exportedSecretAgreesOnlyWithTheSameKeyEncAndInfo() {
        Hpke.KeyPair recipient = Hpke.DEFAULT.generateKeyPair();
        Hpke.KeyPair other = Hpke.DEFAULT.generateKeyPair();
        byte[] info = "coalition/v1 session".getBytes();
        byte[] ctx = "session key".getBytes();
        Hpke.Exported sent = Hpke.DEFAULT.export(recipient.publicKey(), info, ctx, 32);
        assertThat(sent.toString()).contains("secret=(hidden)");
        assertThat(Hpke.DEFAULT.export(recipient, sent.encapsulatedKey(), info, ctx, 32)).isEqualTo(sent.secret());
        assertThat(Hpke.DEFAULT.export(other, sent.encapsulatedKey(), info, ctx, 32)).isNotEqualTo(sent.secret());
        assertThat(Hpke.DEFAULT.export(recipient, sent.encapsulatedKey(), "other".getBytes(), ctx, 32)).isNotEqualTo(sent.secret());
        byte[] enc = sent.encapsulatedKey();
        enc[5] ^= 1;
        assertThat(Hpke.DEFAULT.export(recipient, enc, info, ctx, 32)).isNotEqualTo(sent.secret());
        assertThatThrownBy(() -> Hpke.DEFAULT.export(recipient, new byte[32], info, ctx, 32))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("HPKE: the encapsulated key is not a valid X25519 public key");
    }

    @Test
    void aes256RoundTripWithFreshKeys() {
        Hpke.KeyPair recipient = Hpke.DEFAULT.generateKeyPair();
        byte[] pt = "case 17: diagnosis cardiac".getBytes(StandardCharsets.UTF_8);
        Hpke.Sealed a = Hpke.DEFAULT.seal(recipient.publicKey(), "info".getBytes(), "hdr".getBytes(), pt);
        Hpke.Sealed b = Hpke.DEFAULT.seal(recipient.publicKey(), "info".getBytes(), "hdr".getBytes(), pt);
        assertThat(a.encapsulatedKey()).isNotEqualTo(b.encapsulatedKey());
        assertThat(Hpke.DEFAULT.open(recipient, a, "info".getBytes(), "hdr".getBytes())).isEqualTo(pt);
    }

    @Test
    void everyTamperingFailsClosed() {
        Hpke.KeyPair recipient = Hpke.DEFAULT.generateKeyPair();
        Hpke.KeyPair other = Hpke.DEFAULT.generateKeyPair();
        byte[] info = "coalition/v1 to:abc purpose:log".getBytes();
        byte[] aad = "header".getBytes();
        Hpke.Sealed sealed = Hpke.DEFAULT.seal(recipient.publicKey(), info, aad, "secret".getBytes());
        String reason = "HPKE: the message does not open with this key, info and associated data";

        byte[] ct = sealed.ciphertext();
        ct[2] ^= 1;
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, new Hpke.Sealed(sealed.encapsulatedKey(), ct), info, aad))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        byte[] enc = sealed.encapsulatedKey();
        enc[0] ^= 1;
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, new Hpke.Sealed(enc, sealed.ciphertext()), info, aad))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        assertThatThrownBy(() -> Hpke.DEFAULT.open(other, sealed, info, aad))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, sealed, "coalition/v1 to:xyz purpose:log".getBytes(), aad))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, sealed, info, "header2".getBytes()))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        assertThatThrownBy(() -> new Hpke(Hpke.Aead.AES_128_GCM).open(recipient, sealed, info, aad))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        assertThatThrownBy(() -> Hpke.DEFAULT.seal(new byte[32], info, aad, new byte[1]))
                .isExactlyInstanceOf(TrustException.class).hasMessage("HPKE: the all-zero X25519 public key is invalid");
        assertThatThrownBy(() -> Hpke.DEFAULT.seal(new byte[31], info, aad, new byte[1]))
                .isExactlyInstanceOf(TrustException.class).hasMessage("HPKE: an X25519 public key has 32 bytes, got 31");
    }

    private static HPKE bouncyCastle(Hpke.Aead aead) {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256,
                aead == Hpke.Aead.AES_128_GCM ? HPKE.aead_AES_GCM128 : HPKE.aead_AES_GCM256);
    }

    /**
     * Issue 7: seal and open run the key schedule on JCA HMAC and the AEAD on the JDK's AES-GCM; Bouncy Castle's
     * HPKE (the implementation before) must open what they seal and they must open what it seals, byte for byte,
     * for both AEADs, empty to multi-block payloads, with and without info and associated data.
     */
    @ParameterizedTest(name = "{0}, {1} bytes, seed {2}")
    @CsvSource({"AES_256_GCM, 0, 1", "AES_256_GCM, 1, 2", "AES_256_GCM, 15, 3", "AES_256_GCM, 16, 4",
            "AES_256_GCM, 1000, 5", "AES_256_GCM, 400000, 6", "AES_128_GCM, 0, 7", "AES_128_GCM, 33, 8",
            "AES_128_GCM, 70000, 9"})
    void sealAndOpen_interoperateWithBouncyCastlesHpke(Hpke.Aead aead, int size, long seed) throws Exception {
        Random random = new Random(seed);
        byte[] pt = new byte[size];
        random.nextBytes(pt);
        byte[] info = new byte[(int) (seed % 3) * 20];
        random.nextBytes(info);
        byte[] aad = new byte[(int) (seed % 2) * 37];
        random.nextBytes(aad);
        Hpke ours = new Hpke(aead);
        HPKE bc = bouncyCastle(aead);
        Hpke.KeyPair recipient = ours.generateKeyPair();
        AsymmetricCipherKeyPair bcRecipient = bc.deserializePrivateKey(recipient.privateKey(), recipient.publicKey());

        // ours -> Bouncy Castle
        Hpke.Sealed sealed = ours.seal(recipient.publicKey(), info, aad, pt);
        assertThat(sealed.ciphertext()).hasSize(size + 16);
        assertThat(bc.setupBaseR(sealed.encapsulatedKey(), bcRecipient, info).open(aad, sealed.ciphertext())).isEqualTo(pt);

        // Bouncy Castle -> ours
        HPKEContextWithEncapsulation ctx = bc.setupBaseS(bc.deserializePublicKey(recipient.publicKey()), info);
        byte[] ct = ctx.seal(aad, pt);
        assertThat(ours.open(recipient, new Hpke.Sealed(ctx.getEncapsulation(), ct), info, aad)).isEqualTo(pt);

        // the same ephemeral key gives the very same bytes as Bouncy Castle
        Hpke.KeyPair ephemeral = ours.generateKeyPair();
        AsymmetricCipherKeyPair bcEphemeral = bc.deserializePrivateKey(ephemeral.privateKey(), ephemeral.publicKey());
        HPKEContextWithEncapsulation fixed = bc.setupBaseS(bc.deserializePublicKey(recipient.publicKey()), info, bcEphemeral);
        Hpke.Sealed same = ours.seal(recipient.publicKey(), info, aad, pt, ephemeral);
        assertThat(same.encapsulatedKey()).isEqualTo(fixed.getEncapsulation());
        assertThat(same.ciphertext()).isEqualTo(fixed.seal(aad, pt));
    }

    /** A low-order point as the recipient's key (all-zero DH output, RFC 9180 section 7.1.4) is refused, not used. */
    @Test
    void sealToALowOrderKey_isRefused() {
        byte[] lowOrder = new byte[32];
        lowOrder[0] = 1; // u = 1: a point of order 4 on Curve25519, X25519 with it is all zero
        assertThatThrownBy(() -> Hpke.DEFAULT.seal(lowOrder, new byte[0], new byte[0], new byte[1]))
                .isExactlyInstanceOf(TrustException.class).hasMessage("HPKE: cannot seal: X25519 agreement failed");
    }

    /** Tampering with the tag alone, or truncating the ciphertext below a tag, fails like any other change. */
    @Test
    void aFlippedTagByteOrATruncatedCiphertext_doesNotOpen() {
        Hpke.KeyPair recipient = Hpke.DEFAULT.generateKeyPair();
        Hpke.Sealed sealed = Hpke.DEFAULT.seal(recipient.publicKey(), new byte[0], new byte[0], new byte[100]);
        String reason = "HPKE: the message does not open with this key, info and associated data";
        byte[] ct = sealed.ciphertext();
        ct[ct.length - 1] ^= (byte) 0x80;
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, new Hpke.Sealed(sealed.encapsulatedKey(), ct), new byte[0], new byte[0]))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        byte[] shortCt = java.util.Arrays.copyOf(sealed.ciphertext(), 15);
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, new Hpke.Sealed(sealed.encapsulatedKey(), shortCt), new byte[0], new byte[0]))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
        assertThatThrownBy(() -> Hpke.DEFAULT.open(recipient, new Hpke.Sealed(new byte[31], sealed.ciphertext()), new byte[0], new byte[0]))
                .isExactlyInstanceOf(TrustException.class).hasMessage(reason);
    }
}
