package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

/**
 * Reviews certificate requests against the {@link ParticipantRegistry} and passes approved ones to the
 * {@link CertificateAuthority}. A request is approved when its signature verifies with the key it carries
 * (proof of possession), its subject is registered, and every requested attribute is approved for that
 * subject: identification number, role, country and (when requested) organization equal the registered
 * values, each requested participant type is among the registered ones, and idCheck=true only if registered so.
 */
public final class RegistrationAuthority {
    private final ParticipantRegistry registry;
    private final CertificateAuthority ca;
    private final Duration validity;

    /** An RA in front of {@code ca}; certificates it obtains are valid for {@code validity} (seed 004: one year). */
    public RegistrationAuthority(ParticipantRegistry registry, CertificateAuthority ca, Duration validity) {
        this.registry = registry;
        this.ca = ca;
        this.validity = validity;
    }

    /** Checks the request; returns the (approved) requested attributes or fails naming the first unapproved one. */
    public ParticipantAttributes review(PKCS10CertificationRequest csr) {
        if (!CertificateAuthority.isP256(csr.getSubjectPublicKeyInfo().getAlgorithm())) {
            throw new TrustException("RA: the CSR for " + csr.getSubject() + " has "
                    + CertificateAuthority.describe(csr.getSubjectPublicKeyInfo().getAlgorithm())
                    + "; participant keys must be ECDSA P-256");
        }
        if (!Enrollment.signatureValid(csr)) {
            throw new TrustException("RA: the CSR for " + csr.getSubject()
                    + " is not signed by the key it carries (no proof of possession)");
        }
        String subject = Enrollment.subject(csr.getSubject());
        ParticipantAttributes requested = Enrollment.requestedAttributes(csr);
        ParticipantAttributes approved = registry.approved(subject).orElseThrow(() ->
                new TrustException("RA: subject \"" + subject + "\" is not in the registry of approved participants"));
        same(subject, "identificationNumber", requested.identificationNumber(), approved.identificationNumber());
        same(subject, "role", requested.role(), approved.role());
        same(subject, "country", requested.country(), approved.country());
        if (requested.organization() != null) {
            same(subject, "organization", requested.organization(), approved.organization());
        }
        for (ParticipantType t : requested.participantTypes()) {
            if (!approved.participantTypes().contains(t)) {
                throw new TrustException("RA: participant type \"" + t.label() + "\" requested for \"" + subject
                        + "\" is not approved (the registry has " + approved.participantTypes() + ")");
            }
        }
        if (requested.idCheck() && !approved.idCheck()) {
            throw new TrustException("RA: attribute idCheck=true requested for \"" + subject
                    + "\" is not approved (the registry has idCheck=false)");
        }
        return requested;
    }

    /** Reviews the request and, when approved, has the CA issue the certificate. */
    public X509Certificate enroll(PKCS10CertificationRequest csr) {
        return ca.issue(csr, review(csr), validity);
    }

    private static void same(String subject, String attribute, String requested, String approved) {
        if (!Objects.equals(requested, approved)) {
            throw new TrustException("RA: attribute " + attribute + "=\"" + requested + "\" requested for \"" + subject
                    + "\" is not approved (the registry has " + (approved == null ? "none" : "\"" + approved + "\"") + ")");
        }
    }
}
