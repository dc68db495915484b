package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.conformance.Alignments;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.Pnml;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class MineConformCommandTest {
    private static final String PM4PY_IM_TREE = "pm4py-reference/inductive-miner-trees/activity_classifier/01_running-example-im.ptml";
    private static final String BROKEN = "pm4py-reference/notebooks/data/running_example_broken.csv";

    @TempDir
    Path tmp;

    static IndexedLog index(Path log) {
        return Discovery.index(LogFiles.read(log, ReadOptions.DEFAULT));
    }

    @Test
    void runningExampleFitsItsOwnImfTree() {
        Path log = TestData.require("xes/running-example.xes");
        Path model = tmp.resolve("re.ptml");
        assertThat(run("mine", "discover", "-a", "inductive", log.toString(), "-o", model.toString()).exit()).isZero();
        MainTest.Result r = run("mine", "conform", "--model", model.toString(), log.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("(6 traces, 6 variants)")
                .contains("token replay    log fitness 1.000000, average trace fitness 1.000000, 100.00 % fitting traces")
                // every fitting trace still pays 1 per silent move, as in pm4py's align_fitness
                .contains("alignments      log fitness 0.999979, average trace fitness 1.000000, 100.00 % fitting traces")
                .contains("precision       0.753086 (ETC, token)")
                .contains("Variants (6 of 6)");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+1\\s+\\d+\\s+1\\.0000\\s+\\d+\\s+1\\.0000\\s+yes\\s+.*")))
                .hasSize(6);
    }

    @Test
    void precisionAsPm4py27ComputesItOnADataFrame() {
        // pm4py-timings.md: ETC 0.829060 on the running example's IMf net (pm4py 2.7 on the DataFrame read_xes
        // returns: 42 events, not 6 traces, weigh the empty prefix)
        Path log = TestData.require("xes/running-example.xes");
        Path model = tmp.resolve("re.ptml");
        assertThat(run("mine", "discover", "-a", "inductive", log.toString(), "-o", model.toString()).exit()).isZero();
        MainTest.Result r = run("mine", "conform", "--no-alignments", "--pm4py-input", "data-frame", "-m",
                model.toString(), log.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("precision       0.829060 (ETC, token, empty prefix weighted by events as pm4py on a DataFrame)");
        MainTest.Result bad = run("mine", "conform", "--pm4py-input", "pandas", "-m", model.toString(), log.toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("expected event-log, data-frame or pm4py-1 but was 'pandas'");
    }

    @Test
    void brokenRunningExampleAgainstPm4pysImTree() throws Exception {
        Path log = TestData.require(BROKEN);
        Path ptml = TestData.require(PM4PY_IM_TREE);
        MainTest.Result r = run("mine", "conform", "--json", "-m", ptml.toString(), log.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());

        // the same figures as the library on the same net (the CLI adds no arithmetic of its own)
        IndexedLog indexed = index(log);
        ProcessTree tree = Ptml.read(ptml);
        AcceptingPetriNet net = TreeToPetriNet.convert(tree);
        TokenReplay.Result replay = Conformance.tokenReplay(indexed, net);
        Alignments.Result aligned = Conformance.alignments(indexed, net);
        assertThat(json.get("traces").asInt()).isEqualTo(6);
        assertThat(json.at("/tokenReplay/logFitness").asDouble()).isEqualTo(replay.logFitness());
        assertThat(json.at("/tokenReplay/percentageFittingTraces").asDouble()).isEqualTo(16.666666666666668);
        assertThat(json.at("/tokenReplay/missing").asLong()).isEqualTo(replay.missing()).isPositive();
        assertThat(json.at("/alignments/logFitness").asDouble()).isEqualTo(aligned.logFitness());
        assertThat(json.at("/alignments/percentageFittingTraces").asDouble()).isEqualTo(16.666666666666668);
        assertThat(json.at("/precision/method").asText()).isEqualTo("token");
        assertThat(json.at("/precision/value").asDouble()).isEqualTo(Conformance.precision(indexed, net));
        assertThat(json.get("generalization").asDouble()).isEqualTo(Conformance.generalization(indexed, net));
        assertThat(json.get("simplicity").asDouble()).isEqualTo(Conformance.simplicity(net));
        JsonNode variants = json.get("variantTable");
        assertThat(variants).hasSize(6);
        int fitting = 0;
        for (JsonNode v : variants) {
            if (v.get("fits").asBoolean()) fitting++;
            // a deviation costs 10000 per log or visible model move, so fitting means cost below 10000
            assertThat(v.get("alignmentCost").asInt() < Alignments.MOVE_COST).isEqualTo(v.get("fits").asBoolean());
            assertThat(v.get("length").asInt()).isEqualTo(v.get("activities").size());
        }
        assertThat(fitting).isEqualTo(1);
    }

    @Test
    void noAlignmentsAndAlignmentPrecisionWithATopLimit() {
        Path log = TestData.require(BROKEN);
        Path ptml = TestData.require(PM4PY_IM_TREE);
        MainTest.Result r = run("mine", "conform", "--no-alignments", "--precision", "alignment", "--top", "2",
                "--model", ptml.toString(), log.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        AcceptingPetriNet net = TreeToPetriNet.convert(Ptml.read(ptml));
        double precision = Conformance.alignmentPrecision(index(log), net);
        assertThat(r.out()).contains("alignments      skipped (--no-alignments)")
                .contains(String.format("precision       %.6f (ETC, alignment)", precision))
                .contains("Variants (2 of 6)");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+[12]\\s+1\\s+\\d+\\s+0\\.\\d{4}\\s+-\\s+-\\s+(yes|no)\\s+.*")))
                .hasSize(2);
    }

    @Test
    void unknownModelExtension() {
        Path log = TestData.require("xes/running-example.xes");
        Path model = tmp.resolve("model.bpmn");
        MainTest.Result r = run("mine", "conform", "--model", model.toString(), log.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + model + ": unknown model format '.bpmn': expected .pnml or .ptml");
    }

    @Test
    void missingModelFile() {
        Path log = TestData.require("xes/running-example.xes");
        Path model = tmp.resolve("absent.pnml");
        MainTest.Result r = run("mine", "conform", "--model", model.toString(), log.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + model + ": no such model file");
    }

    @Test
    void pnmlWithoutFinalMarking() {
        Path log = TestData.require("xes/running-example.xes");
        AcceptingPetriNet net = TreeToPetriNet.convert(Ptml.read(TestData.require(PM4PY_IM_TREE)));
        Path model = tmp.resolve("no-final.pnml");
        Pnml.write(new AcceptingPetriNet(net.net(), net.initial(), Marking.of()), model);
        MainTest.Result r = run("mine", "conform", "--model", model.toString(), log.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + model + ": the net has no final marking: conformance "
                + "checking needs one (<finalmarkings> as pm4py writes it)");
    }

    @Test
    void pnmlWithoutInitialMarking() {
        Path log = TestData.require("xes/running-example.xes");
        AcceptingPetriNet net = TreeToPetriNet.convert(Ptml.read(TestData.require(PM4PY_IM_TREE)));
        Path model = tmp.resolve("no-initial.pnml");
        Pnml.write(new AcceptingPetriNet(net.net(), Marking.of(), net.fin()), model);
        MainTest.Result r = run("mine", "conform", "--model", model.toString(), log.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + model + ": the net has no initial marking: conformance "
                + "checking needs one (<initialMarking> of a place)");
    }

    @Test
    void negativeTopIsRejected() {
        Path log = TestData.require("xes/running-example.xes");
        MainTest.Result r = run("mine", "conform", "--top", "-1", "--model", TestData.require(PM4PY_IM_TREE).toString(),
                log.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --top must be 0 or more, got -1");
    }

    @Test
    void aTreeThroughPm4pysBpmnRouteGivesTheReceiptNotebookFigures() {
        // notebook 5 (receipt, IMf 0.1, BPMN route): log fitness 0.9973799902304721, average trace fitness
        // 0.9595219818436711, 91.77126917712691 % fitting, ETC precision 0.2067348714612779 (coalition-mining README,
        // "Receipt, notebook 5")
        Path log = TestData.require("xes/08_receipt.xes.gz");
        Path tree = tmp.resolve("receipt.ptml");
        assertThat(run("mine", "discover", "-a", "inductive", "--noise", "0.1", "--inductive-variant", "im-clean-late",
                log.toString(), "-o", tree.toString()).exit()).isZero();
        MainTest.Result r = run("mine", "conform", "--no-alignments", "--net-conversion", "pm4py-bpmn", "--top", "0",
                "-m", tree.toString(), log.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("token replay    log fitness 0.997380, average trace fitness 0.959522, "
                + "91.77 % fitting traces").contains("precision       0.206735 (ETC, token)");
        MainTest.Result direct = run("mine", "conform", "--no-alignments", "--top", "0", "-m", tree.toString(),
                log.toString());
        assertThat(direct.exit()).as(direct.err()).isZero();
        // the direct converter's net has other silent steps: same precision, lower log fitness
        assertThat(direct.out()).contains("token replay    log fitness 0.995350, average trace fitness 0.959494");
        Path pnml = tmp.resolve("receipt.pnml");
        assertThat(run("mine", "discover", "-a", "inductive", log.toString(), "-o", pnml.toString()).exit()).isZero();
        MainTest.Result onNet = run("mine", "conform", "--net-conversion", "pm4py-bpmn", "-m", pnml.toString(),
                log.toString());
        assertThat(onNet.exit()).isEqualTo(2);
        assertThat(onNet.err().strip()).isEqualTo("coalition: --net-conversion applies to a .ptml model only, not to .pnml");
    }
}
