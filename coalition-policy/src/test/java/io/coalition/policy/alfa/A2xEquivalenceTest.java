package io.coalition.policy.alfa;

import io.coalition.eventlog.TestData;
import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision;
import io.coalition.policy.PolicyDecisionPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The a2x end-to-end case (../shared/data/alfa/a2x) compiles to XACML equal to a2x's expected output in
 * canonical form. Differences that do not change meaning and are removed before comparing:
 * <ul>
 *   <li>namespace prefixes, attribute order, indentation (canonical form);</li>
 *   <li>RuleId spelling: a2x writes {@code https://sr.ht/~gheartsfield/a2x/alfa/ident/foo/master/child/r}, we
 *       write the Axiomatics form {@code foo.master.child.r}; both are mapped to the ALFA path;</li>
 *   <li>{@code PolicyDefaults}/{@code PolicySetDefaults} with the XPath 1.0 version, which we emit as the
 *       Axiomatics compiler does and a2x omits.</li>
 * </ul>
 */
class A2xEquivalenceTest {
    private static final String A2X_RULE_PREFIX = "https://sr.ht/~gheartsfield/a2x/alfa/ident/";

    @TempDir
    Path out;

    @Test
    void compilesToTheExpectedXacml() throws IOException {
        Path dir = TestData.require("alfa/a2x");
        List<CompiledPolicy> compiled = AlfaCompiler.compileFiles(List.of(dir.resolve("a2x-e2e-complex.alfa")));
        assertThat(compiled).extracting(CompiledPolicy::id).containsExactly("master-id");
        String expected = Files.readString(dir.resolve("a2x-e2e-complex.expected.xml"));

        assertThat(canonical(compiled.get(0).xml())).isEqualTo(canonical(expected));
        assertThat(canonical(compiled.get(0).xml())).contains("RuleId=\"foo.master.child.r\"")
                .contains("MatchId=\"urn:oasis:names:tc:xacml:1.0:function:date-equal\"");
    }

    @Test
    void decidesLikeTheExpectedXacml() throws IOException {
        Path dir = TestData.require("alfa/a2x");
        List<CompiledPolicy> compiled = AlfaCompiler.compileFiles(List.of(dir.resolve("a2x-e2e-complex.alfa")));
        AlfaCompiler.write(compiled, out);
        String expected = Files.readString(dir.resolve("a2x-e2e-complex.expected.xml"));
        List<AccessRequest> requests = RequestSet.generate(RequestSet.domains(List.of(expected)));
        // subject-id {foo, bar, other}, resource-id {bar, foo (the condition), other}, current-date {2025-10-31, other}
        assertThat(requests).hasSize(3 * 3 * 2 + 1);
        int permits = 0;
        try (PolicyDecisionPoint ref = PolicyDecisionPoint.load(dir.resolve("a2x-e2e-complex.expected.xml"));
             PolicyDecisionPoint ours = PolicyDecisionPoint.load(out)) {
            for (AccessRequest r : requests) {
                Decision e = ref.decide(r);
                assertThat(ours.decide(r).verdict()).as("decision for %s", r).isEqualTo(e.verdict());
                permits += e.isPermit() ? 1 : 0;
            }
            assertThat(permits).isZero(); // a single resource-id cannot both equal "bar" and start with "foo"
            // A bag of two resource ids can: one matches the targets, the other the condition.
            AccessRequest both = AccessRequest.builder()
                    .subject(AccessRequest.SUBJECT_ID, AttributeValue.string("foo"))
                    .resource(AccessRequest.RESOURCE_ID, AttributeValue.string("bar"),
                            AttributeValue.string("foobar"))
                    .environment("urn:oasis:names:tc:xacml:1.0:environment:current-date",
                            AttributeValue.of("http://www.w3.org/2001/XMLSchema#date", "2025-10-31"))
                    .build();
            assertThat(ref.decide(both).verdict()).isEqualTo(Decision.Verdict.PERMIT);
            assertThat(ours.decide(both).verdict()).isEqualTo(Decision.Verdict.PERMIT);
        }
    }

    /** Elements as {@code {ns}Name[attr=value,...](children)}, text trimmed, insignificant parts removed. */
    static String canonical(String xml) {
        StringBuilder b = new StringBuilder();
        write(RequestSet.parse(xml).getDocumentElement(), b, 0);
        return b.toString();
    }

    private static void write(Element e, StringBuilder b, int depth) {
        if (e.getLocalName().equals("PolicyDefaults") || e.getLocalName().equals("PolicySetDefaults")) {
            return;
        }
        TreeMap<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node a = e.getAttributes().item(i);
            if (a.getNodeName().startsWith("xmlns")) {
                continue;
            }
            String value = a.getNodeValue();
            if (a.getNodeName().equals("RuleId") && value.startsWith(A2X_RULE_PREFIX)) {
                value = value.substring(A2X_RULE_PREFIX.length()).replace('/', '.');
            }
            attributes.put(a.getNodeName(), value);
        }
        b.append("  ".repeat(depth)).append('{').append(e.getNamespaceURI()).append('}').append(e.getLocalName());
        attributes.forEach((k, v) -> b.append(' ').append(k).append("=\"").append(v).append('"'));
        List<Element> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce) {
                children.add(ce);
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
            }
        }
        if (!text.toString().isBlank()) {
            b.append(" text=\"").append(text.toString().strip()).append('"');
        }
        b.append('\n');
        children.forEach(c -> write(c, b, depth + 1));
    }
}
