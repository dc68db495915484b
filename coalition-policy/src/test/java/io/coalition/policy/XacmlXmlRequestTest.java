package io.coalition.policy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XacmlXmlRequestTest {
    static final String NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
    static PolicyDecisionPoint pdp;

    @BeforeAll
    static void load() {
        pdp = PolicyDecisionPoint.load(PolicyDecisionPointTest.resource("vaccine"));
    }

    @AfterAll
    static void close() {
        pdp.close();
    }

    static String request(String role) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Request xmlns=\"" + NS + "\" ReturnPolicyIdList=\"false\" CombinedDecision=\"false\">\n"
                + " <Attributes Category=\"" + AccessRequest.SUBJECT + "\">\n"
                + "  <Attribute AttributeId=\"Role\" IncludeInResult=\"true\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">" + role + "</AttributeValue></Attribute>\n"
                + " </Attributes>\n"
                + " <Attributes Category=\"" + AccessRequest.ENVIRONMENT + "\">\n"
                + "  <Attribute AttributeId=\"Country\" IncludeInResult=\"false\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">Italy</AttributeValue></Attribute>\n"
                + " </Attributes>\n"
                + " <Attributes Category=\"" + AccessRequest.ACTION + "\">\n"
                + "  <Attribute AttributeId=\"" + AccessRequest.ACTION_ID + "\" IncludeInResult=\"false\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">" + PolicyDecisionPointTest.ACTION
                + "</AttributeValue></Attribute>\n"
                + " </Attributes>\n"
                + "</Request>\n";
    }

    @Test
    void xmlRequest_givesXmlResponseAndTheSameDecisionAsTheApi() {
        XacmlResponse r = pdp.decideXml(request("MedicalHub"), "request.xml");
        assertThat(r.decisions()).hasSize(1);
        Decision d = r.decisions().get(0);
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.PERMIT);
        assertThat(d.attributes()).containsExactly(new Attribute(AccessRequest.SUBJECT, "Role",
                java.util.List.of(AttributeValue.string("MedicalHub"))));
        assertThat(r.xml()).contains("<Decision>Permit</Decision>")
                .contains("ObligationId=\"urn:coalition:obligation:notarize-access\"");
        // The XML a PDP writes reads back to the same decision.
        assertThat(PolicyDecisionPoint.parseXacmlResponse(r.xml(), "response.xml").decisions()).containsExactly(d);
        Decision viaApi = pdp.decide(AccessRequest.builder().subject("Role", AttributeValue.string("MedicalHub"))
                .environment("Country", AttributeValue.string("Italy")).action(PolicyDecisionPointTest.ACTION).build());
        assertThat(viaApi.verdict()).isEqualTo(d.verdict());
        assertThat(viaApi.advice()).isEqualTo(d.advice());
    }

    @Test
    void schemaInvalidRequest_givesLineAndColumn() {
        String bad = request("MedicalHub").replace(" IncludeInResult=\"true\"", "");
        assertThatThrownBy(() -> pdp.decideXml(bad, "request.xml")).isInstanceOf(PolicyException.class)
                .hasMessage("request.xml: line 4, column 33: not a valid XACML 3.0 document: cvc-complex-type.4:"
                        + " Attribute 'IncludeInResult' must appear on element 'Attribute'.");
    }

    @Test
    void notXml_isRefused() {
        assertThatThrownBy(() -> pdp.decideXml("{\"subject\": {}}", "request.xml")).isInstanceOf(PolicyException.class)
                .hasMessage("request.xml: line 1, column 1: not a valid XACML 3.0 document: Content is not allowed in prolog.");
    }

    @Test
    void responseGivenAsRequest_isRefused() {
        String response = "<Response xmlns=\"" + NS + "\"><Result><Decision>Permit</Decision></Result></Response>";
        assertThatThrownBy(() -> pdp.decideXml(response, "response.xml")).isInstanceOf(PolicyException.class)
                .hasMessage("response.xml: root element is Response, expected a XACML 3.0 Request");
    }

    @Test
    void externalEntityInRequest_isNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE Request [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
                + request("&xxe;").substring(request("x").indexOf('\n') + 1);
        assertThatThrownBy(() -> pdp.decideXml(xxe, "request.xml")).isInstanceOf(PolicyException.class)
                .hasMessage("request.xml: line 5, column 128: not a valid XACML 3.0 document: External Entity: Failed to read"
                        + " external document 'hostname', because 'file' access is not allowed due to restriction set by"
                        + " the accessExternalDTD property.");
    }

    static String twoSubjects() {
        String hub = request("MedicalHub");
        int at = hub.indexOf(" <Attributes Category=\"" + AccessRequest.ENVIRONMENT);
        String clinic = " <Attributes Category=\"" + AccessRequest.SUBJECT + "\">\n"
                + "  <Attribute AttributeId=\"Role\" IncludeInResult=\"true\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">Clinic</AttributeValue></Attribute>\n"
                + " </Attributes>\n";
        return hub.substring(0, at) + clinic + hub.substring(at);
    }

    @Test
    void repeatedSubjectCategory_givesOneDecisionEach_withMultipleDecisions() {
        try (PolicyDecisionPoint multi = PolicyDecisionPoint.load(PdpOptions.DEFAULT.withMultipleDecisions(true),
                java.util.List.of(PolicyDecisionPointTest.resource("vaccine")))) {
            XacmlResponse r = multi.decideXml(twoSubjects(), "request.xml");
            assertThat(r.decisions()).extracting(Decision::verdict)
                    .containsExactly(Decision.Verdict.PERMIT, Decision.Verdict.DENY);
            assertThat(r.decisions()).extracting(d -> d.attributes().get(0).values().get(0).value())
                    .containsExactly("MedicalHub", "Clinic");
        }
    }

    @Test
    void repeatedSubjectCategory_isRefusedByDefault() {
        // Without the profile, AuthzForce's lax reading would decide on one of the subjects: refuse instead.
        assertThatThrownBy(() -> pdp.decideXml(twoSubjects(), "request.xml")).isInstanceOf(PolicyException.class)
                .hasMessage("request.xml: category " + AccessRequest.SUBJECT + " appears 2 times; repeated categories"
                        + " need the Multiple Decision Profile (PdpOptions.multipleDecisions)");
    }

    @Test
    void attributeSelector_isRefusedWithoutXPath_andEvaluatedWithIt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("xpath");
        java.nio.file.Path p = dir.resolve("selector.xml");
        java.nio.file.Files.writeString(p, PolicyLoadErrorsTest.policy("selector",
                "<Rule RuleId=\"r\" Effect=\"Permit\"><Condition><Apply FunctionId=\"urn:oasis:names:tc:xacml:3.0:function:any-of\">"
                        + "<Function FunctionId=\"urn:oasis:names:tc:xacml:1.0:function:string-equal\"/>"
                        + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">Italy</AttributeValue>"
                        + "<AttributeSelector Category=\"" + AccessRequest.RESOURCE + "\" Path=\"//md:country/text()\""
                        + " DataType=\"http://www.w3.org/2001/XMLSchema#string\" MustBePresent=\"false\"/>"
                        + "</Apply></Condition></Rule>").replace("<Target/>",
                "<PolicyDefaults><XPathVersion>http://www.w3.org/TR/1999/REC-xpath-19991116</XPathVersion></PolicyDefaults><Target/>")
                .replace("<Policy ", "<Policy xmlns:md=\"urn:example:md\" "));
        assertThatThrownBy(() -> PolicyDecisionPoint.load(p)).isInstanceOf(PolicyException.class)
                .hasMessageEndingWith("Unsupported Expression type (optional XACML feature): AttributeSelector."
                        + " (Set xPathEnabled='true' in PDP configuration if you wish to enable this feature).");
        String request = "<Request xmlns=\"" + NS + "\" ReturnPolicyIdList=\"false\" CombinedDecision=\"false\">"
                + "<Attributes Category=\"" + AccessRequest.RESOURCE + "\"><Content><md:record xmlns:md=\"urn:example:md\"><md:country>Italy</md:country></md:record></Content>"
                + "</Attributes></Request>";
        try (PolicyDecisionPoint xpath = PolicyDecisionPoint.load(PdpOptions.DEFAULT.withXPath(true), java.util.List.of(p))) {
            assertThat(xpath.decideXml(request, "request.xml").decisions().get(0).verdict()).isEqualTo(Decision.Verdict.PERMIT);
            assertThat(xpath.decideXml(request.replace("Italy</md:country>", "France</md:country>"), "request.xml")
                    .decisions().get(0).verdict()).isEqualTo(Decision.Verdict.NOT_APPLICABLE);
        }
    }

    @Test
    void returnedValuesAreCarriedAsThePdpAcceptedThem() {
        // AuthzForce accepts "a b" as an anyURI (XSD 1.1 is that lenient); the decision must carry it, not fail.
        String xml = "<Request xmlns=\"" + NS + "\" ReturnPolicyIdList=\"false\" CombinedDecision=\"false\">"
                + "<Attributes Category=\"" + AccessRequest.RESOURCE + "\"><Attribute AttributeId=\"u\" IncludeInResult=\"true\">"
                + "<AttributeValue DataType=\"" + AttributeValue.ANY_URI + "\">a b</AttributeValue></Attribute></Attributes></Request>";
        Decision d = pdp.decideXml(xml, "request.xml").decisions().get(0);
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.DENY);
        assertThat(d.attributes().get(0).values()).containsExactly(new AttributeValue(AttributeValue.ANY_URI, "a b"));
        assertThatThrownBy(() -> AttributeValue.of(AttributeValue.ANY_URI, "a b")).isInstanceOf(PolicyException.class);
    }
}
