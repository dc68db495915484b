package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Attribute;
import org.bouncycastle.asn1.x509.Extension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The attributes a participant certificate attests (seed 004, Listing 1), carried in the X.509
 * SubjectDirectoryAttributes extension (OID 2.5.29.9, RFC 5280 section 4.2.1.8, non-critical).
 *
 * <p>Attribute types: {@code country} is {@code id-at-countryName} (2.5.4.6, a PrintableString with the
 * ISO 3166-1 alpha-2 code), {@code organization} is {@code id-at-organizationName} (2.5.4.10, UTF8String).
 * The others have no standard type and live under Coalition's private arc {@value #ARC}, an OID derived from
 * the UUID 141727fa-ac0e-4a7c-a47e-7177978e11d3 (ITU-T X.667, needs no registration):
 * {@code .1} identificationNumber (UTF8String), {@code .2} role (UTF8String), {@code .3} participantTypes
 * (SEQUENCE OF UTF8String labels such as {@code Data Provider}), {@code .4} idCheck (BOOLEAN).
 *
 * @param identificationNumber e.g. {@code IT-001-2000}
 * @param role                 e.g. {@code MedicalHub}
 * @param country              ISO 3166-1 alpha-2 code; an English country name such as {@code Italy} is
 *                             accepted and turned into its code ({@code IT})
 * @param organization         the organization name, or {@code null} when the certificate names none
 * @param participantTypes     at least one type
 * @param idCheck              whether the registration authority checked the participant's identity
 */
