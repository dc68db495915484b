package io.coalition.app;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.Attribute;
import io.coalition.policy.AttributeValue;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;

import java.util.ArrayList;
import java.util.List;

/**
 * The subject attributes a participant certificate gives a policy (seed 004: Listing 1's attributes, checked by
 * Listing 3-style policies), all in the access-subject category. Ids are Listing 1's names, the way an ALFA
 * policy declares them ({@code attribute Role {id="Role" category=subjectCat type=string}}):
 *
 * <table>
 *   <caption>certificate attribute to XACML subject attribute</caption>
 *   <tr><th>certificate</th><th>attribute id</th><th>type</th></tr>
 *   <tr><td>identificationNumber</td><td>{@code IdentificationNumber} and the standard subject-id</td><td>string</td></tr>
 *   <tr><td>role</td><td>{@code Role}</td><td>string</td></tr>
 *   <tr><td>country</td><td>{@code Country} (English name, {@code Italy}) and {@code CountryCode} ({@code IT})</td><td>string</td></tr>
 *   <tr><td>organization</td><td>{@code Organization} (when present)</td><td>string</td></tr>
 *   <tr><td>participantTypes</td><td>{@code ParticipantTypes}, a bag of labels ({@code Data Provider}, ...)</td><td>string</td></tr>
 *   <tr><td>idCheck</td><td>{@code IDCheck}</td><td>boolean</td></tr>
 * </table>
 * The mapping lives in coalition-app because coalition-policy must not depend on coalition-trust.
 */
final class ParticipantSubject {
    private ParticipantSubject() {
    }

    static List<Attribute> attributes(ParticipantAttributes p) {
        List<Attribute> list = new ArrayList<>();
        list.add(subject(AccessRequest.SUBJECT_ID, AttributeValue.string(p.identificationNumber())));
        list.add(subject("IdentificationNumber", AttributeValue.string(p.identificationNumber())));
        list.add(subject("Role", AttributeValue.string(p.role())));
        list.add(subject("Country", AttributeValue.string(p.countryName())));
        list.add(subject("CountryCode", AttributeValue.string(p.country())));
        if (p.organization() != null) list.add(subject("Organization", AttributeValue.string(p.organization())));
        list.add(new Attribute(AccessRequest.SUBJECT, "ParticipantTypes",
                p.participantTypes().stream().map(ParticipantType::label).map(AttributeValue::string).toList()));
        list.add(subject("IDCheck", AttributeValue.bool(p.idCheck())));
        return list;
    }

    private static Attribute subject(String id, AttributeValue value) {
        return new Attribute(AccessRequest.SUBJECT, id, List.of(value));
    }
}
