package io.coalition.policy.alfa;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for the ALFA compiler: on any text it returns XACML documents that parse as XML, or throws
 * {@link AlfaException} with a location; anything else escaping (an NPE, a ClassCastException, a
 * StackOverflowError) is a finding. The normal build runs it in regression mode over
 * {@code src/test/resources/io/coalition/policy/alfa/AlfaFuzzTestInputs/compile/}; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -o -pl coalition-policy test -Dtest=AlfaFuzzTest}.
 */
class AlfaFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void compile(String input) {
        if (input == null) {
            return;
        }
        List<CompiledPolicy> compiled;
        try {
            compiled = AlfaCompiler.compile(List.of(new AlfaSource("fuzz.alfa", input)));
        } catch (AlfaException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.alfa:" + expected.line() + ":");
            return;
        }
        for (CompiledPolicy p : compiled) {
            assertThat(RequestSet.parse(p.xml()).getDocumentElement().getLocalName()).isIn("Policy", "PolicySet");
        }
    }
}
