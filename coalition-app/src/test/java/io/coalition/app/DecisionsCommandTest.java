package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        assertThat(r.out()).startsWith("wrote " + spec.resolve("aggregations.dmn") + NL + "wrote "
                + spec.resolve("prioritization.dmn") + NL + "wrote " + spec.resolve("vaccine.alfa") + NL
                + "wrote " + spec.resolve("patient.json") + NL + "wrote " + spec.resolve("patients.json") + NL + "try: ");
        return spec;
    }

    @Test
    void example_printsCommandsThatRunAsPrinted() throws Exception {
        Path spec = tmp.resolve("spec");
        MainTest.Result r = run("decisions", "example", "-o", spec.toString());
        List<String> tries = r.out().lines().filter(l -> l.startsWith("try: coalition ")).toList();
        assertThat(tries).hasSize(2);
        MainTest.Result evaluate = run(tries.get(0).substring("try: coalition ".length()).split(" "));
        assertThat(evaluate.exit()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).isEqualTo("\"Medium\"" + NL + "\"Low\"" + NL);
        MainTest.Result secure = run(tries.get(1).substring("try: coalition ".length()).split(" "));
        assertThat(secure.exit()).as(secure.err()).isZero();
        assertThat(secure.out()).startsWith("p1\tHigh" + NL + "p2\tHigh" + NL + "p3\tHigh" + NL + "p4\tHigh" + NL
                + "p5\tHigh" + NL + "p6\tIneligible" + NL + "meanAge = 64.75" + NL + "sumAge = 259" + NL);
    }

    @Test
    void evaluate_takesInlineJson() throws Exception {
        Path spec = example();
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "PatientPrioritizationWithAggr", "--inputs", "{\"ConsentFormSigned\": false}");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("\"Ineligible\"" + NL);
    }

    @Test
    void evaluate_missingInputsFile_saysSo() throws Exception {
        Path spec = example();
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "PatientPrioritizationWithAggr", "--inputs", "nothere.json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: --inputs: no such file: nothere.json (give a JSON file, or inline JSON"
                + " starting with '{' or '[')" + NL);
    }

    @Test
    void evaluate_inlineJsonSyntaxError_namesTheOption() throws Exception {
        Path spec = example();
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "PatientPrioritizationWithAggr", "--inputs", "{\"Age\": }");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("coalition: --inputs: not valid JSON: Unexpected character ('}'");
    }

    @Test
    void evaluate_valueOfTheWrongType_isOneLineNamingTheValueAndType() throws Exception {
        Path spec = example();
        MainTest.Result r = run("decisions", "evaluate", "--dmn", spec.resolve("prioritization.dmn").toString(),
                "--decision", "PatientPrioritizationWithAggr", "--inputs",
                "{\"Age\": \"old\", \"ConsentFormSigned\": true, \"meanAge\": 50, \"sumAge\": 300}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: " + spec.resolve("prioritization.dmn") + ": decision"
                + " 'PatientPrioritizationWithAggr' failed: Cannot evaluate decision"
                + " namespace='https://coalition.io/dmn/vaccine/prioritization' name='PatientPrioritizationWithAggr':"
                + " Value 'old' does not conform to type 'number'" + NL);
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

    /** The same decisions whatever the records per envelope: one each, two (the last data set short), all in one. */
    @Test
    void run_batchSizeChangesTheEnvelopesNotTheDecisions() throws Exception {
        Path spec = example();
        Path records = Files.writeString(tmp.resolve("patients.json"), PATIENTS);
        List<String> outputs = new java.util.ArrayList<>();
        for (String size : List.of("1", "4", "1000")) {
            Path work = tmp.resolve("work-" + size);
            MainTest.Result r = run("decisions", "run", "--dmn", spec.resolve("aggregations.dmn") + ","
                            + spec.resolve("prioritization.dmn"), "--alfa", spec.resolve("vaccine.alfa").toString(),
                    "--function", "PatientPrioritizationWithAggr", "--records", records.toString(), "--work", work.toString(),
                    "--batch-size", size);
            assertThat(r.exit()).as(r.err()).isZero();
            outputs.add(r.out().replace(work.toString(), "WORK"));
        }
        assertThat(outputs).containsOnly(outputs.get(0));
        assertThat(outputs.get(0)).startsWith("h1\tHigh" + NL);
        MainTest.Result zero = run("decisions", "run", "--dmn", spec.resolve("prioritization.dmn").toString(), "--alfa",
                spec.resolve("vaccine.alfa").toString(), "--function", "F", "--records", records.toString(), "--work",
                tmp.resolve("w0").toString(), "--batch-size", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("coalition: --batch-size must be at least 1, got 0" + NL);
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
