package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class PolicyCommandTest {
    static final String NL = System.lineSeparator();
    @TempDir
    Path tmp;

    Path policy() throws Exception {
        Path p = tmp.resolve("vaccine.xml");
        try (var in = PolicyCommandTest.class.getResourceAsStream("policy/vaccine.xml")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    Path file(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String HUB_JSON = """
            {"subject": {"urn:oasis:names:tc:xacml:1.0:subject:subject-id": "IT-001-2000",
                         "Role": "MedicalHub", "Country": "Italy"},
             "action": "PatientPrioritizationWithAggr"}
            """;

    @Test
    void jsonRequest_printsDecisionObligationsAndPolicy() throws Exception {
        MainTest.Result r = run("policy", "decide", "--policy", policy().toString(),
                "--request", file("hub.json", HUB_JSON).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("decision: Permit" + NL + "status:   ok" + NL + "obligation: notarize-access" + NL
                + "  caller = \"IT-001-2000\"" + NL
                + "policy:   VaccineDispatch.PatientPrioritizationWithAggr (1 file)" + NL);
    }

    @Test
    void deniedRequest_printsAdvice_andJsonOutput() throws Exception {
        Path req = file("clinic.json", HUB_JSON.replace("MedicalHub", "Clinic"));
        MainTest.Result r = run("policy", "decide", "--policy", policy().toString(), "--request", req.toString());
        assertThat(r.out()).isEqualTo("decision: Deny" + NL + "status:   ok" + NL + "advice: who-may" + NL
                + "  reason = \"only a medical hub in Italy\"" + NL
                + "policy:   VaccineDispatch.PatientPrioritizationWithAggr (1 file)" + NL);
        MainTest.Result j = run("policy", "decide", "--policy", tmp.toString(), "--request", req.toString(), "--json");
        assertThat(j.exit()).as(j.err()).isZero();
        assertThat(j.out()).contains("\"policy\" : \"VaccineDispatch.PatientPrioritizationWithAggr\"",
                "\"decision\" : \"Deny\"", "\"id\" : \"who-may\"");
    }

    @Test
    void xmlRequest_decides_andXacmlPrintsTheResponse() throws Exception {
        Path req = file("r.xml", """
                <Request xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" ReturnPolicyIdList="false" CombinedDecision="false">
                  <Attributes Category="urn:oasis:names:tc:xacml:1.0:subject-category:access-subject">
                    <Attribute AttributeId="Role" IncludeInResult="false"><AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">MedicalHub</AttributeValue></Attribute>
                    <Attribute AttributeId="Country" IncludeInResult="false"><AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Italy</AttributeValue></Attribute>
                  </Attributes>
                  <Attributes Category="urn:oasis:names:tc:xacml:3.0:attribute-category:action">
                    <Attribute AttributeId="urn:oasis:names:tc:xacml:1.0:action:action-id" IncludeInResult="false"><AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">PatientPrioritizationWithAggr</AttributeValue></Attribute>
                  </Attributes>
                </Request>
                """);
        Path pol = policy();
        MainTest.Result r = run("policy", "decide", "--policy", pol.toString(), "--request", req.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("decision: Permit" + NL + "status:   ok" + NL + "obligation: notarize-access" + NL);
        MainTest.Result x = run("policy", "decide", "--policy", pol.toString(), "--request", req.toString(), "--xacml");
        assertThat(x.out()).contains("<Decision>Permit</Decision>", "ObligationId=\"notarize-access\"");

        // The same subject category twice: refused unless --multiple-decisions, then one decision each.
        String subject = "<Attributes Category=\"urn:oasis:names:tc:xacml:1.0:subject-category:access-subject\">";
        String text = Files.readString(req);
        int at = text.indexOf(subject);
        Path twice = file("twice.xml", text.substring(0, at) + subject + "<Attribute AttributeId=\"Role\" IncludeInResult=\"false\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">Clinic</AttributeValue></Attribute></Attributes>"
                + text.substring(at));
        MainTest.Result refused = run("policy", "decide", "--policy", pol.toString(), "--request", twice.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("coalition: " + twice + ": category urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
                + " appears 2 times; repeated categories need the Multiple Decision Profile (PdpOptions.multipleDecisions)" + NL);
        MainTest.Result multi = run("policy", "decide", "--policy", pol.toString(), "--request", twice.toString(),
                "--multiple-decisions");
        assertThat(multi.exit()).as(multi.err()).isZero();
        assertThat(multi.out()).startsWith("decision: Deny" + NL).contains(NL + "decision: Permit" + NL);
    }

    String issuedHub(String ca) throws Exception {
        assertThat(run("pki", "init-ca", "--dir", ca, "--name", "Coalition CA").exit()).isZero();
        Files.writeString(Path.of(ca, "registry.json"), PkiCommandTest.REGISTRY);
        MainTest.Result enroll = run("pki", "enroll", "--dir", tmp.toString(), "--subject", "Central Medical Hub",
                "--role", "MedicalHub", "--country", "Italy", "--id", "IT-001-2000", "--types", "Data Provider,Decider",
                "--out", "hub");
        assertThat(enroll.exit()).as(enroll.err()).isZero();
        MainTest.Result issue = run("pki", "issue", "--dir", ca, "--csr", tmp.resolve("hub.csr").toString());
        assertThat(issue.exit()).as(issue.err()).isZero();
        return tmp.resolve("hub.crt").toString();
    }

    @Test
    void subjectCertificate_givesTheSubjectAttributes_untilRevoked() throws Exception {
        String ca = tmp.resolve("ca").toString();
        String cert = issuedHub(ca);
        Path req = file("action.json", "{\"action\": \"PatientPrioritizationWithAggr\"}");
        String[] args = {"policy", "decide", "--policy", policy().toString(), "--request", req.toString(),
                "--subject-cert", cert, "--ca", ca};
        MainTest.Result r = run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("decision: Permit" + NL + "status:   ok" + NL + "obligation: notarize-access" + NL
                + "  caller = \"IT-001-2000\"" + NL);

        assertThat(run("pki", "revoke", "--dir", ca, "--serial", "2").exit()).isZero();
        MainTest.Result revoked = run(args);
        assertThat(revoked.exit()).isEqualTo(2);
        assertThat(revoked.out()).isEmpty();
        assertThat(revoked.err()).startsWith("coalition: certificate 2 (CN=Central Medical Hub): revoked on ");
    }

    @Test
    void subjectCertificateWithAFlippedSignatureByte_isRefused() throws Exception {
        String ca = tmp.resolve("ca").toString();
        Path cert = Path.of(issuedHub(ca));
        java.security.cert.X509Certificate good = io.coalition.trust.pki.Pem.readCertificate(cert);
        byte[] der = good.getEncoded();
        der[der.length - 5] ^= 0x01; // inside the signature value
        Path forged = tmp.resolve("forged.crt");
        Files.writeString(forged, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END CERTIFICATE-----\n");
        Path req = file("action.json", "{\"action\": \"PatientPrioritizationWithAggr\"}");
        MainTest.Result r = run("policy", "decide", "--policy", policy().toString(), "--request", req.toString(),
                "--subject-cert", forged.toString(), "--ca", ca);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("coalition: certificate 2 (CN=Central Medical Hub): signature does not verify with"
                + " the key of the CA CN=Coalition CA" + NL);
    }

    @Test
    void subjectCertificateFromAnotherCa_isRefused() throws Exception {
        String cert = issuedHub(tmp.resolve("ca").toString());
        String other = tmp.resolve("other").toString();
        assertThat(run("pki", "init-ca", "--dir", other, "--name", "Other CA").exit()).isZero();
        Path req = file("action.json", "{\"action\": \"PatientPrioritizationWithAggr\"}");
        MainTest.Result r = run("policy", "decide", "--policy", policy().toString(), "--request", req.toString(),
                "--subject-cert", cert, "--ca", other);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("coalition: certificate 2 (CN=Central Medical Hub): ");
    }

    @Test
    void subjectCertificate_needsCa_andNoSubjectInTheRequest() throws Exception {
        String ca = tmp.resolve("ca").toString();
        String cert = issuedHub(ca);
        Path pol = policy();
        MainTest.Result noCa = run("policy", "decide", "--policy", pol.toString(), "--request",
                file("a.json", "{\"action\": \"x\"}").toString(), "--subject-cert", cert);
        assertThat(noCa.exit()).isEqualTo(2);
        assertThat(noCa.err()).startsWith("--subject-cert needs --ca DIR: a certificate's attributes are used only once it is checked" + NL);
        Path hub = file("hub.json", HUB_JSON);
        MainTest.Result both = run("policy", "decide", "--policy", pol.toString(), "--request", hub.toString(),
                "--subject-cert", cert, "--ca", ca);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith(hub + ": has subject attribute 'urn:oasis:names:tc:xacml:1.0:subject:subject-id';"
                + " with --subject-cert the subject comes from the certificate only" + NL);
    }

    @Test
    void badInputs_giveExactMessages() throws Exception {
        Path pol = policy();
        MainTest.Result missing = run("policy", "decide", "--policy", pol.toString(), "--request", tmp.resolve("no.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("coalition: request " + tmp.resolve("no.json") + ": not found" + NL);

        Path bad = file("bad.json", "{\"subject\": {\"Age\": {\"type\": \"integer\", \"value\": \"old\"}}}");
        MainTest.Result badJson = run("policy", "decide", "--policy", pol.toString(), "--request", bad.toString());
        assertThat(badJson.exit()).isEqualTo(2);
        assertThat(badJson.err()).isEqualTo("coalition: " + bad + ": subject.Age: attribute value 'old' is not a valid"
                + " http://www.w3.org/2001/XMLSchema#integer" + NL);

        Path noPolicy = tmp.resolve("none.xml");
        MainTest.Result np = run("policy", "decide", "--policy", noPolicy.toString(), "--request", bad.toString());
        assertThat(np.exit()).isEqualTo(2);
        assertThat(np.err()).isEqualTo("coalition: policy file " + noPolicy + ": not found" + NL);

        MainTest.Result xacmlJson = run("policy", "decide", "--policy", pol.toString(),
                "--request", file("a.json", "{\"action\": \"x\"}").toString(), "--xacml");
        assertThat(xacmlJson.exit()).isEqualTo(2);
        assertThat(xacmlJson.err()).startsWith("--xacml needs a XACML XML request" + NL);
    }
}
