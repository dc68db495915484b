package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * The participant's side of enrollment: a key pair and a PKCS#10 request whose extensionRequest attribute
 * (PKCS#9, 1.2.840.113549.1.9.14) carries the requested attributes as a SubjectDirectoryAttributes extension.
 * The request is signed with the participant's key, which proves possession of it.
 */
public final class Enrollment {
    private Enrollment() {
    }

    /** A fresh ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() {
        return CertificateAuthority.newKeyPair();
    }

    /** A CSR for {@code CN=subject} and the key pair's public key, requesting {@code requested}. */
    public static PKCS10CertificationRequest request(KeyPair keys, String subject, ParticipantAttributes requested) {
        if (subject == null || subject.isBlank()) throw new TrustException("enrollment: the subject is empty");
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, subject.strip()).build();
        return new JcaPKCS10CertificationRequestBuilder(name, keys.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        new Extensions(requested.extension()))
                .build(CertificateAuthority.signer(keys.getPrivate()));
    }

    /** The attributes the CSR requests; fails when it requests none or they are malformed. */
    public static ParticipantAttributes requestedAttributes(PKCS10CertificationRequest csr) {
        Attribute[] requests = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (requests.length != 1 || requests[0].getAttrValues().size() != 1) {
            throw new TrustException("CSR for " + subject(csr.getSubject()) + ": expected one extensionRequest, found "
                    + requests.length);
        }
        Extensions extensions;
        try {
            ASN1Encodable value = requests[0].getAttrValues().getObjectAt(0);
            extensions = Extensions.getInstance(value);
        } catch (RuntimeException e) {
            throw new TrustException("CSR for " + subject(csr.getSubject()) + ": malformed extensionRequest: " + e.getMessage(), e);
        }
        Extension sda = extensions.getExtension(Extension.subjectDirectoryAttributes);
        if (sda == null) {
            throw new TrustException("CSR for " + subject(csr.getSubject()) + ": requests no subject directory attributes");
        }
        return ParticipantAttributes.decode(sda.getExtnValue().getOctets());
    }

    /** The common name of a subject ({@code CN=Central Medical Hub} gives {@code Central Medical Hub}). */
    public static String subject(X500Name name) {
        RDN[] cns = name.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            throw new TrustException("subject " + name + ": expected exactly one common name (CN)");
        }
        return IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    /** Whether the CSR carries an ECDSA P-256 key and is signed by it (proof of possession). */
    static boolean signatureValid(PKCS10CertificationRequest csr) {
        if (!CertificateAuthority.isP256(csr.getSubjectPublicKeyInfo().getAlgorithm())) return false;
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (Exception e) {
            return false;
        }
    }
}
