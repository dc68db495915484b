package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a participant certificate against the CA before any interaction (seed 004, Table II) and returns the
 * attributes it attests. The checks, in this order, each failing closed with its own reason: issued by this CA
 * and signed with its key; within its validity period (and the CA's); not revoked according to the CA's current
 * CRL (itself signed by the CA and current); a participant (end-entity) certificate whose key usage includes
 * digitalSignature and whose key is ECDSA P-256; no unknown critical extension; well-formed subject directory
 * attributes.
 */
public final class CertificateValidator {
    /**
     * How far a CRL's thisUpdate may lie ahead of the validator's clock: X.509 times are whole seconds and the CA
     * may sign a fresh CRL a moment after the validator read its clock (or on a host whose clock runs slightly
     * ahead), which is not evidence of a forged list. Anything further ahead is refused.
     */
    public static final java.time.Duration CRL_CLOCK_SKEW = java.time.Duration.ofMinutes(1);

    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(Extension.basicConstraints.getId(),
            Extension.keyUsage.getId());
    private final X509Certificate ca;
    private final Supplier<X509CRL> crl;
    /** The last CRL instance whose signature verified with the CA's key. */
    private volatile X509CRL verifiedCrl;
    /** Participant certificates whose CA signature verified: a request-per-request validation verifies each once. */
    private final VerifiedSignatures signatures = new VerifiedSignatures(4096);

    /** A validator trusting {@code caCertificate} and asking {@code crl} for its current CRL on every validation. */
    public CertificateValidator(X509Certificate caCertificate, Supplier<X509CRL> crl) {
        this.ca = caCertificate;
        this.crl = crl;
    }

    /** A validator for this CA, using a fresh {@link CertificateAuthority#crl()} for each validation. */
    public static CertificateValidator of(CertificateAuthority authority) {
        return new CertificateValidator(authority.certificate(), authority::crl);
    }

    /** How many certificate signatures this validator actually verified (each distinct certificate once). */
    public long signatureVerifications() {
        return signatures.verifications();
    }

    /** Validates {@code certificate} at the clock's now; see the class comment for the checks. */
    public ParticipantAttributes validate(X509Certificate certificate, Clock clock) {
        String who = "certificate " + certificate.getSerialNumber() + " (" + certificate.getSubjectX500Principal().getName() + ")";
        String caName = ca.getSubjectX500Principal().getName();
        // 1. chain
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new TrustException(who + ": issued by " + certificate.getIssuerX500Principal().getName()
                    + ", not by the trusted CA " + caName);
        }
        // remembered per certificate (its DER) and key; validity, CRL and revocation are checked on every call
        if (!signatures.verifies(certificate, ca.getPublicKey())) {
            throw new TrustException(who + ": signature does not verify with the key of the CA " + caName);
        }
        // 2. validity
        Instant now = clock.instant();
        Instant from = certificate.getNotBefore().toInstant();
        Instant to = certificate.getNotAfter().toInstant();
        if (now.isBefore(from)) {
            throw new TrustException(who + ": not yet valid (valid from " + from + " to " + to + ", now " + now + ")");
        }
        if (now.isAfter(to)) {
            throw new TrustException(who + ": expired on " + to + " (valid from " + from + " to " + to + ", now " + now + ")");
        }
        Instant caFrom = ca.getNotBefore().toInstant();
        Instant caTo = ca.getNotAfter().toInstant();
        if (now.isBefore(caFrom) || now.isAfter(caTo)) {
            throw new TrustException(who + ": the CA certificate " + caName + " is not valid now (valid from " + caFrom
                    + " to " + caTo + ", now " + now + ")");
        }
        // 3. revocation
        X509CRL list = crl.get();
        if (list == null) throw new TrustException(who + ": no CRL from the CA " + caName + "; cannot check revocation");
        if (!list.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new TrustException(who + ": the CRL is issued by " + list.getIssuerX500Principal().getName()
                    + ", not by the CA " + caName);
        }
        // a CRL object is immutable: the one whose signature verified last need not be verified again (a CCU checks
        // every request against the same current CRL); any other list, even an equal copy, is verified
        if (list != verifiedCrl) {
            try {
                list.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new TrustException(who + ": the CRL's signature does not verify with the key of the CA " + caName);
            }
            verifiedCrl = list;
        }
        Instant thisUpdate = list.getThisUpdate().toInstant();
        if (thisUpdate.isAfter(now.plus(CRL_CLOCK_SKEW))) {
            throw new TrustException(who + ": the CRL was issued at " + thisUpdate + ", in the future (now " + now + ")");
        }
        if (list.getNextUpdate() == null || list.getNextUpdate().toInstant().isBefore(now)) {
            throw new TrustException(who + ": the CRL is stale (next update " + (list.getNextUpdate() == null ? "missing"
                    : list.getNextUpdate().toInstant()) + ", now " + now + ")");
        }
        X509CRLEntry entry = list.getRevokedCertificate(certificate.getSerialNumber());
        if (entry != null) {
            throw new TrustException(who + ": revoked on " + entry.getRevocationDate().toInstant() + " (reason: "
                    + (entry.getRevocationReason() == null ? "unspecified" : entry.getRevocationReason()) + ")");
        }
        // 4. purpose and key
        if (certificate.getBasicConstraints() != -1) {
            throw new TrustException(who + ": is a CA certificate, not a participant certificate");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null || !usage[0]) {
            throw new TrustException(who + ": key usage does not include digitalSignature");
        }
        if (!CertificateAuthority.isP256(SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getAlgorithm())) {
            throw new TrustException(who + ": the key is not ECDSA P-256");
        }
        Set<String> critical = certificate.getCriticalExtensionOIDs() == null ? Set.of()
                : new HashSet<>(certificate.getCriticalExtensionOIDs());
        critical.removeAll(UNDERSTOOD_CRITICAL);
        if (!critical.isEmpty()) {
            throw new TrustException(who + ": unknown critical extension " + critical);
        }
        // 5. attributes
        byte[] value = certificate.getExtensionValue(Extension.subjectDirectoryAttributes.getId());
        if (value == null) {
            throw new TrustException(who + ": carries no subject directory attributes (2.5.29.9)");
        }
        try {
            return ParticipantAttributes.decode(ASN1OctetString.getInstance(value).getOctets());
        } catch (TrustException e) {
            throw new TrustException(who + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TrustException(who + ": malformed subject directory attributes: " + e.getMessage(), e);
        }
    }
}
