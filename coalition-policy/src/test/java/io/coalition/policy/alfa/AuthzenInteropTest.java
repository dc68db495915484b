package io.coalition.policy.alfa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.TestData;
import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision;
import io.coalition.policy.PolicyDecisionPoint;
import io.coalition.policy.PolicyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AuthZEN interop ALFA specification (../shared/data/alfa/authzen-interop: interop.alfa, attributes.alfa,
 * standard-attributes.alfa) gives the decision the interop Postman collection expects for each of its 24
 * requests. The requests name the subject only by identity; as in the interop deployment, a PIP adds the
 * user's roles and email, here from the AuthZEN "Todo" scenario's user directory (below).
 */
class AuthzenInteropTest {
    /** identity -> (email, roles) of the AuthZEN Todo interop scenario's users that the collection uses. */
    private static final Map<String, List<String>> USERS = Map.of(
            "CiRmZDA2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
            List.of("rick@the-citadel.com", "admin", "evil_genius"),
            "CiRmZDE2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
            List.of("morty@the-citadel.com", "editor"),
            "CiRmZDI2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
            List.of("summer@the-smiths.com", "editor"));

    private static Path dir;

    @TempDir
    static Path out;

    record Case(String name, JsonNode body, boolean expected) {
    }

    @BeforeAll
    static void compile() {
        dir = TestData.require("alfa/authzen-interop");
        List<CompiledPolicy> compiled = AlfaCompiler.compileFiles(List.of(dir.resolve("interop.alfa"),
                dir.resolve("attributes.alfa"), dir.resolve("standard-attributes.alfa")));
        assertThat(compiled).extracting(CompiledPolicy::id)
                .containsExactly(Compiler.ID_PREFIX + "authzen.interop.main");
        AlfaCompiler.write(compiled, out);
    }

    static List<Case> cases() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode collection = json.readTree(dir.resolve("authzen.postman.collection.json").toFile());
        List<Case> cases = new ArrayList<>();
        for (JsonNode folder : collection.get("item")) {
            for (JsonNode item : folder.get("item")) {
                String script = String.join("\n", json.convertValue(item.at("/event/0/script/exec"), List.class));
                boolean expected;
                if (script.contains("decision).to.eql(true)")) {
                    expected = true;
                } else if (script.contains("decision).to.eql(false)")) {
                    expected = false;
                } else {
                    throw new IllegalStateException("no expected decision in " + item.get("name"));
                }
                cases.add(new Case(item.get("name").asText(), json.readTree(item.at("/request/body/raw").asText()),
                        expected));
            }
        }
        return cases;
    }

    static AccessRequest request(JsonNode body) {
        AccessRequest.Builder b = AccessRequest.builder();
        add(b, AccessRequest.SUBJECT, body.get("subject"));
        add(b, AccessRequest.ACTION, body.get("action"));
        add(b, AccessRequest.RESOURCE, body.get("resource"));
        List<String> user = USERS.get(body.at("/subject/identity").asText());
        if (user != null) {
            b.subject("user.email", AttributeValue.string(user.get(0)));
            for (String role : user.subList(1, user.size())) {
                b.subject("user.role", AttributeValue.string(role));
            }
        }
        return b.build();
    }

    private static void add(AccessRequest.Builder b, String category, JsonNode fields) {
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            b.attribute(category, f.getKey(), AttributeValue.string(f.getValue().asText()));
        }
    }

    @Test
    void everyInteropRequestGetsTheExpectedDecision() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSize(24);
        int permits = 0;
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(out)) {
            for (Case c : cases) {
                Decision d = pdp.decide(request(c.body()));
                assertThat(d.status().isOk()).as("status of '%s': %s", c.name(), d.status()).isTrue();
                assertThat(d.isPermit()).as("'%s' (decision %s)", c.name(), d.verdict()).isEqualTo(c.expected());
                permits += d.isPermit() ? 1 : 0;
            }
        }
        assertThat(permits).isEqualTo(20); // and 4 refusals
    }

    /** Without the PIP's roles the todo actions other than reading are refused: the policy, not luck, decides. */
    @Test
    void withoutRolesOnlyReadingIsAllowed() throws IOException {
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(out)) {
            for (Case c : cases()) {
                JsonNode body = c.body().deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("subject")).put("identity", "nobody");
                boolean reading = body.at("/action/name").asText().startsWith("can_read");
                assertThat(pdp.decide(request(body)).isPermit()).as(c.name()).isEqualTo(reading);
            }
        }
    }

    @Test
    void withTheProjectsOwnSystemAlfaTheOldHigherOrderIdsAreUsed(@TempDir Path own) {
        List<CompiledPolicy> compiled = AlfaCompiler.compileFiles(List.of(dir.resolve("interop.alfa"),
                dir.resolve("attributes.alfa"), dir.resolve("standard-attributes.alfa"),
                dir.resolve("system.alfa")));
        // That system.alfa maps anyOfAny to the XACML 1.0 draft identifier (for an older Axiomatics PDP).
        assertThat(compiled.get(0).xml()).contains("urn:oasis:names:tc:xacml:1.0:function:any-of-any")
                .doesNotContain("urn:oasis:names:tc:xacml:3.0:function:any-of-any");
        // AuthzForce implements XACML 3.0 only, which is why the tests above use the built-in System library.
        AlfaCompiler.write(compiled, own);
        assertThatThrownBy(() -> PolicyDecisionPoint.load(own)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("function ID 'urn:oasis:names:tc:xacml:1.0:function:any-of-any' not supported");
    }
}
