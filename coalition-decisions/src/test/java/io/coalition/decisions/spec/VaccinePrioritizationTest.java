package io.coalition.decisions.spec;

import io.coalition.decisions.DecisionsException;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Seed 004's patient prioritization (Tables IV and V) from its DMN and ALFA files: generated patient records
 * covering every rule, each decision checked against a straightforward Java evaluation of the same table.
 */
class VaccinePrioritizationTest {
    @TempDir
    static Path policies;
    static DecisionSpecification spec;

    @BeforeAll
    static void load() throws URISyntaxException {
        Path dir = Path.of(VaccinePrioritizationTest.class.getResource("/io/coalition/decisions/vaccine").toURI());
        spec = DecisionSpecification.load(List.of(dir.resolve("aggregations.dmn"), dir.resolve("prioritization.dmn")),
                List.of(dir.resolve("vaccine.alfa")), policies);
    }

    @AfterAll
    static void close() {
        spec.close();
    }

    static Map<String, Object> patient(int age, String cond, String med, String vacc, String family, boolean consent) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Age", age);
        p.put("PreExistingConditions", cond);
        p.put("CurrentMedications", med);
        p.put("PreviousVaccinations", vacc);
        p.put("FamilyMedicalHistory", family);
        p.put("ConsentFormSigned", consent);
        p.put("Address", "Via Roma " + age); // not decision-relevant: dropped from light copies
        return p;
    }

    /** Table V's filter, then mean and sum of Age, written out in Java. */
    static BigDecimal[] oracleAggregates(List<Map<String, Object>> ps) {
        List<Integer> ages = ps.stream().filter(p -> (Boolean) p.get("ConsentFormSigned")
                        && ((String) p.get("FamilyMedicalHistory")).contains("Heart Disease")
                        && ((int) p.get("Age") <= 38 || ((int) p.get("Age") > 40
                        && ((String) p.get("PreExistingConditions")).contains("Diabetes")))
                        && ((String) p.get("PreviousVaccinations")).contains("COVID-19"))
                .map(p -> (Integer) p.get("Age")).toList();
        if (ages.isEmpty()) {
            return new BigDecimal[]{null, null};
        }
        int sum = ages.stream().mapToInt(Integer::intValue).sum();
        return new BigDecimal[]{BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(ages.size()), java.math.MathContext.DECIMAL128),
                BigDecimal.valueOf(sum)};
    }

    /** Table IV as first-hit if-chains (Listing 2, with the README's fixes). */
    static String oracleDecision(Map<String, Object> p, BigDecimal mean, BigDecimal sum) {
        int age = (int) p.get("Age");
        boolean consent = (Boolean) p.get("ConsentFormSigned");
        if (age >= 60 && List.of("Asthma", "Diabetes").contains(p.get("PreExistingConditions"))
                && List.of("Metformin", "Albuterol").contains(p.get("CurrentMedications"))
                && List.of("COVID-19", "Influenza").contains(p.get("PreviousVaccinations"))
                && List.of("Diabetes", "Heart Disease").contains(p.get("FamilyMedicalHistory")) && consent
                && mean != null && mean.compareTo(BigDecimal.valueOf(40)) >= 0
                && sum != null && sum.compareTo(BigDecimal.valueOf(250)) > 0) {
            return "High";
        }
        if (age >= 18 && age < 60 && "Asthma".equals(p.get("PreExistingConditions"))
                && "Metformin".equals(p.get("CurrentMedications")) && "Influenza".equals(p.get("PreviousVaccinations"))
                && consent && mean != null && mean.compareTo(BigDecimal.valueOf(40)) < 0) {
            return "Medium";
        }
        if (age < 18 && "Lisinopril".equals(p.get("CurrentMedications")) && "COVID-19".equals(p.get("PreviousVaccinations"))
                && consent && mean != null && mean.compareTo(BigDecimal.valueOf(18)) > 0
                && mean.compareTo(BigDecimal.valueOf(60)) < 0) {
            return "Low";
        }
        return consent ? null : "Ineligible";
    }

    static Map<String, Map<String, Object>> population(long seed, int n, int oldHeartDiabetics, int young) {
        Random r = new Random(seed);
        String[] conds = {"Asthma", "Diabetes", "None"};
        String[] meds = {"Metformin", "Albuterol", "Lisinopril", "None"};
        String[] vaccs = {"COVID-19", "Influenza", "None"};
        String[] fams = {"Diabetes", "Heart Disease", "None"};
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put("p" + i, patient(r.nextInt(90), conds[r.nextInt(3)], meds[r.nextInt(4)], vaccs[r.nextInt(3)],
                    fams[r.nextInt(3)], r.nextInt(5) > 0));
        }
        // pin the aggregates' filter: enough old diabetics with a heart-disease family history, or young ones
        for (int i = 0; i < oldHeartDiabetics; i++) {
            out.put("h" + i, patient(61 + i, "Diabetes", "Metformin", "COVID-19", "Heart Disease", true));
        }
        for (int i = 0; i < young; i++) {
            out.put("y" + i, patient(20 + i, "Asthma", "Lisinopril", "COVID-19", "Heart Disease", true));
        }
        if (young > 0) { // one patient per Medium and Low rule, outside the aggregates' filter
            out.put("medium", patient(25, "Asthma", "Metformin", "Influenza", "None", true));
            out.put("low", patient(15, "None", "Lisinopril", "COVID-19", "None", true));
        }
        return out;
    }

    @Test
    void everyRuleFiresAndMatchesTheOracle() {
        DecisionFunction f = spec.function("PatientPrioritizationWithAggr");
        assertThat(f.action()).isEqualTo("PatientPrioritizationWithAggr(Patient,meanAge,sumAge)");
        Map<String, String> seen = new LinkedHashMap<>();
        // an old population (mean >= 40: High possible) and a young one (mean < 40: Medium and Low possible)
        for (var pop : List.of(population(1, 300, 40, 0), population(2, 300, 0, 12))) {
            DecisionOutcome out = spec.evaluate(f, pop);
            BigDecimal[] agg = oracleAggregates(List.copyOf(pop.values()));
            assertThat((BigDecimal) out.aggregates().get("meanAge")).isEqualByComparingTo(agg[0]);
            assertThat((BigDecimal) out.aggregates().get("sumAge")).isEqualByComparingTo(agg[1]);
            assertThat(out.decisions()).hasSize(pop.size());
            for (DecisionOutcome.RecordDecision d : out.decisions()) {
                String expected = oracleDecision(pop.get(d.recordId()), agg[0], agg[1]);
                assertThat(d.output()).as(d.recordId() + " " + pop.get(d.recordId())).isEqualTo(expected);
                seen.merge(String.valueOf(expected), d.recordId(), (a, b) -> a);
            }
        }
        // the young population's mean is in ]18..60[ and below 40: Low needs an under-18 Lisinopril COVID-19 patient
        assertThat(seen.keySet()).contains("High", "Medium", "Low", "Ineligible", "null");
    }

    @Test
    void onlyAnItalianMedicalHubMayCallIt() {
        String action = spec.function("PatientPrioritizationWithAggr").action();
        assertThat(spec.permits(attrs("MedicalHub", "IT"), action)).isTrue();
        assertThat(spec.permits(attrs("MedicalHub", "FR"), action)).isFalse();
        assertThat(spec.permits(attrs("Patient", "IT"), action)).isFalse();
        assertThat(spec.permits(attrs("Patient", "IT"), "provide(Patient)")).isTrue();
        assertThat(spec.permits(attrs("Carrier", "IT"), "provide(Patient)")).isFalse();
    }

    @Test
    void lightCopyKeepsOnlyDecisionRelevantFields() {
        DecisionFunction f = spec.function("PatientPrioritizationWithAggr");
        assertThat(spec.decisionRelevantFields(f, patient(30, "a", "b", "c", "d", true).keySet()))
                .containsExactly("Age", "PreExistingConditions", "CurrentMedications", "PreviousVaccinations",
                        "FamilyMedicalHistory", "ConsentFormSigned");
    }

    @Test
    void unknownFunction_isRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> spec.function("Restock"))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("no decision function 'Restock' (functions: [PatientPrioritizationWithAggr])");
    }

    @Test
    void malformedSignature_isRejected() {
        assertThatThrownBy(() -> DecisionFunction.parse("Prioritize Patient"))
                .hasMessage("decision function 'Prioritize Patient': expected funcName(dataStructure, aggregation*)");
        assertThat(DecisionFunction.parse(" F ( D , a ,b )")).isEqualTo(new DecisionFunction("F", "D", List.of("a", "b")));
    }

    static ParticipantAttributes attrs(String role, String country) {
        return new ParticipantAttributes("id-" + role, role, country, "Org of " + role,
                Set.of(ParticipantType.DECIDER), true);
    }
}
