package io.coalition.policy;

import io.coalition.policy.Decision.AttributeAssignment;
import io.coalition.policy.Decision.PepAction;
import io.coalition.policy.Decision.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyDecisionPointTest {
    static final String ACTION = "PatientPrioritizationWithAggr(Patient,meanAge,sumAge)";
    static PolicyDecisionPoint vaccine;
    static PolicyDecisionPoint typed;

    static Path resource(String name) {
        try {
            return Path.of(PolicyDecisionPointTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void load() {
        vaccine = PolicyDecisionPoint.load(resource("vaccine"));
        typed = PolicyDecisionPoint.load(resource("typed.xml"));
    }

    @AfterAll
    static void close() {
        vaccine.close();
        typed.close();
    }

    static AccessRequest.Builder hub(String role, String country) {
        return AccessRequest.builder()
                .subject(AccessRequest.SUBJECT_ID, AttributeValue.string("IT-001-2000"))
                .subject("Role", AttributeValue.string(role))
                .environment("Country", AttributeValue.string(country))
                .action(ACTION);
    }

    @Test
    void rootIsTheOnlyUnreferencedPolicy() {
        assertThat(vaccine.rootPolicyId()).isEqualTo("VaccineDispatch");
        assertThat(vaccine.files()).hasSize(2);
    }

    @Test
    void medicalHubInItaly_isPermittedWithNotarizationObligation() {
        Decision d = vaccine.decide(hub("MedicalHub", "Italy").build());
        assertThat(d.verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(d.status().isOk()).isTrue();
        assertThat(d.obligations()).containsExactly(new PepAction("urn:coalition:obligation:notarize-access", List.of(
                new AttributeAssignment("caller", AccessRequest.SUBJECT, null, AttributeValue.string("IT-001-2000")),
                new AttributeAssignment("retention-days", null, null, AttributeValue.integer(30)))));
        assertThat(d.advice()).isEmpty();
    }

    @Test
    void vaccinationCenterInItaly_isDeniedWithAdvice() {
        Decision d = vaccine.decide(hub("VaccinationCenter", "Italy").build());
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.isPermit()).isFalse();
        assertThat(d.obligations()).isEmpty();
        assertThat(d.advice()).containsExactly(new PepAction("urn:coalition:advice:who-may", List.of(
                new AttributeAssignment("reason", null, null, AttributeValue.string("only a medical hub in Italy")))));
    }

    @Test
    void medicalHubInFrance_isDenied() {
        assertThat(vaccine.decide(hub("MedicalHub", "France").build()).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void otherAction_isDeniedByTheRootDenyUnlessPermit() {
        Decision d = vaccine.decide(AccessRequest.builder().subject("Role", AttributeValue.string("MedicalHub"))
                .environment("Country", AttributeValue.string("Italy")).action("DeleteAll").build());
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.advice()).isEmpty();
    }

    @Test
    void roleBagWithMedicalHub_isPermitted() {
        Decision d = vaccine.decide(hub("Decider", "Italy").subject("Role", AttributeValue.string("MedicalHub")).build());
        assertThat(d.verdict()).isEqualTo(Verdict.PERMIT);
    }

    @Test
    void returnPolicyIdList_namesTheApplicablePolicies() {
        Decision d = vaccine.decide(hub("MedicalHub", "Italy").returnPolicyIdList(true).build());
        assertThat(d.applicablePolicies()).containsExactlyInAnyOrder(
                new Decision.PolicyReference(true, "VaccineDispatch", "1.0"),
                new Decision.PolicyReference(false, "VaccineDispatch.PatientPrioritizationWithAggr", "1.0"));
    }

    @Test
    void rootChosenById_evaluatesThatPolicyAlone() {
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load("VaccineDispatch.PatientPrioritizationWithAggr",
                List.of(resource("vaccine")))) {
            assertThat(pdp.rootPolicyId()).isEqualTo("VaccineDispatch.PatientPrioritizationWithAggr");
            // Without the root policy set's deny-unless-permit, another action is not applicable.
            Decision d = pdp.decide(AccessRequest.builder().action("DeleteAll").build());
            assertThat(d.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        }
    }

    static AccessRequest.Builder young() {
        return AccessRequest.builder().resource("Age", AttributeValue.integer(30));
    }

    static String matchedRule(Decision d) {
        assertThat(d.verdict()).isEqualTo(Verdict.PERMIT);
        return d.advice().isEmpty() ? "other" : d.advice().get(0).assignments().get(0).value().value();
    }

    @Test
    void integerValue_isComparedAsInteger() {
        Decision d = typed.decide(AccessRequest.builder().resource("Age", AttributeValue.integer(BigInteger.valueOf(61))).build());
        assertThat(matchedRule(d)).isEqualTo("integer");
        assertThat(typed.decide(young().build()).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void doubleBooleanDateTimeAnyUri_valuesMatchTheirRules() {
        assertThat(typed.decide(young().resource("MeanAge", AttributeValue.doubleValue(41.25)).build()).verdict())
                .isEqualTo(Verdict.PERMIT);
        assertThat(typed.decide(young().resource("MeanAge", AttributeValue.doubleValue(40.5)).build()).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(typed.decide(young().resource("ConsentFormSigned", AttributeValue.bool(true)).build()).verdict())
                .isEqualTo(Verdict.PERMIT);
        assertThat(typed.decide(young().resource("ConsentFormSigned", AttributeValue.bool(false)).build()).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(typed.decide(young().environment("RequestTime",
                AttributeValue.dateTime(OffsetDateTime.parse("2026-11-23T10:15:30+01:00"))).build()).verdict())
                .isEqualTo(Verdict.PERMIT);
        assertThat(typed.decide(young().environment("RequestTime",
                AttributeValue.dateTime(OffsetDateTime.parse("2027-01-01T00:00:00Z"))).build()).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(typed.decide(young().resource(AccessRequest.RESOURCE_ID,
                AttributeValue.anyUri(URI.create("ipfs://bafkreigh2akiscaildc"))).build()).verdict())
                .isEqualTo(Verdict.PERMIT);
    }

    @Test
    void missingMustBePresentAttribute_isIndeterminateWithMissingAttributeStatus() {
        Decision d = typed.decide(AccessRequest.builder().resource("MeanAge", AttributeValue.doubleValue(50)).build());
        assertThat(d.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(d.isPermit()).isFalse();
        assertThat(d.status().code()).isEqualTo("urn:oasis:names:tc:xacml:1.0:status:missing-attribute");
    }

    @Test
    void valueOfWrongTypeForTheDesignator_isNotAMatch() {
        // Age given as a string: the integer designator finds no integer value -> missing -> Indeterminate.
        Decision d = typed.decide(AccessRequest.builder().resource("Age", AttributeValue.string("61")).build());
        assertThat(d.verdict()).isEqualTo(Verdict.INDETERMINATE);
    }

    @Test
    void concurrentDecisions_areEachRight() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean hub = i % 2 == 0;
                results.add(pool.submit(() -> vaccine.decide(hub(hub ? "MedicalHub" : "Clinic", "Italy").build())
                        .isPermit() == hub));
            }
            for (var r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
