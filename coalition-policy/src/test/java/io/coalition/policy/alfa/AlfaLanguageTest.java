package io.coalition.policy.alfa;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision.Verdict;
import io.coalition.policy.PolicyDecisionPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Language features, each compiled and then evaluated by the embedded PDP. */
class AlfaLanguageTest {
    private static final String ATTRIBUTES = "namespace demo.attrs {\n"
            + "  attribute age { id = \"age\" type = integer category = subjectCat }\n"
            + "  attribute role { id = \"role\" type = string category = subjectCat }\n"
            + "}\n";

    @TempDir
    Path out;

    /** Compiles {@code namespace demo { import demo.attrs.* <body> }} and loads it; the root is demo.p. */
    private PolicyDecisionPoint load(String body) {
        String src = ATTRIBUTES + "namespace demo {\n  import demo.attrs.*\n" + body + "\n}\n";
        List<CompiledPolicy> compiled = AlfaCompiler.compile(List.of(new AlfaSource("demo.alfa", src)));
        AlfaCompiler.write(compiled, out);
        return PolicyDecisionPoint.load(Compiler.ID_PREFIX + "demo.p", List.of(out));
    }

    private static String xml(String body) {
        String src = ATTRIBUTES + "namespace demo {\n  import demo.attrs.*\n" + body + "\n}\n";
        return AlfaCompiler.compile(List.of(new AlfaSource("demo.alfa", src))).get(0).xml();
    }

    private static AccessRequest age(long... ages) {
        AttributeValue[] values = new AttributeValue[ages.length];
        for (int i = 0; i < ages.length; i++) {
            values[i] = AttributeValue.integer(ages[i]);
        }
        return AccessRequest.builder().subject("age", values).build();
    }

