package io.coalition.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyJsonTest {

    @Test
    void readsEveryValueKind() {
        AccessRequest r = PolicyJson.readRequest("""
                {"subject": {"Role": "MedicalHub", "Age": 61, "MeanAge": 40.5, "IDCheck": true,
                             "ParticipantTypes": ["Data Provider", "Decider"]},
                 "action": "read",
                 "resource": {"urn:oasis:names:tc:xacml:1.0:resource:resource-id": {"type": "anyURI", "value": "ipfs://bafy"}},
                 "environment": {"now": {"type": "dateTime", "value": "2026-11-23T10:00:00Z"},
                                 "day": {"type": "http://www.w3.org/2001/XMLSchema#date", "value": "2026-11-23"}},
                 "attributes": [{"category": "urn:example:recipient", "id": "x", "issuer": "CA", "values": [1, 2]}],
                 "returnPolicyIdList": true}
                """, "r.json");
        assertThat(r.returnPolicyIdList()).isTrue();
        assertThat(r.category(AccessRequest.SUBJECT)).containsExactly(
                new Attribute(AccessRequest.SUBJECT, "Role", List.of(AttributeValue.string("MedicalHub"))),
                new Attribute(AccessRequest.SUBJECT, "Age", List.of(AttributeValue.integer(61))),
                new Attribute(AccessRequest.SUBJECT, "MeanAge", List.of(AttributeValue.doubleValue(40.5))),
                new Attribute(AccessRequest.SUBJECT, "IDCheck", List.of(AttributeValue.bool(true))),
                new Attribute(AccessRequest.SUBJECT, "ParticipantTypes",
                        List.of(AttributeValue.string("Data Provider"), AttributeValue.string("Decider"))));
        assertThat(r.category(AccessRequest.ACTION)).containsExactly(
                new Attribute(AccessRequest.ACTION, AccessRequest.ACTION_ID, List.of(AttributeValue.string("read"))));
        assertThat(r.category(AccessRequest.RESOURCE).get(0).values())
                .containsExactly(AttributeValue.of(AttributeValue.ANY_URI, "ipfs://bafy"));
        assertThat(r.category(AccessRequest.ENVIRONMENT).get(1).values())
                .containsExactly(AttributeValue.of("http://www.w3.org/2001/XMLSchema#date", "2026-11-23"));
        assertThat(r.category("urn:example:recipient")).containsExactly(new Attribute("urn:example:recipient", "x", "CA",
                List.of(AttributeValue.integer(1), AttributeValue.integer(2))));
    }

    static String error(String json) {
        try {
            PolicyJson.readRequest(json, "r.json");
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void badRequests_giveExactMessages() {
        assertThat(error("{\"subject\": {\"Role\": }")).isEqualTo(
                "r.json: line 1, column 22: not valid JSON: Unexpected character ('}' (code 125)): expected a valid value"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertThat(error("[]")).isEqualTo("r.json: expected a JSON object with subject, action, resource, environment");
        assertThat(error("{\"subjet\": {}}")).isEqualTo("r.json: unknown field 'subjet'; expected subject, action,"
                + " resource, environment, attributes, returnPolicyIdList");
        assertThat(error("{\"subject\": {\"Role\": null}}")).isEqualTo("r.json: subject.Role: null is not a value;"
                + " expected a string, number, boolean or {\"type\": T, \"value\": V}");
        assertThat(error("{\"subject\": {\"Role\": []}}")).isEqualTo(
                "r.json: subject.Role: empty array, expected at least one value");
        assertThat(error("{\"resource\": {\"Age\": {\"type\": \"integer\", \"value\": \"sixty\"}}}")).isEqualTo(
                "r.json: resource.Age: attribute value 'sixty' is not a valid http://www.w3.org/2001/XMLSchema#integer");
        assertThat(error("{\"environment\": {\"now\": {\"type\": \"dateTime\", \"value\": \"2026-11-23\"}}}")).isEqualTo(
                "r.json: environment.now: attribute value '2026-11-23' is not a valid http://www.w3.org/2001/XMLSchema#dateTime");
        assertThat(error("{\"action\": 5}")).isEqualTo(
                "r.json: action: expected an object of attribute id -> value or an action-id string");
        assertThat(error("{\"attributes\": [{\"category\": \"c\", \"values\": [1]}]}")).isEqualTo(
                "r.json: attributes[0].id: expected a non-empty string");
        assertThat(error("{\"subject\": {\"Role\": \"a\", \"Role\": \"b\"}}")).isEqualTo(
                "r.json: line 1, column 33: not valid JSON: Duplicate field 'Role'");
        assertThat(error("{}")).isEqualTo("r.json: the request has no attribute");
    }

    @Test
    void attributeValueFactories_checkTheirTypes() {
        assertThatThrownBy(() -> AttributeValue.of(AttributeValue.DOUBLE, "1,5")).isInstanceOf(PolicyException.class)
                .hasMessage("attribute value '1,5' is not a valid http://www.w3.org/2001/XMLSchema#double");
        assertThatThrownBy(() -> AttributeValue.of(AttributeValue.BOOLEAN, "yes")).isInstanceOf(PolicyException.class)
                .hasMessage("attribute value 'yes' is not a valid http://www.w3.org/2001/XMLSchema#boolean");
        assertThatThrownBy(() -> AttributeValue.of(AttributeValue.ANY_URI, "a b")).isInstanceOf(PolicyException.class)
                .hasMessage("attribute value 'a b' is not a valid http://www.w3.org/2001/XMLSchema#anyURI");
        assertThat(AttributeValue.doubleValue(Double.POSITIVE_INFINITY).value()).isEqualTo("INF");
        assertThat(AttributeValue.doubleValue(1e300).value()).isEqualTo("1.0E300");
    }

    @Test
    void decisionsAreWrittenAsJson() {
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(PolicyDecisionPointTest.resource("vaccine"))) {
            Decision d = pdp.decide(PolicyDecisionPointTest.hub("MedicalHub", "Italy").build());
            assertThat(PolicyJson.write(pdp.rootPolicyId(), List.of(d))).isEqualTo("""
                    {
                      "policy" : "VaccineDispatch",
                      "decisions" : [ {
                        "decision" : "Permit",
                        "status" : {
                          "code" : "urn:oasis:names:tc:xacml:1.0:status:ok"
                        },
                        "obligations" : [ {
                          "id" : "urn:coalition:obligation:notarize-access",
                          "assignments" : [ {
                            "attributeId" : "caller",
                            "category" : "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject",
                            "type" : "http://www.w3.org/2001/XMLSchema#string",
                            "value" : "IT-001-2000"
                          }, {
                            "attributeId" : "retention-days",
                            "type" : "http://www.w3.org/2001/XMLSchema#integer",
                            "value" : "30"
                          } ]
                        } ],
                        "advice" : [ ],
                        "attributes" : [ ],
                        "applicablePolicies" : [ ]
                      } ]
                    }""");
        }
    }
}
