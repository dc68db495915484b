package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.pki.ParticipantAttributes;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

import java.io.IOException;
import java.security.cert.X509Certificate;

/**
 * The X.509 extension that carries attestation evidence in an attested-TLS certificate.
 *
 * <p>OID {@value #OID}: Coalition's private arc ({@link ParticipantAttributes#ARC}, an X.667 UUID OID that needs
 * no registration) + {@code .10}. Non-critical, like Gramine's RA-TLS extension: a relying party that does not
 * understand it has no attestation and must not trust the certificate for that, and Coalition's trust manager
 * requires it. Value (DER):
 * <pre>
 *   AttestationEvidence ::= SEQUENCE {
 *     version       INTEGER (1),
 *     nonce         OCTET STRING,   -- the nonce the evidence answers
 *     hpkePublicKey OCTET STRING,   -- the attester's HPKE (X25519) public key
 *     evidence      OCTET STRING }  -- Evidence.encode()
 * </pre>
 * The TLS key is the certificate's own SubjectPublicKeyInfo; the evidence's report data must be
 * {@code ReportData(nonce, SHA-256(SPKI), hpkePublicKey)}.
 */
public record AttestationExtension(byte[] nonce, byte[] hpkePublicKey, Evidence evidence) {
    public static final String OID = ParticipantAttributes.ARC + ".10";
    static final ASN1ObjectIdentifier ASN1_OID = new ASN1ObjectIdentifier(OID);

    public AttestationExtension {
        nonce = nonce.clone();
        hpkePublicKey = hpkePublicKey.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] hpkePublicKey() {
        return hpkePublicKey.clone();
    }

    /** The DER extension value. */
    public byte[] encode() {
        try {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(1),
                    new DEROctetString(nonce), new DEROctetString(hpkePublicKey), new DEROctetString(evidence.encode())})
                    .getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the extension from a certificate.
     *
     * @throws TrustException when the certificate has none or it is malformed
     */
    public static AttestationExtension of(X509Certificate certificate) {
        byte[] raw = certificate.getExtensionValue(OID);
        String who = "certificate " + certificate.getSubjectX500Principal().getName();
        if (raw == null) throw new TrustException(who + " carries no attestation evidence extension (" + OID + ")");
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(ASN1OctetString.getInstance(raw).getOctets());
            if (s.size() != 4) throw new TrustException(who + ": attestation extension has " + s.size() + " fields, expected 4");
            int version = ASN1Integer.getInstance(s.getObjectAt(0)).intValueExact();
            if (version != 1) throw new TrustException(who + ": attestation extension version " + version + ", expected 1");
            return new AttestationExtension(ASN1OctetString.getInstance(s.getObjectAt(1)).getOctets(),
                    ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets(),
                    Evidence.decode(ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets()));
        } catch (TrustException e) {
            throw e.getMessage().startsWith(who) ? e : new TrustException(who + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TrustException(who + ": malformed attestation extension: " + e.getMessage(), e);
        }
    }
}
