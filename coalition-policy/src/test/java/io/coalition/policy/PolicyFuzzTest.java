package io.coalition.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for what coalition-policy reads from outside: JSON requests, XACML XML requests and policy
 * files. On any input each returns a usable value or throws {@link PolicyException}; anything else escaping
 * (an AuthzForce or JAXB runtime exception, an NPE) is a finding. In the normal build they run in regression
 * mode over {@code src/test/resources/io/coalition/policy/PolicyFuzzTestInputs/<method>/}; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -o -pl coalition-policy test -Dtest=PolicyFuzzTest}.
 */
class PolicyFuzzTest {
    /** Read-only after loading; shared by the fuzz iterations. */
    private static final PolicyDecisionPoint PDP = PolicyDecisionPoint.load(PolicyDecisionPointTest.resource("vaccine"));

    @FuzzTest(maxDuration = "2m")
    void jsonRequest(String input) {
        if (input == null) return; // null is outside the contract (NullPointerException)
        AccessRequest request;
        try {
            request = PolicyJson.readRequest(input, "fuzz.json");
        } catch (PolicyException expected) {
            return;
        }
        assertThat(request.attributes()).isNotEmpty();
        // Any request the JSON reader accepts gets a decision, never an exception.
        assertThat(PDP.decide(request).verdict()).isNotNull();
    }

    @FuzzTest(maxDuration = "2m")
    void xmlRequest(String input) {
        if (input == null) return;
        XacmlResponse response;
        try {
            response = PDP.decideXml(input, "fuzz.xml");
        } catch (PolicyException expected) {
            return;
        }
        assertThat(response.decisions()).isNotEmpty();
        assertThat(PolicyDecisionPoint.parseXacmlResponse(response.xml(), "response.xml").decisions())
                .isEqualTo(response.decisions());
    }

    @FuzzTest(maxDuration = "2m")
    void policyFile(byte[] input) throws IOException {
        if (input == null) return;
        Path dir = Files.createTempDirectory("policy-fuzz");
        Path file = dir.resolve("policy.xml");
        try {
            Files.write(file, input);
            try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(file)) {
                assertThat(pdp.decide(AccessRequest.builder().action("read").build()).verdict()).isNotNull();
            } catch (PolicyException expected) {
                // refused with a message
            }
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }
}
