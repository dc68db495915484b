package io.coalition.policy.alfa;

import io.coalition.eventlog.TestData;
import io.coalition.policy.AccessRequest;
import io.coalition.policy.Attribute;
import io.coalition.policy.Decision;
import io.coalition.policy.Decision.Verdict;
import io.coalition.policy.PolicyDecisionPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's ALFA sources (../shared/data/alfa/tutorial) compile, and the result decides like the reference
 * XML the Axiomatics compiler produced (tutorial.main.xml, from main.alfa's policy set tutorial.Main) on every
 * request of a set generated from the attributes and values the policies test.
 */
class TutorialDecisionTest {
    private static final String MAIN_ID = Compiler.ID_PREFIX + "tutorial.Main";
    private static Path tutorial;
    private static List<CompiledPolicy> compiled;

    @TempDir
    static Path out;

    @BeforeAll
    static void compile() throws IOException {
        tutorial = TestData.require("alfa/tutorial");
        List<Path> sources;
        try (Stream<Path> s = Files.list(tutorial)) {
            sources = s.filter(p -> p.toString().endsWith(".alfa")).sorted().toList();
        }
        assertThat(sources).hasSize(5);
        compiled = AlfaCompiler.compileFiles(sources);
        AlfaCompiler.write(compiled, out);
    }

    private static CompiledPolicy named(String name) {
        return compiled.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void compilesOneDocumentPerTopLevelPolicySet() {
        assertThat(compiled).extracting(CompiledPolicy::name, CompiledPolicy::id, CompiledPolicy::fileName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tutorial.Main", MAIN_ID, "tutorial.Main.xml"),
                        org.assertj.core.groups.Tuple.tuple("tutorial.main",
                                Compiler.ID_PREFIX + "tutorial.main", "tutorial.main.xml"));
        assertThat(out.resolve("tutorial.Main.xml")).hasContent(named("tutorial.Main").xml().stripTrailing());
    }

    @Test
    void mainDecidesLikeTheReferenceCompilerOnEveryGeneratedRequest() throws IOException {
        String reference = Files.readString(tutorial.resolve("tutorial.main.xml"));
        String ours = named("tutorial.Main").xml();
        Map<RequestSet.Key, Set<String>> domains = RequestSet.domains(List.of(reference, ours));
        List<AccessRequest> requests = RequestSet.generate(domains);
        // 8 attributes: objectType 2 values, actionId 4, role 3, status 3, and four compared only with each
        // other (departments, owner, subordinate) with 2 each: 2*4*3*3*16 = 1152, plus the empty request.
        assertThat(requests).hasSize(1153);

        List<RequestSet.RuleTarget> rules = RequestSet.ruleTargets(reference);
        assertThat(rules).hasSize(4);
        int[] permitsPerRule = new int[rules.size()];
        int permits = 0;
        try (PolicyDecisionPoint expected = PolicyDecisionPoint.load(tutorial.resolve("tutorial.main.xml"));
             PolicyDecisionPoint actual = PolicyDecisionPoint.load(MAIN_ID,
                     List.of(out.resolve("tutorial.Main.xml")))) {
            for (AccessRequest r : requests) {
                Decision e = expected.decide(r);
                Decision a = actual.decide(r);
                assertThat(a.verdict()).as("decision for %s", r).isEqualTo(e.verdict());
                assertThat(a.obligations()).isEqualTo(e.obligations());
                assertThat(a.advice()).isEqualTo(e.advice());
                if (a.isPermit()) {
                    permits++;
                    for (int i = 0; i < rules.size(); i++) {
                        if (RequestSet.carries(r, rules.get(i).matches())) {
                            permitsPerRule[i]++;
                        }
                    }
                }
            }
        }
        // Every rule is exercised: some permitted request carries all the values its target requires.
        assertThat(java.util.Arrays.stream(permitsPerRule).boxed().toList()).allMatch(n -> n > 0);
        assertThat(permits).isEqualTo(permitsPerRule[0] + permitsPerRule[1] + permitsPerRule[2]
                + permitsPerRule[3]);
    }

    /**
     * tutorial.alfa has no reference XML, so its decisions are checked against the policy read by hand: records
     * may be viewed by managers, and by employees of the record's department; nothing else applies.
     */
    @Test
    void tutorialPolicySetDecidesAsItsRulesSay() {
        String ours = named("tutorial.main").xml();
        List<AccessRequest> requests = RequestSet.generate(RequestSet.domains(List.of(ours)));
        assertThat(requests).hasSize(2 * 3 * 2 * 2 * 2 + 1);
        int permits = 0;
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(Compiler.ID_PREFIX + "tutorial.main",
                List.of(out.resolve("tutorial.main.xml")))) {
            for (AccessRequest r : requests) {
                boolean record = has(r, "com.acme.record.objectType", "record");
                boolean view = has(r, "com.acme.action.actionId", "view");
                boolean manager = has(r, "com.acme.user.role", "manager");
                boolean employee = has(r, "com.acme.user.role", "employee");
                boolean sameDept = value(r, "com.acme.user.department") != null
                        && value(r, "com.acme.user.department").equals(value(r, "com.acme.record.department"));
                Verdict expected = record && view && (manager || (employee && sameDept))
                        ? Verdict.PERMIT : Verdict.NOT_APPLICABLE;
                assertThat(pdp.decide(r).verdict()).as("decision for %s", r).isEqualTo(expected);
                permits += expected == Verdict.PERMIT ? 1 : 0;
            }
        }
        // managers: any of the 2x2 department pairs; employees: the 2 equal pairs
        assertThat(permits).isEqualTo(4 + 2);
    }

    private static boolean has(AccessRequest r, String id, String value) {
        return value(r, id) != null && value(r, id).equals(value);
    }

    private static String value(AccessRequest r, String id) {
        return r.attributes().stream().filter(a -> a.id().equals(id)).map(Attribute::values)
                .flatMap(List::stream).map(v -> v.value()).findFirst().orElse(null);
    }
}