    private static AccessRequest role(String... roles) {
        AccessRequest.Builder b = AccessRequest.builder();
        for (String r : roles) {
            b.subject("role", AttributeValue.string(r));
        }
        return b.build();
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        try (PolicyDecisionPoint pdp = load("policy p { apply permitOverrides\n"
                + "  rule { permit condition integerOneAndOnly(age) + 2 * 3 == 10 } }")) {
            assertThat(pdp.decide(age(4)).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(age(8)).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
        try (PolicyDecisionPoint pdp = load("policy p { apply permitOverrides\n"
                + "  rule { permit condition (integerOneAndOnly(age) + 2) * 3 == 30 } }")) {
            assertThat(pdp.decide(age(8)).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(age(4)).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
    }

    @Test
    void comparisonWithABagOnTheLeftUsesTheInverseOperator() {
        String body = "policy p { apply permitOverrides rule { permit condition age < 18 } }";
        assertThat(xml(body)).contains("urn:oasis:names:tc:xacml:3.0:function:any-of")
                .contains("urn:oasis:names:tc:xacml:1.0:function:integer-greater-than\"");
        try (PolicyDecisionPoint pdp = load(body)) {
            assertThat(pdp.decide(age(17)).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(age(18)).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
            assertThat(pdp.decide(age(30, 12)).verdict()).isEqualTo(Verdict.PERMIT); // any value in the bag
        }
    }

    @Test
    void targetMatchPutsTheValueFirstThroughTheInverse() {
        String body = "policy p { target clause age >= 65 apply permitOverrides rule { permit } }";
        assertThat(xml(body)).contains("MatchId=\"urn:oasis:names:tc:xacml:1.0:function:integer-less-than-or-equal\"");
        try (PolicyDecisionPoint pdp = load(body)) {
            assertThat(pdp.decide(age(70)).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(age(65)).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(age(64)).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
    }

    @Test
    void targetClausesAreAndedAndOrSeparatesAlternatives() {
        String body = "policy p { target clause role == \"a\" or role == \"b\" clause age > 10\n"
                + "  apply permitOverrides rule { permit } }";
        try (PolicyDecisionPoint pdp = load(body)) {
            AccessRequest.Builder b = AccessRequest.builder().subject("age", AttributeValue.integer(11));
            assertThat(pdp.decide(b.subject("role", AttributeValue.string("b")).build()).verdict())
                    .isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(role("b")).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
            assertThat(pdp.decide(AccessRequest.builder().subject("age", AttributeValue.integer(11))
                    .subject("role", AttributeValue.string("c")).build()).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
    }

    @Test
    void andOrNotFollowTheirPrecedence() {
        // not binds tightest, then and, then or: (not a) or (b and c)
        String body = "policy p { apply permitOverrides rule { permit condition\n"
                + "  not role == \"a\" or role == \"b\" and age == 1 } }";
        try (PolicyDecisionPoint pdp = load(body)) {
            assertThat(pdp.decide(role("x")).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(role("a")).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
            AccessRequest bAnd1 = AccessRequest.builder().subject("role", AttributeValue.string("a"),
                    AttributeValue.string("b")).subject("age", AttributeValue.integer(1)).build();
            assertThat(pdp.decide(bAnd1).verdict()).isEqualTo(Verdict.PERMIT);
        }
    }

    @Test
    void literalsOfEveryDataTypeAreAcceptedByThePdp() {
        String[][] literals = {{"\"s\"", ""}, {"true", ""}, {"42", ""}, {"-1.5e3", ""},
                {"\"2025-10-31\"", "date"}, {"\"13:20:00Z\"", "time"}, {"\"2025-10-31T13:20:00Z\"", "dateTime"},
                {"\"P1DT2H\"", "dayTimeDuration"}, {"\"P1Y2M\"", "yearMonthDuration"},
                {"\"https://example.org/a\"", "anyURI"}, {"\"cn=Alice,o=Hospital,c=IT\"", "x500Name"},
                {"\"alice@hospital.it\"", "rfc822Name"}, {"\"0fb8\"", "hexBinary"}, {"\"AQID\"", "base64Binary"}};
        StringBuilder cond = new StringBuilder();
        for (String[] l : literals) {
            String lit = l[1].isEmpty() ? l[0] : l[0] + ":" + l[1];
            cond.append(cond.length() == 0 ? "" : " and ").append(lit).append(" == ").append(lit);
        }
        cond.append(" and ipAddressBagSize(ipAddressBag(\"10.0.0.1\":ipAddress)) == 1")
                .append(" and dnsNameBagSize(dnsNameBag(\"hospital.it\":dnsName)) == 1");
        String body = "policy p { apply permitOverrides rule { permit condition " + cond + " } }";
        for (String t : List.of("string", "boolean", "integer", "double", "date", "time", "dateTime",
                "dayTimeDuration", "yearMonthDuration", "anyURI", "x500Name", "rfc822Name", "hexBinary",
                "base64Binary", "ipAddress", "dnsName")) {
            assertThat(xml(body)).containsPattern("DataType=\"[^\"]*[#:]" + t + "\"");
        }
        try (PolicyDecisionPoint pdp = load(body)) {
            assertThat(pdp.decide(AccessRequest.builder().build()).verdict()).isEqualTo(Verdict.PERMIT);
        }
    }

    @Test
    void bagFunctionsWorkOnAttributeBagsAndBagLiterals() {
        String body = "policy p { apply permitOverrides rule { permit condition\n"
                + "  stringAtLeastOneMemberOf(role, stringBag(\"admin\", \"root\"))\n"
                + "  and stringBagSize(stringBag(\"a\", \"b\", \"c\")) == 3 } }";
        try (PolicyDecisionPoint pdp = load(body)) {
            assertThat(pdp.decide(role("user", "root")).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(role("user")).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
    }

    @Test
    void higherOrderFunctionsTakeFunctionReferences() {
        String body = "policy p { apply permitOverrides rule { permit condition\n"
                + "  allOf(function[integerGreaterThan], 100, age) } }";
        try (PolicyDecisionPoint pdp = load(body)) {
            assertThat(pdp.decide(age(1, 50)).verdict()).isEqualTo(Verdict.PERMIT);
            assertThat(pdp.decide(age(1, 150)).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
    }

    @Test
    void rulesAndPoliciesCanBeDeclaredOnceAndReferenced() {
        String body = "rule adults { permit condition age >= 18 }\n"
                + "policy minors { apply denyOverrides rule { deny condition age < 18 } }\n"
                + "policy q { apply firstApplicable adults }\n"
                + "policyset p { apply firstApplicable minors q }";
        String src = ATTRIBUTES + "namespace demo {\n  import demo.attrs.*\n" + body + "\n}\n";
        List<CompiledPolicy> compiled = AlfaCompiler.compile(List.of(new AlfaSource("demo.alfa", src)));
        assertThat(compiled).extracting(CompiledPolicy::name).containsExactly("demo.minors", "demo.q", "demo.p");
        assertThat(compiled.get(1).xml()).contains("RuleId=\"demo.adults\"");
        assertThat(compiled.get(2).xml())
                .contains("<xacml3:PolicyIdReference>" + Compiler.ID_PREFIX + "demo.minors</xacml3:PolicyIdReference>");
        AlfaCompiler.write(compiled, out);
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(out)) {
            assertThat(pdp.rootPolicyId()).isEqualTo(Compiler.ID_PREFIX + "demo.p");
            assertThat(pdp.decide(age(12)).verdict()).isEqualTo(Verdict.DENY);
            assertThat(pdp.decide(age(40)).verdict()).isEqualTo(Verdict.PERMIT);
        }
    }

    @Test
    void idsFollowTheReferenceCompilerAndExplicitIdsWin() {
        String x = xml("policyset p { apply firstApplicable\n"
                + "  policy inner { apply firstApplicable rule r { permit } rule { deny } }\n"
                + "  policy named = \"urn:example:named\" { apply firstApplicable rule r = \"urn:example:r\" { permit } } }");
        assertThat(x).contains("PolicySetId=\"" + Compiler.ID_PREFIX + "demo.p\"",
                "PolicyId=\"" + Compiler.ID_PREFIX + "demo.p.inner\"", "RuleId=\"demo.p.inner.r\"",
                "RuleId=\"demo.p.inner.rule1\"", "PolicyId=\"urn:example:named\"", "RuleId=\"urn:example:r\"");
    }

    @Test
    void docCommentsBecomeDescriptions() {
        String x = xml("/* Top\n * second line */ policy p { apply firstApplicable\n"
                + "  // not a description\n  rule r { permit } }");
        assertThat(x).contains("<xacml3:Description>Top\nsecond line</xacml3:Description>")
                .doesNotContain("not a description");
    }

    @Test
    void importOfOneNameMakesItUsableByItsLastSegment() {
        String src = ATTRIBUTES + "namespace other {\n  import demo.attrs.role\n"
                + "  policy p { apply firstApplicable rule { permit condition role == \"x\" } }\n}\n";
        assertThat(AlfaCompiler.compile(List.of(new AlfaSource("o.alfa", src))).get(0).xml())
                .contains("AttributeId=\"role\"");
    }
}
