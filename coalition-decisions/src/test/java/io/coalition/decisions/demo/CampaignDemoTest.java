package io.coalition.decisions.demo;

import io.coalition.decisions.spec.DecisionOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The vaccine campaign demo: every call's outcome, exactly. */
class CampaignDemoTest {
    @TempDir
    Path dir;

    static java.util.List<Object> outputs(DecisionOutcome o) {
        return o.decisions().stream().map(DecisionOutcome.RecordDecision::output).toList();
    }

    @Test
    void everyDecisionOfTheCampaign() {
        CampaignDemo.Report r = CampaignDemo.run(dir);
        assertThat(r.recordsByDataName()).isEqualTo(Map.of("Patients", 9, "VaccinationCenters", 7, "Carriers", 10));
        assertThat(r.calls()).hasSize(6);
        DecisionOutcome priority = r.calls().get(0).outcome();
        assertThat(outputs(priority)).containsExactly("High", "High", "High", "High", "High", "High", null, "Ineligible", null);
        assertThat(new java.math.BigDecimal(priority.aggregates().get("meanAge").toString())).isEqualByComparingTo("63.5");
        assertThat(outputs(r.calls().get(1).outcome())).containsExactly("Immediate", "Needed soon", "Needed",
                "Medium priority", "Lower priority", "No need", null);
        assertThat(outputs(r.calls().get(2).outcome())).containsExactly("Rapid Logistics Inc.", "PrimeWay Haulage",
                "Atlas Cargo Express", "SkyBridge Freight", "Global Freight Solutions", "Evergreen Transport Co.",
                "Horizon Cargo Services", "Velocity Transport Ltd.", "BlueLine Logistics", "Not Eligible");
        CampaignDemo.Call center = r.calls().get(3);
        assertThat(center.role()).isEqualTo("VaccinationCenter");
        assertThat(center.outcome().decisions()).isEmpty();
        assertThat(center.outcome().summary()).containsEntry("Immediate", 1L).containsEntry("null", 1L).hasSize(7);
        assertThat(r.calls().get(4).outcome().decisions()).isEmpty();
        assertThat(r.calls().get(4).outcome().summary()).hasSize(10);
        assertThat(r.calls().get(5).refusal())
                .isEqualTo("policy: id-patient-1 (role Patient, country IT) may not call Restock(VaccinationCenter)");
        assertThat(Files.isRegularFile(dir.resolve("notary.log"))).isTrue();
    }
}