public record ParticipantAttributes(String identificationNumber, String role, String country, String organization,
                                    Set<ParticipantType> participantTypes, boolean idCheck) {

    /** Coalition's private OID arc: {@code 2.25.} + the UUID 141727fa-ac0e-4a7c-a47e-7177978e11d3 as an integer. */
    public static final String ARC = "2.25.26704793617708487879878265100548575699";
    static final ASN1ObjectIdentifier ID_NUMBER = new ASN1ObjectIdentifier(ARC + ".1");
    static final ASN1ObjectIdentifier ROLE = new ASN1ObjectIdentifier(ARC + ".2");
    static final ASN1ObjectIdentifier PARTICIPANT_TYPES = new ASN1ObjectIdentifier(ARC + ".3");
    static final ASN1ObjectIdentifier ID_CHECK = new ASN1ObjectIdentifier(ARC + ".4");
    static final ASN1ObjectIdentifier COUNTRY = BCStyle.C;
    static final ASN1ObjectIdentifier ORGANIZATION = BCStyle.O;

    public ParticipantAttributes {
        identificationNumber = required("identificationNumber", identificationNumber);
        role = required("role", role);
        country = countryCode(required("country", country));
        if (organization != null && organization.isBlank()) organization = null;
        if (participantTypes == null || participantTypes.isEmpty()) {
            throw new TrustException("participant attributes: at least one participant type is required");
        }
        participantTypes = Collections.unmodifiableSet(EnumSet.copyOf(participantTypes));
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new TrustException("participant attributes: " + name + " is missing");
        }
        return value.strip();
    }

    /** The ISO 3166-1 alpha-2 code for a code ({@code it}, {@code IT}) or an English country name ({@code Italy}). */
    public static String countryCode(String country) {
        String c = country.strip();
        for (String code : Locale.getISOCountries()) {
            if (code.equalsIgnoreCase(c) || new Locale("", code).getDisplayCountry(Locale.ENGLISH).equalsIgnoreCase(c)) {
                return code;
            }
        }
        throw new TrustException("participant attributes: country '" + country
                + "' is neither an ISO 3166-1 alpha-2 code nor an English country name");
    }

    /** The country's English name, e.g. {@code Italy}. */
    public String countryName() {
        return new Locale("", country).getDisplayCountry(Locale.ENGLISH);
    }

    /** The DER encoding of the SubjectDirectoryAttributes extension value (a SEQUENCE OF Attribute). */
    public byte[] encoded() {
        try {
            return toAsn1().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new TrustException("participant attributes: cannot encode: " + e.getMessage(), e);
        }
    }

    /** The attributes as a non-critical SubjectDirectoryAttributes extension. */
    public Extension extension() {
        return new Extension(Extension.subjectDirectoryAttributes, false, encoded());
    }

    DERSequence toAsn1() {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(attribute(ID_NUMBER, new DERUTF8String(identificationNumber)));
        attributes.add(attribute(ROLE, new DERUTF8String(role)));
        attributes.add(attribute(COUNTRY, new DERPrintableString(country)));
        if (organization != null) attributes.add(attribute(ORGANIZATION, new DERUTF8String(organization)));
        ASN1EncodableVector types = new ASN1EncodableVector();
        for (ParticipantType t : participantTypes) types.add(new DERUTF8String(t.label()));
        attributes.add(attribute(PARTICIPANT_TYPES, new DERSequence(types)));
        attributes.add(attribute(ID_CHECK, ASN1Boolean.getInstance(idCheck)));
        return new DERSequence(attributes);
    }

    private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new Attribute(type, new DERSet(value));
    }

    /**
     * Parses a SubjectDirectoryAttributes extension value. Fails closed: unknown attribute types, repeated
     * attributes, attributes with other than one value, wrong value types and missing attributes are refused.
     */
    public static ParticipantAttributes decode(byte[] extensionValue) {
        Map<ASN1ObjectIdentifier, ASN1Encodable> values = new HashMap<>();
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(extensionValue));
            for (ASN1Encodable e : seq) {
                Attribute a = Attribute.getInstance(e);
                ASN1ObjectIdentifier type = a.getAttrType();
                if (!List.of(ID_NUMBER, ROLE, COUNTRY, ORGANIZATION, PARTICIPANT_TYPES, ID_CHECK).contains(type)) {
                    throw new TrustException("subject directory attributes: unknown attribute " + type);
                }
                ASN1Set set = a.getAttrValues();
                if (set.size() != 1) {
                    throw new TrustException("subject directory attributes: " + name(type) + " has " + set.size()
                            + " values, expected 1");
                }
                if (values.put(type, set.getObjectAt(0)) != null) {
                    throw new TrustException("subject directory attributes: " + name(type) + " appears twice");
                }
            }
            List<ParticipantType> types = new ArrayList<>();
            ASN1Encodable typeValue = need(values, PARTICIPANT_TYPES);
            for (ASN1Encodable t : ASN1Sequence.getInstance(typeValue)) types.add(ParticipantType.parse(string(PARTICIPANT_TYPES, t)));
            if (types.isEmpty() || EnumSet.copyOf(types).size() != types.size()) {
                throw new TrustException("subject directory attributes: participantTypes is empty or repeats a type");
            }
            ASN1Encodable org = values.get(ORGANIZATION);
            ASN1Encodable countryValue = need(values, COUNTRY);
            if (!(countryValue instanceof DERPrintableString) || countryValue.toString().length() != 2) {
                throw new TrustException("subject directory attributes: country is not a two-letter PrintableString");
            }
            if (!(need(values, ID_CHECK) instanceof ASN1Boolean idCheck)) {
                throw new TrustException("subject directory attributes: idCheck is not a BOOLEAN");
            }
            return new ParticipantAttributes(string(ID_NUMBER, need(values, ID_NUMBER)),
                    string(ROLE, need(values, ROLE)), countryValue.toString(),
                    org == null ? null : string(ORGANIZATION, org), EnumSet.copyOf(types), idCheck.isTrue());
        } catch (TrustException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TrustException("subject directory attributes: malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The attributes a certificate carries, parsed without any trust check (use {@link CertificateValidator} to
     * decide whether to believe them).
     */
    public static ParticipantAttributes of(java.security.cert.X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectDirectoryAttributes.getId());
        if (value == null) {
            throw new TrustException("certificate " + certificate.getSerialNumber()
                    + ": carries no subject directory attributes (2.5.29.9)");
        }
        try {
            return decode(org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets());
        } catch (IllegalArgumentException e) {
            throw new TrustException("subject directory attributes: malformed: " + e.getMessage(), e);
        }
    }

    private static ASN1Encodable need(Map<ASN1ObjectIdentifier, ASN1Encodable> values, ASN1ObjectIdentifier type) {
        ASN1Encodable v = values.get(type);
        if (v == null) throw new TrustException("subject directory attributes: " + name(type) + " is missing");
        return v;
    }

    private static String string(ASN1ObjectIdentifier type, ASN1Encodable value) {
        if (!(value instanceof DERUTF8String s)) {
            throw new TrustException("subject directory attributes: " + name(type) + " is not a UTF8String");
        }
        return ((ASN1String) s).getString();
    }

    static String name(ASN1ObjectIdentifier type) {
        if (type.equals(ID_NUMBER)) return "identificationNumber";
        if (type.equals(ROLE)) return "role";
        if (type.equals(COUNTRY)) return "country";
        if (type.equals(ORGANIZATION)) return "organization";
        if (type.equals(PARTICIPANT_TYPES)) return "participantTypes";
        if (type.equals(ID_CHECK)) return "idCheck";
        return type.getId();
    }

    /** Listing 1 style: {@code IdentificationNumber="IT-001-2000", Role="MedicalHub", ...}. */
    @Override
    public String toString() {
        return "IdentificationNumber=\"" + identificationNumber + "\", Role=\"" + role + "\", Country=\"" + countryName()
                + "\"" + (organization == null ? "" : ", Organization=\"" + organization + "\"")
                + ", ParticipantTypes=" + participantTypes + ", IDCheck=" + (idCheck ? "True" : "False");
    }
}
