package io.coalition.app;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.mining.Discovery;
import io.coalition.mining.petri.WorkflowNets;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Pnml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class MineCommandTest {
    @TempDir
    Path tmp;

    @Test
    void alphaOnTheRunningExampleWritesPnml() {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.pnml");
        MainTest.Result r = run("mine", "discover", "-a", "alpha", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("7 places, 8 transitions (0 invisible), 19 arcs");
        AcceptingPetriNet net = Pnml.read(out);
        assertThat(net.net().places()).hasSize(7);
        assertThat(net.net().transitions()).hasSize(8);
    }

    @Test
    void bpmnWithDiagram() throws Exception {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.bpmn");
        MainTest.Result r = run("mine", "discover", "-a", "alpha", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var model = org.camunda.bpm.model.bpmn.Bpmn.readModelFromFile(out.toFile());
        assertThat(model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Task.class)).hasSize(8);
        assertThat(Files.readString(out)).contains("bpmndi:BPMNShape");
    }

    @Test
    void svgThroughGraphviz() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasDot(), "Graphviz 'dot' is not installed (.ci/run installs it)");
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.svg");
        MainTest.Result r = run("mine", "discover", "-a", "heuristics", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out)).contains("<svg").contains("register request");
    }

    static boolean hasDot() {
        try {
            return new ProcessBuilder("dot", "-V").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void heuristicsWithThePm4pyPresetOnTheRoadTrafficSample() {
        Path log = TestData.require("xes/roadtraffic100traces.xes");
        MainTest.Result r = run("mine", "discover", log.toString(), "-o", tmp.resolve("rt.dot").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("16 places, 23 transitions (13 invisible), 51 arcs");
    }

    @Test
    void dfgAsDotWithAPathFilter() throws Exception {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.dot");
        MainTest.Result all = run("mine", "discover", "-a", "dfg", log.toString(), "-o", out.toString());
        assertThat(all.out()).contains("8 activities, 16 edges");
        MainTest.Result some = run("mine", "discover", "-a", "dfg", "--min-path-frequency", "0.5", log.toString(),
                "-o", out.toString());
        assertThat(some.exit()).as(some.err()).isZero();
        assertThat(some.out()).doesNotContain("16 edges");
        assertThat(Files.readString(out)).startsWith("digraph");
    }

    @Test
    void badOptionsAreReportedByName() {
        Path log = TestData.require("xes/running-example.xes");
        MainTest.Result fraction = run("mine", "discover", "-a", "dfg", "--min-path-frequency", "2", log.toString(),
                "-o", tmp.resolve("x.dot").toString());
        assertThat(fraction.exit()).isEqualTo(2);
        assertThat(fraction.err().strip()).isEqualTo("coalition: --min-path-frequency must be between 0 and 1, got 2.0");
        Path pnml = tmp.resolve("x.pnml");
        MainTest.Result format = run("mine", "discover", "-a", "dfg", log.toString(), "-o", pnml.toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err().strip()).isEqualTo("coalition: " + pnml + ": cannot write dfg output as .pnml: expected .dot or .svg");
        assertThat(pnml).doesNotExist();
    }

    @Test
    void inductiveWritesTheImfProcessTreeAsPtml() {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.ptml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("inductive (IMf, noise 0.2): process tree of 14 nodes over 8 activities; "
                + "process tree -> " + out);
        ProcessTree expected = Discovery.inductiveTree(Discovery.index(LogFiles.read(log, ReadOptions.DEFAULT)), 0.2);
        assertThat(Ptml.read(out)).isEqualTo(expected);
    }

    @Test
    void inductiveWithNoiseZeroIsImAndWritesItsSoundNet() {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.pnml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--noise", "0", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("inductive (IM): ")
                .contains("Petri net with 9 places, 10 transitions (2 invisible), 22 arcs -> " + out);
        AcceptingPetriNet net = Pnml.read(out);
        ProcessTree im = Discovery.inductiveTree(Discovery.index(LogFiles.read(log, ReadOptions.DEFAULT)), 0);
        AcceptingPetriNet expected = TreeToPetriNet.convert(im);
        // PNML names an unnamed net "net1"; everything else round-trips
        assertThat(net.net().places()).isEqualTo(expected.net().places());
        assertThat(net.net().transitions()).isEqualTo(expected.net().transitions());
        assertThat(net.net().arcs()).isEqualTo(expected.net().arcs());
        assertThat(net.initial()).isEqualTo(expected.initial());
        assertThat(net.fin()).isEqualTo(expected.fin());
        assertThat(WorkflowNets.isSound(net)).isTrue();
    }

    @Test
    void inductivePm4py27VariantGivesPm4pysImfNet() {
        // pm4py-timings.md: pm4py 2.7's IMf 0.2 on helpdesk is 29 places, 44 transitions (30 invisible), 90 arcs
        Path log = TestData.require("xes/helpdesk.xes.gz");
        Path out = tmp.resolve("hd.pnml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py-2.7",
                log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("inductive (IMf, noise 0.2, pm4py 2.7): ")
                .contains("Petri net with 29 places, 44 transitions (30 invisible), 90 arcs -> " + out);
        MainTest.Result bad = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py",
                log.toString(), "-o", out.toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("expected im-clean, im-clean-late, pm4py-2.2, pm4py-2.7, pm4py-imdf or prom but was 'pm4py'");
        MainTest.Result alpha = run("mine", "discover", "-a", "alpha", "--inductive-variant", "pm4py-2.7",
                log.toString(), "-o", out.toString());
        assertThat(alpha.err().strip()).isEqualTo("coalition: --inductive-variant applies to -a inductive only, not to alpha");
    }

    @Test
    void inductivePm4py22VariantGivesTravasSepsisModel() {
        // pm4py 2.0-2.2's IMf on Sepsis: the tree that gives TraVaS' fitness, precision and generalization (Pm4pyPlainImfSepsisParityTest)
        Path log = TestData.require("dp/amun/Sepsis.xes");
        Path out = tmp.resolve("sepsis.ptml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py-2.2",
                log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("inductive (IMf, noise 0.2, pm4py 2.2): ");
        assertThat(Ptml.read(out).canonical().toString())
                .startsWith("->( +( ->( +( 'ER Registration', 'ER Triage' ), X( 'Admission IC', tau ) )");
    }

    @Test
    void promOrderSeedGivesAReferenceTreeProMsDefaultOrderDoesNot() {
        // receipt's IMf reference tree is a ProM run whose choices differ from the default order; seed 61 draws
        // them (PromOrderTest): from the CLI the seed gives the reference tree, the default order another one
        Path log = TestData.require("xes/08_receipt.xes.gz");
        Path ref = TestData.require("pm4py-reference/inductive-miner-trees/activity_classifier/08_receipt-imf.ptml");
        Path seeded = tmp.resolve("seeded.ptml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--inductive-variant", "prom",
                "--prom-order-seed", "61", log.toString(), "-o", seeded.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("inductive (IMf, noise 0.2, ProM, order seed 61): ");
        ProcessTree reference = Ptml.read(ref).fold();
        assertThat(Ptml.read(seeded).equalsUpToCommutativeOrder(reference)).isTrue();
        Path plain = tmp.resolve("default.ptml");
        MainTest.Result d = run("mine", "discover", "-a", "inductive", "--inductive-variant", "prom", log.toString(),
                "-o", plain.toString());
        assertThat(d.out()).startsWith("inductive (IMf, noise 0.2, ProM): ");
        assertThat(Ptml.read(plain).equalsUpToCommutativeOrder(reference)).isFalse();
        // the seed belongs to the ProM variant only
        MainTest.Result wrong = run("mine", "discover", "-a", "inductive", "--prom-order-seed", "61", log.toString(),
                "-o", plain.toString());
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err().strip()).isEqualTo("coalition: --prom-order-seed applies to --inductive-variant prom only");
        MainTest.Result alpha = run("mine", "discover", "-a", "alpha", "--prom-order-seed", "61", log.toString(),
                "-o", tmp.resolve("a.pnml").toString());
        assertThat(alpha.err().strip()).isEqualTo("coalition: --prom-order-seed applies to -a inductive only, not to alpha");
    }

    @Test
    void inductiveLateImCleanVariantMinesTheReceiptNotebookTree() {
        // the later im_clean reproduces pm4py's notebook-5 receipt model (Pm4pyReceiptBpmnRouteParityTest); the
        // earlier im_clean (the default) mines another tree on the same log
        Path log = TestData.require("xes/08_receipt.xes.gz");
        Path out = tmp.resolve("receipt.ptml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--noise", "0.1", "--inductive-variant",
                "im-clean-late", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("inductive (IMf, noise 0.1, late im_clean): ");
        var indexed = Discovery.index(LogFiles.read(log, ReadOptions.DEFAULT));
        String late = io.coalition.mining.inductive.InductiveMiner.mine(indexed, 0.1,
                io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN_LATE).canonical().toString();
        assertThat(Ptml.read(out).canonical().toString()).isEqualTo(late)
                .isNotEqualTo(io.coalition.mining.inductive.InductiveMiner.mine(indexed, 0.1,
                        io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN).canonical().toString());
    }

    @Test
    void inductiveBpmnIsBuiltFromTheTree() {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("re.bpmn");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("BPMN from the process tree -> " + out);
        var model = org.camunda.bpm.model.bpmn.Bpmn.readModelFromFile(out.toFile());
        assertThat(model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Task.class)).hasSize(8);
        // no silent tasks: loops and choices are gateways
        assertThat(model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.ExclusiveGateway.class)).isNotEmpty();
    }

    @Test
    void noiseOutsideZeroToOneIsRejected() {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("x.ptml");
        for (String bad : new String[] {"1.5", "-0.1", "NaN"}) {
            MainTest.Result r = run("mine", "discover", "-a", "inductive", "--noise", bad, log.toString(), "-o", out.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("coalition: --noise must be between 0 and 1, got " + Double.parseDouble(bad));
        }
        MainTest.Result alpha = run("mine", "discover", "-a", "alpha", "--noise", "0.1", log.toString(), "-o", out.toString());
        assertThat(alpha.exit()).isEqualTo(2);
        assertThat(alpha.err().strip()).isEqualTo("coalition: --noise applies to -a inductive only, not to alpha");
        assertThat(out).doesNotExist();
    }

    @Test
    void optionsOfAnotherAlgorithmAreRejected() {
        Path log = TestData.require("xes/running-example.xes");
        String out = tmp.resolve("x.pnml").toString();
        MainTest.Result preset = run("mine", "discover", "-a", "inductive", "--preset", "confine", log.toString(), "-o", out);
        assertThat(preset.exit()).isEqualTo(2);
        assertThat(preset.err().strip()).isEqualTo("coalition: --preset applies to -a heuristics only, not to inductive");
        MainTest.Result path = run("mine", "discover", "-a", "alpha", "--min-path-frequency", "0.5", log.toString(), "-o", out);
        assertThat(path.exit()).isEqualTo(2);
        assertThat(path.err().strip()).isEqualTo("coalition: --min-path-frequency applies to -a dfg only, not to alpha");
    }

    @Test
    void ptmlIsOnlyForTheInductiveMiner() {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("x.ptml");
        MainTest.Result r = run("mine", "discover", "-a", "heuristics", log.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + out + ": cannot write heuristics output as .ptml: only "
                + "-a inductive discovers a process tree; expected .pnml, .bpmn, .dot or .svg");
        Path txt = tmp.resolve("x.txt");
        MainTest.Result unknown = run("mine", "discover", "-a", "inductive", log.toString(), "-o", txt.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("coalition: " + txt + ": cannot write inductive output as .txt: "
                + "expected .pnml, .bpmn, .dot, .svg or .ptml");
        assertThat(out).doesNotExist();
    }

    @Test
    void netConversionPm4pyBpmnWritesTheReceiptNotebookNet() {
        // notebook 5's route: late im_clean IMf 0.1, then tree -> BPMN -> Petri net (Pm4pyReceiptBpmnRouteParityTest)
        Path log = TestData.require("xes/08_receipt.xes.gz");
        Path out = tmp.resolve("receipt.pnml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--noise", "0.1", "--inductive-variant",
                "im-clean-late", "--net-conversion", "pm4py-bpmn", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Petri net with 35 places, 61 transitions (34 invisible), 122 arcs (via pm4py's "
                + "BPMN route) -> " + out);
        var indexed = Discovery.index(LogFiles.read(log, ReadOptions.DEFAULT));
        AcceptingPetriNet expected = TreeToPetriNet.convertViaPm4pyBpmn(io.coalition.mining.inductive.InductiveMiner
                .mine(indexed, 0.1, io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN_LATE));
        AcceptingPetriNet net = Pnml.read(out);
        assertThat(net.net().transitions()).isEqualTo(expected.net().transitions());
        assertThat(net.net().arcs()).isEqualTo(expected.net().arcs());
        assertThat(WorkflowNets.isSound(net)).isTrue();
        MainTest.Result direct = run("mine", "discover", "-a", "inductive", "--noise", "0.1", "--inductive-variant",
                "im-clean-late", "--net-conversion", "direct", log.toString(), "-o", out.toString());
        assertThat(direct.exit()).as(direct.err()).isZero();
        assertThat(direct.out()).doesNotContain("35 places").doesNotContain("BPMN route");
    }

    @Test
    void pm4pyImdfWithPm4py1ConversionGivesTheReportFiguresOnTheRunningExample() {
        // pm_extr_report.txt, 01 running-example, IMDF: 100 % fitting, precision 0.733, generalization 0.550,
        // simplicity 0.806 (PmExtrImdfTest; pm4py 1.x's ETC had no empty-prefix term); --noise defaults to 0 here
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("imdf.pnml");
        MainTest.Result r = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py-imdf",
                "--net-conversion", "pm4py-1", log.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("inductive (IM, pm4py 1.x DFG-based): ").contains("(pm4py 1.x's converter) -> " + out);
        MainTest.Result c = run("mine", "conform", "--model", out.toString(), "--pm4py-input", "pm4py-1", log.toString(), "--json");
        assertThat(c.exit()).as(c.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.out());
        } catch (java.io.IOException e) {
            throw new AssertionError(c.out(), e);
        }
        assertThat(json.at("/precision/value").asDouble()).isCloseTo(0.733, org.assertj.core.api.Assertions.within(5e-4));
        assertThat(json.at("/generalization").asDouble()).isCloseTo(0.550, org.assertj.core.api.Assertions.within(5e-4));
        assertThat(json.at("/simplicity").asDouble()).isCloseTo(0.806, org.assertj.core.api.Assertions.within(5e-4));
        MainTest.Result aligned = run("mine", "conform", "--model", out.toString(), "--pm4py-input", "pm4py-1",
                "--precision", "alignment", log.toString());
        assertThat(aligned.exit()).isNotZero();
        assertThat(aligned.err()).contains("--pm4py-input pm4py-1 applies to token-based precision only");
        // --noise sets pm4py 1.x's noiseThreshold; on the running example every node has a cut, so no noise pass
        // runs and the tree is the same
        Path noisyOut = tmp.resolve("imdf-noisy.ptml");
        Path plainOut = tmp.resolve("imdf-plain.ptml");
        MainTest.Result noisy = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py-imdf",
                "--noise", "0.2", log.toString(), "-o", noisyOut.toString());
        assertThat(noisy.exit()).as(noisy.err()).isZero();
        assertThat(noisy.out()).startsWith("inductive (IM, noise 0.2, pm4py 1.x DFG-based): ");
        MainTest.Result plain = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py-imdf",
                log.toString(), "-o", plainOut.toString());
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(io.coalition.mining.tree.Ptml.read(noisyOut)).isEqualTo(io.coalition.mining.tree.Ptml.read(plainOut));
        MainTest.Result tooNoisy = run("mine", "discover", "-a", "inductive", "--inductive-variant", "pm4py-imdf",
                "--noise", "1.5", log.toString(), "-o", out.toString());
        assertThat(tooNoisy.exit()).isNotZero();
        assertThat(tooNoisy.err()).contains("--noise must be between 0 and 1, got 1.5");
    }

    @Test
    void netConversionIsCheckedByNameAndOutput() {
        Path log = TestData.require("xes/running-example.xes");
        Path pnml = tmp.resolve("x.pnml");
        MainTest.Result bad = run("mine", "discover", "-a", "inductive", "--net-conversion", "bpmn", log.toString(),
                "-o", pnml.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("expected direct, pm4py-bpmn or pm4py-1 but was 'bpmn'");
        Path ptml = tmp.resolve("x.ptml");
        MainTest.Result tree = run("mine", "discover", "-a", "inductive", "--net-conversion", "pm4py-bpmn",
                log.toString(), "-o", ptml.toString());
        assertThat(tree.exit()).isEqualTo(2);
        assertThat(tree.err().strip()).isEqualTo("coalition: --net-conversion applies to Petri net outputs (.pnml, "
                + ".dot, .svg) only, not to .ptml");
        MainTest.Result alpha = run("mine", "discover", "-a", "alpha", "--net-conversion", "direct", log.toString(),
                "-o", pnml.toString());
        assertThat(alpha.exit()).isEqualTo(2);
        assertThat(alpha.err().strip()).isEqualTo("coalition: --net-conversion applies to -a inductive only, not to alpha");
        assertThat(pnml).doesNotExist();
        assertThat(ptml).doesNotExist();
        MainTest.Result help = run("mine", "discover", "--help");
        assertThat(help.out()).contains("--net-conversion=NAME").contains("pm4py-bpmn");
    }

    @Test
    void outputWithoutExtension_saysThatOutNamesTheFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path log = TestData.require("xes/running-example.xes");
        Path out = dir.resolve("receipt");
        MainTest.Result r = run("mine", "discover", log.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + out + ": cannot write heuristics output as a file without "
                + "extension (-o names the file, its extension the format): expected .pnml, .bpmn, .dot or .svg");
    }
}
