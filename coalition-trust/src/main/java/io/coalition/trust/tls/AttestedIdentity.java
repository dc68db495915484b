package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.Attester;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.attestation.ReportData;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * The local side of an attested channel: an attester, its HPKE public key, a fresh TLS key pair (generated
 * here, never exported) and the participant certificate and key that sign the TLS certificates (seed 004,
 * section 4.2.1, CONF: the CCU signs its TLS certificate with its CA-certified ECDSA key).
 *
 * <p>For every handshake, {@link #chain(byte[])} issues a short-lived TLS certificate for the peer's nonce:
 * subject {@code CN=<participant CN> TLS}, issuer the participant certificate's subject, ECDSA P-256 key,
 * digitalSignature, not a CA, valid from now for the leaf validity (5 minutes unless set), carrying the
 * {@link AttestationExtension} whose evidence binds {@code ReportData(nonce, SHA-256(SPKI), HPKE key)};
 * the chain sent is {@code [TLS certificate, participant certificate]}.
 */
public final class AttestedIdentity {
    private final X509Certificate participant;
    private final PrivateKey participantKey;
    private final Attester attester;
    private final byte[] hpkePublicKey;
    private final KeyPair tlsKeys;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration leafValidity;

    public AttestedIdentity(X509Certificate participant, PrivateKey participantKey, Attester attester, byte[] hpkePublicKey,
                            Clock clock, SecureRandom random, Duration leafValidity) {
        this(participant, participantKey, attester, hpkePublicKey, newKeyPair(random), clock, random, leafValidity);
    }

    /** With a given TLS key pair (an enclave's, whose evidence it also binds elsewhere); it must be ECDSA P-256. */
    public AttestedIdentity(X509Certificate participant, PrivateKey participantKey, Attester attester, byte[] hpkePublicKey,
                            KeyPair tlsKeys, Clock clock, SecureRandom random, Duration leafValidity) {
        if (leafValidity.isNegative() || leafValidity.isZero()) throw new TrustException("attested TLS: leaf validity must be positive");
        this.participant = participant;
        this.participantKey = participantKey;
        this.attester = attester;
        this.hpkePublicKey = hpkePublicKey.clone();
        this.clock = clock;
        this.random = random;
        this.leafValidity = leafValidity;
        this.tlsKeys = tlsKeys;
    }

    public AttestedIdentity(X509Certificate participant, PrivateKey participantKey, Attester attester, byte[] hpkePublicKey,
                            Clock clock) {
        this(participant, participantKey, attester, hpkePublicKey, clock, new SecureRandom(), Duration.ofMinutes(5));
    }

    /** A fresh ECDSA P-256 key pair for TLS. */
    public static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TrustException("attested TLS: cannot generate a P-256 TLS key: " + e.getMessage(), e);
        }
    }

    public X509Certificate participantCertificate() {
        return participant;
    }

    public PublicKey tlsPublicKey() {
        return tlsKeys.getPublic();
    }

    public byte[] hpkePublicKey() {
        return hpkePublicKey.clone();
    }

    PrivateKey tlsPrivateKey() {
        return tlsKeys.getPrivate();
    }

    /** The certificate chain for a handshake answering {@code nonce}. */
    X509Certificate[] chain(byte[] nonce) {
        Evidence e = attester.attest(new ReportData(nonce, sha256(tlsKeys.getPublic().getEncoded()), hpkePublicKey).bytes());
        return new X509Certificate[] {leaf(tlsKeys.getPublic(), new AttestationExtension(nonce, hpkePublicKey, e),
                clock.instant()), participant};
    }

    /**
     * A key manager that presents this identity's TLS key as a TLS client, for protocols that attest at the
     * application level: the chain {@code [channel certificate, participant certificate]}, where the channel
     * certificate is a TLS certificate for {@link #tlsPublicKey()} issued and signed by the participant key like the
     * attested ones, but without evidence (the evidence travels in the protocol and binds this key; the peer checks
     * the chain with {@link ChannelChain#verify} and then that the evidence's key is the connection's). The
     * certificate is issued on first use for the leaf validity and re-issued once half of it has passed, so new
     * connections always present a currently valid one.
     */
    public javax.net.ssl.X509ExtendedKeyManager channelKeyManager() {
        return new ChannelKeyManager();
    }

    /** Test seam: a TLS certificate for any key, extension (none if null) and start time, signed by the participant key. */
    X509Certificate leaf(PublicKey key, AttestationExtension extension, Instant notBefore) {
        Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
        X500Name issuer = X500Name.getInstance(participant.getSubjectX500Principal().getEncoded());
        String cn = io.coalition.trust.pki.Enrollment.subject(issuer);
        try {
            var b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).setBit(63), Date.from(from),
                    Date.from(from.plus(leafValidity)), new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn + " TLS").build(), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (extension != null) b.addExtension(AttestationExtension.ASN1_OID, false, extension.encode());
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(participantKey)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new TrustException("attested TLS: cannot issue the TLS certificate: " + e.getMessage(), e);
        }
    }

    Attester attester() {
        return attester;
    }

    static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the channel certificate chain (see {@link #channelKeyManager()}) for client handshakes only. */
    private final class ChannelKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
        private static final String ALIAS = "channel";
        private X509Certificate[] chain;
        private Instant renewAt = Instant.MIN;

        private synchronized X509Certificate[] chain() {
            Instant now = clock.instant();
            if (chain == null || !now.isBefore(renewAt)) {
                chain = new X509Certificate[] {leaf(tlsKeys.getPublic(), null, now), participant};
                renewAt = now.plus(leafValidity.dividedBy(2));
            }
            return chain.clone();
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, java.security.Principal[] issuers, java.net.Socket socket) {
            return java.util.Arrays.asList(keyTypes).contains("EC") ? ALIAS : null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return chooseClientAlias(keyTypes, issuers, null);
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return "EC".equals(keyType) ? new String[] {ALIAS} : null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? tlsKeys.getPrivate() : null;
        }
    }
}
