package io.coalition.streamaccess.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObligationParserTest {
    static final String NS = ObligationParser.NS;

    static Map<String, List<String>> obligation(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(NS + pairs[i], List.of(pairs[i + 1]));
        return m;
    }

    static Map<String, List<String>> valid() {
        return obligation("task", "deny", "match", "?task log:performedBy ?agent",
                "condition", "{ ?task a log:A_ACCEPTED } and not ({ ?agent a log:automatic } or { ?x ?y ?z })",
                "find", "?agent a log:human", "replace", "?agent a log:generic",
                "decision-point", "?process ebtic-bpm:endTime ?end");
    }

    @Test
    void parsesAllFiveElementsOfTheSeedsObligation() {
        StreamObligation o = ObligationParser.parse(valid(), "p.xml:3:5");
        assertThat(o.effect()).isEqualTo(StreamObligation.Effect.DENY);
        assertThat(o.match()).hasSize(1);
        assertThat(o.condition().toSparql()).isEqualTo("(EXISTS { ?task a log:A_ACCEPTED } && (!(EXISTS { ?agent a "
                + "log:automatic } || EXISTS { ?x ?y ?z })))");
        assertThat(o.find()).hasSize(1);
        assertThat(o.replace()).hasSize(1);
        assertThat(o.decisionPoint()).hasSize(1);
    }

    private static void assertRejected(Map<String, List<String>> o, String message) {
        assertThatThrownBy(() -> ObligationParser.parse(o, "p.xml:3:5"))
                .isInstanceOf(StreamPolicyException.class).hasMessage(message);
    }

    private static Map<String, List<String>> with(String key, String value) {
        Map<String, List<String>> m = valid();
        if (value == null) m.remove(NS + key);
        else m.put(NS + key, List.of(value));
        return m;
    }

    @Test
    void taskOtherThanAllowOrDeny_isRejected() {
        assertRejected(with("task", "permit"), "p.xml:3:5: task must be 'allow' or 'deny', found 'permit'");
    }

    @Test
    void missingMatch_isRejected() {
        assertRejected(with("match", null), "p.xml:3:5: missing match (attribute " + NS + "match)");
    }

    @Test
    void unknownAttribute_isRejected() {
        Map<String, List<String>> m = valid();
        m.put(NS + "matches", List.of("?a ?b ?c"));
        assertRejected(m, "p.xml:3:5: unknown obligation attribute '" + NS + "matches'; expected " + NS
                + "{task,match,condition,find,replace,decision-point,prefix}");
    }

    @Test
    void matchWithFilter_isRejectedAsNotBasic() {
        assertRejected(with("match", "?t log:performedBy ?a FILTER(?a != ?t)"),
                "p.xml:3:5: match must be a basic graph pattern (triple patterns only); found FILTER");
    }

    @Test
    void matchWithSyntaxError_namesLineAndColumn() {
        assertThatThrownBy(() -> ObligationParser.parse(with("match", "?t log:performedBy"), "p.xml:3:5"))
                .isInstanceOf(StreamPolicyException.class)
                .hasMessage("p.xml:3:5: match is not a SPARQL graph pattern (at its end): Encountered \" \"}\" \"} \"\"");
    }

    @Test
    void undeclaredPrefix_isRejected() {
        assertThatThrownBy(() -> ObligationParser.parse(with("match", "?t bpi:amount ?a"), "p.xml:3:5"))
                .isInstanceOf(StreamPolicyException.class)
                .hasMessageContaining("match is not a SPARQL graph pattern (line 1, column 4): ")
                .hasMessageContaining("Unresolved prefixed name: bpi:amount");
    }

    @Test
    void blankNodeInMatch_isRejected() {
        assertRejected(with("match", "?t log:performedBy []"),
                "p.xml:3:5: match may not use blank nodes; name the variable instead: ?t (<urn:coalition:log#performedBy>) ??0");
    }

    @Test
    void findWithoutReplace_isRejected() {
        assertRejected(with("replace", null), "p.xml:3:5: alternative needs both find and replace; only find given");
    }

    @Test
    void replaceWithUnboundVariable_isRejected() {
        assertRejected(with("replace", "?other a log:generic"),
                "p.xml:3:5: replace uses ?other, which neither match nor find binds");
    }

    @Test
    void unbalancedConditionBrace_isRejected() {
        assertRejected(with("condition", "{ ?task a log:A_ACCEPTED"),
                "p.xml:3:5: condition, offset 0: graph pattern opened here is never closed with '}'");
    }

    @Test
    void conditionWithDanglingOperator_isRejected() {
        assertRejected(with("condition", "{ ?task a log:A_ACCEPTED } and"),
                "p.xml:3:5: condition, offset 30: expected '{', '(' or 'not', found the end");
    }

    @Test
    void decisionPointWithoutTriplePattern_isRejected() {
        assertRejected(with("decision-point", "FILTER(true)"),
                "p.xml:3:5: decision-point must contain at least one triple pattern");
    }

    @Test
    void policyMixingAllowAndDeny_isRejectedAtLoad(@TempDir Path dir) throws IOException {
        String policy = Files.readString(Path.of("src/main/resources/io/coalition/streamaccess/policies/bpic2012/resource-hider.xml"));
        int second = policy.lastIndexOf("<![CDATA[deny]]>");
        Path f = dir.resolve("mixed.xml");
        Files.writeString(f, policy.substring(0, second) + "<![CDATA[allow]]>"
                + policy.substring(second + "<![CDATA[deny]]>".length()));
        assertThatThrownBy(() -> StreamPolicies.load(f)).isInstanceOf(StreamPolicyException.class)
                .hasMessage(f + ":34:7: policy 'resource-hider' (" + f + ":3) mixes allow and deny obligations; a "
                        + "requester's obligations must all allow or all deny");
    }

    @Test
    void requesterGettingAllowAndDenyFromTwoPolicies_isRejected() {
        StreamObligation deny = ObligationParser.parse(valid(), "a.xml:1:1");
        StreamObligation allow = ObligationParser.parse(with("task", "allow"), "b.xml:2:2");
        assertThatThrownBy(() -> RequesterPolicy.of("ann", List.of(deny, allow)))
                .isInstanceOf(StreamPolicyException.class)
                .hasMessage("requester 'ann' gets both allow and deny obligations (a.xml:1:1 is deny, b.xml:2:2 is "
                        + "allow); they must all allow or all deny");
    }

    @Test
    void requesterWithoutMatchingRole_isRefusedByThePdp() {
        try (StreamPolicies sp = StreamPolicies.load(Path.of("src/main/resources/io/coalition/streamaccess/policies/bpic2012"))) {
            assertThatThrownBy(() -> sp.forRequester("eve", StreamPolicies.request("bpic2012",
                    Map.of("role", "intruder"))))
                    .isInstanceOf(StreamPolicyException.class)
                    .hasMessage("requester 'eve' may not read the stream: the PDP decided NOT_APPLICABLE");
            RequesterPolicy analyst = sp.forRequester("ann", StreamPolicies.request("bpic2012",
                    Map.of("role", "process-analyst")));
            assertThat(analyst.effect()).isEqualTo(StreamObligation.Effect.DENY);
            assertThat(analyst.obligations()).hasSize(1);
            assertThat(sp.obligations()).hasSize(8);
        }
    }
}
