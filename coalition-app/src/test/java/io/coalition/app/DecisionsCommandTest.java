package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class DecisionsCommandTest {
    static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    static final String PATIENTS = """
            [
              {"id": "h1", "Age": 61, "PreExistingConditions": "Diabetes", "CurrentMedications": "Metformin",
               "PreviousVaccinations": "COVID-19", "FamilyMedicalHistory": "Heart Disease", "ConsentFormSigned": true,
               "Address": "Via Roma 1"},
              {"id": "h2", "Age": 70, "PreExistingConditions": "Diabetes", "CurrentMedications": "Albuterol",
               "PreviousVaccinations": "Influenza", "FamilyMedicalHistory": "Diabetes", "ConsentFormSigned": true},
              {"id": "h3", "Age": 65, "PreExistingConditions": "Diabetes", "CurrentMedications": "Metformin",
               "PreviousVaccinations": "COVID-19", "FamilyMedicalHistory": "Heart Disease", "ConsentFormSigned": true},
              {"id": "h4", "Age": 66, "PreExistingConditions": "Diabetes", "CurrentMedications": "Metformin",
               "PreviousVaccinations": "COVID-19", "FamilyMedicalHistory": "Heart Disease", "ConsentFormSigned": true},
              {"id": "h5", "Age": 67, "PreExistingConditions": "Diabetes", "CurrentMedications": "Metformin",
               "PreviousVaccinations": "COVID-19", "FamilyMedicalHistory": "Heart Disease", "ConsentFormSigned": true},
              {"id": "x", "Age": 30, "PreExistingConditions": "None", "CurrentMedications": "None",
               "PreviousVaccinations": "None", "FamilyMedicalHistory": "None", "ConsentFormSigned": false}
            ]
            """;

    Path example() {
        Path spec = tmp.resolve("spec");
        MainTest.Result r = run("decisions", "example", "-o", spec.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + spec.resolve("aggregations.dmn") + NL + "wrote "
                + spec.resolve("prioritization.dmn") + NL + "wrote " + spec.resolve("vaccine.alfa") + NL);
        return spec;
    }

    @Test
    void run_medicalHubGetsEveryPatientsPriority() throws Exception {
        Path spec = example();
        Path records = tmp.resolve("patients.json");
        Files.writeString(records, PATIENTS);
        Path work = tmp.resolve("work");
        MainTest.Result r = run("decisions", "run", "--dmn", spec.resolve("aggregations.dmn") + ","
                        + spec.resolve("prioritization.dmn"), "--alfa", spec.resolve("vaccine.alfa").toString(),
                "--function", "PatientPrioritizationWithAggr", "--records", records.toString(), "--work", work.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // filtered ages 61, 65, 66, 67: mean 64.75 >= 40, sum 259 > 250
        assertThat(r.out()).isEqualTo("h1\tHigh" + NL + "h2\tHigh" + NL + "h3\tHigh" + NL + "h4\tHigh" + NL
                + "h5\tHigh" + NL + "x\tIneligible" + NL + "meanAge = 64.75" + NL + "sumAge = 259" + NL
                + "6 records stored encrypted in " + work.resolve("blobs") + ", notarized in "
                + work.resolve("notary.log") + NL);
    }

    @Test
    void run_patientCallerIsRefused() throws Exception {
        Path spec = example();
        Path records = tmp.resolve("patients.json");
        Files.writeString(records, PATIENTS);
        MainTest.Result r = run("decisions", "run", "--dmn", spec.resolve("aggregations.dmn") + ","
                        + spec.resolve("prioritization.dmn"), "--alfa", spec.resolve("vaccine.alfa").toString(),
                "--function", "PatientPrioritizationWithAggr", "--records", records.toString(),
                "--caller", "Patient:IT", "--work", tmp.resolve("work").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: refused: policy: id-decider (role Patient, country IT) may not call "
                + "PatientPrioritizationWithAggr(Patient,meanAge,sumAge)" + NL);
    }

    @Test
    void evaluate_printsOneDecisionPerInput() throws Exception {
        Path spec = example();
        Path inputs = tmp.resolve("in.json");
        Files.writeString(inputs, """
                [{"Age": 10, "CurrentMedications": "Lisinopril", "PreviousVaccinations": "COVID-19",
                  "ConsentFormSigned": true, "meanAge": 30},
                 {"ConsentFormSigned": false}]
                """);
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "PatientPrioritizationWithAggr", "--inputs", inputs.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("\"Low\"" + NL + "\"Ineligible\"" + NL);
    }

    @Test
    void evaluate_unknownDecision_namesTheKnownOnes() throws Exception {
        Path spec = example();
        Path inputs = tmp.resolve("in.json");
        Files.writeString(inputs, "{}");
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "Nope", "--inputs", inputs.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: " + spec.resolve("prioritization.dmn")
                + ": no decision named 'Nope' (decisions: [PatientPrioritizationWithAggr])" + NL);
    }

    @Test
    void evaluate_badJson_namesTheFileAndElement() throws Exception {
        Path spec = example();
        Path inputs = tmp.resolve("in.json");
        Files.writeString(inputs, "[1]");
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "PatientPrioritizationWithAggr", "--inputs", inputs.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: " + inputs + ": element [0]: expected a JSON object, found NUMBER" + NL);
    }
}
