package io.coalition.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policies that must be refused at load, each with the exact message (file and problem). */
class PolicyLoadErrorsTest {
    static final String NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
    static final String PERMIT_OVERRIDES = "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:permit-overrides";
    static final String POLICY_DENY_OVERRIDES = "urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:deny-overrides";

    @TempDir
    Path dir;

    Path write(String name, String xml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, xml);
        return p;
    }

    static String policy(String id, String body) {
        return "<?xml version=\"1.0\"?>\n<Policy xmlns=\"" + NS + "\" PolicyId=\"" + id + "\" Version=\"1.0\""
                + " RuleCombiningAlgId=\"" + PERMIT_OVERRIDES + "\">\n<Target/>\n" + body + "\n</Policy>\n";
    }

    static String policySet(String id, String... refs) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<PolicySet xmlns=\"" + NS + "\" PolicySetId=\""
                + id + "\" Version=\"1.0\" PolicyCombiningAlgId=\"" + POLICY_DENY_OVERRIDES + "\">\n<Target/>\n");
        for (String r : refs) b.append(r).append('\n');
        return b.append("</PolicySet>\n").toString();
    }

    static final String PERMIT_RULE = "<Rule RuleId=\"r\" Effect=\"Permit\"/>";

    String message(Path... paths) {
        try {
            PolicyDecisionPoint.load(paths).close();
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("loaded");
    }

    @Test
    void missingFile_namesIt() {
        Path p = dir.resolve("nope.xml");
        assertThat(message(p)).isEqualTo("policy file " + p + ": not found");
    }

    @Test
    void directoryWithoutXml_isRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(message(empty)).isEqualTo("policy directory " + empty + ": no *.xml file");
    }

    @Test
    void malformedXml_givesLineAndColumn() throws IOException {
        Path p = write("broken.xml", "<?xml version=\"1.0\"?>\n<Policy xmlns=\"" + NS + "\"\n  PolicyId=\"a\">\n<Target>\n</Policy>\n");
        assertThat(message(p)).isEqualTo(p + ": line 5, column 3: not well-formed XML: The element type \"Target\" must be terminated by the matching end-tag \"</Target>\".");
    }

    @Test
    void requestInsteadOfPolicy_isRefused() throws IOException {
        Path p = write("req.xml", "<?xml version=\"1.0\"?>\n<Request xmlns=\"" + NS + "\"/>\n");
        assertThat(message(p)).isEqualTo(p + ": line 2: root element is {" + NS + "}Request, expected a XACML 3.0 Policy"
                + " or PolicySet (namespace " + NS + ")");
    }

    @Test
    void xacml2Policy_isRefused() throws IOException {
        Path p = write("v2.xml", "<Policy xmlns=\"urn:oasis:names:tc:xacml:2.0:policy:schema:os\" PolicyId=\"a\"/>");
        assertThat(message(p)).isEqualTo(p + ": line 1: root element is {urn:oasis:names:tc:xacml:2.0:policy:schema:os}Policy,"
                + " expected a XACML 3.0 Policy or PolicySet (namespace " + NS + ")");
    }

    @Test
    void policyWithoutId_isRefused() throws IOException {
        Path p = write("noid.xml", "<Policy xmlns=\"" + NS + "\" Version=\"1.0\"/>");
        assertThat(message(p)).isEqualTo(p + ": line 1: Policy has no PolicyId");
    }

    @Test
    void unknownFunction_isRefused() throws IOException {
        Path p = write("fn.xml", policy("fn", "<Rule RuleId=\"r\" Effect=\"Permit\"><Condition><Apply FunctionId=\"urn:example:no-such-function\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">x</AttributeValue></Apply></Condition></Rule>"));
        assertThat(message(p)).isEqualTo("policy " + p + ": Invalid Policy with PolicyId=fn, Version=1.0: Policy[fn#v1.0]:"
                + " Error parsing child #0 (Rule): Rule [r]: invalid Condition: Invalid Apply[description=null]:"
                + " Invalid Function: function ID 'urn:example:no-such-function' not supported");
    }

    @Test
    void staticTypeError_isRefused() throws IOException {
        Path p = write("type.xml", policy("t", "<Rule RuleId=\"r\" Effect=\"Permit\"><Condition>"
                + "<Apply FunctionId=\"urn:oasis:names:tc:xacml:1.0:function:integer-equal\">"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">x</AttributeValue>"
                + "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#integer\">1</AttributeValue></Apply></Condition></Rule>"));
        assertThat(message(p)).isEqualTo("policy " + p + ": Invalid Policy with PolicyId=t, Version=1.0: Policy[t#v1.0]:"
                + " Error parsing child #0 (Rule): Rule [r]: invalid Condition: Invalid Apply[Description = null]:"
                + " Invalid args for function urn:oasis:names:tc:xacml:1.0:function:integer-equal:"
                + " Function urn:oasis:names:tc:xacml:1.0:function:integer-equal: type of arg #0 not valid:"
                + " http://www.w3.org/2001/XMLSchema#string. Required: http://www.w3.org/2001/XMLSchema#integer.");
    }

    @Test
    void schemaInvalidEffect_givesLineAndColumn() throws IOException {
        Path p = write("schema.xml", policy("schema", "<Rule RuleId=\"r\" Effect=\"Maybe\"/>"));
        assertThat(message(p)).isEqualTo("policy " + p + ": line 4, column 34: Failed to unmarshall Policy(Set) XML document"
                + " from policy location: file:" + p + ": cvc-enumeration-valid: Value 'Maybe' is not facet-valid with"
                + " respect to enumeration '[Permit, Deny]'. It must be a value from the enumeration.");
    }

    @Test
    void unknownCombiningAlgorithm_inAReferencedFile_namesThatFile() throws IOException {
        Path multi = Files.createDirectories(dir.resolve("multi"));
        Files.writeString(multi.resolve("root.xml"), policySet("R", "<PolicyIdReference>bad</PolicyIdReference>"));
        Path bad = multi.resolve("bad.xml");
        Files.writeString(bad, policy("bad", PERMIT_RULE).replace(PERMIT_OVERRIDES, "urn:example:no-such-algorithm"));
        assertThat(message(multi)).isEqualTo("policy " + bad + ": Invalid Policy with PolicyId=bad, Version=1.0: Policy[bad#v1.0]:"
                + " Unknown/unsupported rule-combining algorithm ID = 'urn:example:no-such-algorithm':"
                + " Unsupported combining algorithm: 'urn:example:no-such-algorithm'");
    }

    @Test
    void sameIdInTwoFiles_isRefused() throws IOException {
        Path a = write("dup1.xml", policy("same", PERMIT_RULE));
        Path b = write("dup2.xml", policy("same", PERMIT_RULE));
        assertThat(message(a, b)).isEqualTo("policy id 'same' version 1.0 is defined twice: in " + a + " and in " + b);
    }

    @Test
    void twoTopLevelPolicies_needARootId() throws IOException {
        Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("a.xml"), policy("a", PERMIT_RULE));
        Files.writeString(two.resolve("b.xml"), policy("b", PERMIT_RULE));
        assertThat(message(two)).isEqualTo("2 top-level policies (Policy 'a' (" + two.resolve("a.xml") + "), Policy 'b' ("
                + two.resolve("b.xml") + ")); name the root policy id");
        assertThatThrownBy(() -> PolicyDecisionPoint.load("c", List.of(two)))
                .isInstanceOf(PolicyException.class).hasMessage("root policy 'c' not found; loaded: [a, b]");
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load("b", List.of(two))) {
            assertThat(pdp.rootPolicyId()).isEqualTo("b");
        }
    }

    @Test
    void circularReferences_leaveNoRoot() throws IOException {
        Path circ = Files.createDirectories(dir.resolve("circ"));
        Files.writeString(circ.resolve("a.xml"), policySet("A", "<PolicySetIdReference>B</PolicySetIdReference>"));
        Files.writeString(circ.resolve("b.xml"), policySet("B", "<PolicySetIdReference>A</PolicySetIdReference>"));
        assertThat(message(circ)).isEqualTo("no top-level policy: each of 2 policies is referenced by another"
                + " (circular references?); name the root policy id");
        assertThatThrownBy(() -> PolicyDecisionPoint.load("A", List.of(circ))).isInstanceOf(PolicyException.class)
                .hasMessageContaining("policy " + circ.resolve("a.xml") + ": ");
    }

    @Test
    void unresolvedReference_isRefused() throws IOException {
        Path p = write("undef.xml", policySet("U", "<PolicyIdReference>missing</PolicyIdReference>"));
        assertThat(message(p)).isEqualTo("policy " + p + ": Invalid PolicySet with PolicySetId='U', Version=1.0:"
                + " No Policy matching reference: id = missing, Optional[Version=*,EarliestVersion=*,LatestVersion=*]");
    }

    @Test
    void externalEntity_isNeverResolved() throws IOException {
        Path p = write("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE Policy [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
                + policy("x", "<Rule RuleId=\"&xxe;\" Effect=\"Permit\"/>").replace("<?xml version=\"1.0\"?>\n", ""));
        assertThat(message(p)).isEqualTo(p + ": line 5, column 20: not well-formed XML: The entity \"xxe\" was referenced, but not declared.");
    }
}
