package io.coalition.policy.alfa;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.Decision;
import io.coalition.policy.PolicyDecisionPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's Listing 3 (a named condition, a policy set referencing a policy, obligations and advice) compiles
 * to XACML that decides like the hand-written XACML of the same policy, obligations and advice included.
 */
class SeedListing3Test {
    @TempDir
    Path out;

    @Test
    void listing3DecidesLikeTheHandWrittenXacml() throws IOException, URISyntaxException {
        String alfa;
        try (InputStream in = getClass().getResourceAsStream("vaccine.alfa")) {
            alfa = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<CompiledPolicy> compiled = AlfaCompiler.compile(List.of(new AlfaSource("vaccine.alfa", alfa)));
        assertThat(compiled).extracting(CompiledPolicy::id)
                .containsExactly("VaccineDispatch", "VaccineDispatch.PatientPrioritizationWithAggr");
        assertThat(compiled.get(0).xml()).contains(
                "<xacml3:PolicyIdReference>VaccineDispatch.PatientPrioritizationWithAggr</xacml3:PolicyIdReference>");
        AlfaCompiler.write(compiled, out);

        Path handWritten = Path.of(getClass().getResource("/io/coalition/policy/vaccine").toURI());
        String reference = Files.readString(handWritten.resolve("prioritization.xml"));
        List<AccessRequest> requests = RequestSet.generate(RequestSet.domains(List.of(reference)));
        // Role {MedicalHub, other}, Country {Italy, other}, action {the function, other}, subject-id {2 values}
        assertThat(requests).hasSize(2 * 2 * 2 * 2 + 1);
        int permits = 0;
        int denies = 0;
        try (PolicyDecisionPoint expected = PolicyDecisionPoint.load(handWritten);
             PolicyDecisionPoint actual = PolicyDecisionPoint.load(out)) {
            assertThat(actual.rootPolicyId()).isEqualTo("VaccineDispatch");
            for (AccessRequest r : requests) {
                Decision e = expected.decide(r);
                Decision a = actual.decide(r);
                assertThat(a.verdict()).as("decision for %s", r).isEqualTo(e.verdict());
                assertThat(actions(a.obligations())).isEqualTo(actions(e.obligations()));
                assertThat(actions(a.advice())).isEqualTo(actions(e.advice()));
                permits += a.isPermit() ? 1 : 0;
                denies += a.verdict() == Decision.Verdict.DENY ? 1 : 0;
            }
        }
        assertThat(permits).isEqualTo(2); // a medical hub in Italy calling the function, either subject id
        assertThat(denies).isEqualTo(requests.size() - 2);
    }

    /**
     * Obligations compared by id and (attribute id, value): ALFA attributes always have a category, which the
     * hand-written XACML leaves out for two of the three assignments.
     */
    private static List<String> actions(List<Decision.PepAction> actions) {
        return actions.stream().map(p -> p.id() + p.assignments().stream()
                .map(as -> as.attributeId() + "=" + as.value().value()).toList()).toList();
    }
}
