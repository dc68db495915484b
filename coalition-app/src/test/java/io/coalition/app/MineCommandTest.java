package io.coalition.app;

import io.coalition.eventlog.TestData;
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
}
