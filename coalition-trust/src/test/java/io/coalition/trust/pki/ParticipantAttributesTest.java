package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Attribute;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParticipantAttributesTest {
    /** Seed 004, Listing 1. */
    static final ParticipantAttributes MEDICAL_HUB = new ParticipantAttributes("IT-001-2000", "MedicalHub", "Italy",
            null, EnumSet.of(ParticipantType.DATA_PROVIDER, ParticipantType.DECIDER), true);

    @Test
    void listingOneRoundTrips() {
        assertThat(MEDICAL_HUB.country()).isEqualTo("IT");
        assertThat(MEDICAL_HUB.countryName()).isEqualTo("Italy");
        ParticipantAttributes back = ParticipantAttributes.decode(MEDICAL_HUB.encoded());
        assertThat(back).isEqualTo(MEDICAL_HUB);
        assertThat(back.toString()).isEqualTo("IdentificationNumber=\"IT-001-2000\", Role=\"MedicalHub\", "
                + "Country=\"Italy\", ParticipantTypes=[Data Provider, Decider], IDCheck=True");
    }

    @Test
    void organizationAndEveryTypeRoundTrip() {
        ParticipantAttributes a = new ParticipantAttributes("DE-7", "Insurer", "de", "Krankenkasse Süd",
                EnumSet.allOf(ParticipantType.class), false);
        assertThat(ParticipantAttributes.decode(a.encoded())).isEqualTo(a);
        assertThat(a.country()).isEqualTo("DE");
    }

    @Test
    void encodingUsesTheStandardTypesForCountryAndOrganization() {
        ParticipantAttributes a = new ParticipantAttributes("X", "R", "IT", "Org", Set.of(ParticipantType.CCU), true);
        ASN1Sequence seq = ASN1Sequence.getInstance(a.encoded());
        assertThat(seq).extracting(e -> Attribute.getInstance(e).getAttrType().getId())
                .containsExactly(ParticipantAttributes.ARC + ".1", ParticipantAttributes.ARC + ".2", "2.5.4.6",
                        "2.5.4.10", ParticipantAttributes.ARC + ".3", ParticipantAttributes.ARC + ".4");
    }

    @Test
    void unknownAttributeIsRefused() throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (var e : ASN1Sequence.getInstance(MEDICAL_HUB.encoded())) v.add(e);
        v.add(new Attribute(new ASN1ObjectIdentifier("1.2.3.4"), new DERSet(new DERUTF8String("x"))));
        assertThatThrownBy(() -> ParticipantAttributes.decode(new DERSequence(v).getEncoded()))
                .isInstanceOf(TrustException.class)
                .hasMessage("subject directory attributes: unknown attribute 1.2.3.4");
    }

    @Test
    void missingAndRepeatedAttributesAreRefused() throws Exception {
        ASN1EncodableVector without = new ASN1EncodableVector();
        ASN1EncodableVector twice = new ASN1EncodableVector();
        for (var e : ASN1Sequence.getInstance(MEDICAL_HUB.encoded())) {
            twice.add(e);
            if (!Attribute.getInstance(e).getAttrType().equals(ParticipantAttributes.ROLE)) without.add(e);
            else twice.add(e);
        }
        assertThatThrownBy(() -> ParticipantAttributes.decode(new DERSequence(without).getEncoded()))
                .hasMessage("subject directory attributes: role is missing");
        assertThatThrownBy(() -> ParticipantAttributes.decode(new DERSequence(twice).getEncoded()))
                .hasMessage("subject directory attributes: role appears twice");
        assertThatThrownBy(() -> ParticipantAttributes.decode(new byte[] {0x30, 0x05, 0x01}))
                .isInstanceOf(TrustException.class).hasMessageStartingWith("subject directory attributes: malformed");
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new ParticipantAttributes("X", "R", "Atlantis", null, Set.of(ParticipantType.CCU), true))
                .hasMessage("participant attributes: country 'Atlantis' is neither an ISO 3166-1 alpha-2 code nor an English country name");
        assertThatThrownBy(() -> new ParticipantAttributes("X", "R", "IT", null, Set.of(), true))
                .hasMessage("participant attributes: at least one participant type is required");
        assertThatThrownBy(() -> new ParticipantAttributes(" ", "R", "IT", null, Set.of(ParticipantType.CCU), true))
                .hasMessage("participant attributes: identificationNumber is missing");
        assertThat(ParticipantType.parse("trusted-miner")).isEqualTo(ParticipantType.TRUSTED_MINER);
        assertThat(ParticipantType.parse("Data Provider")).isEqualTo(ParticipantType.DATA_PROVIDER);
        assertThatThrownBy(() -> ParticipantType.parse("Pirate")).hasMessageStartingWith("unknown participant type 'Pirate'");
    }
}
