package io.coalition.mining.conformance;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.csv.CsvMapping;
import io.coalition.eventlog.csv.CsvReader;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.mining.Discovery;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** pm4py parity on the tutorial notebooks' logs ({@code pm4py-reference/notebooks/notebook-outputs.md}). */
class Pm4pyParityTest {
    static IndexedLog csv(String name) {
        return Discovery.index(CsvReader.read(TestData.require("pm4py-reference/notebooks/data/" + name),
                CsvMapping.inferred(), ReadOptions.DEFAULT));
    }

    @Test
    void tokenReplayOfTheBrokenRunningExample() {
        TokenReplay.Result r = TokenReplay.replay(csv("running_example_broken.csv"), ReferenceNets.runningExampleIm());
        // notebook 4, cell 17
        assertThat(r.logFitness()).isCloseTo(0.8156108597285068, within(1e-12));
        assertThat(r.averageTraceFitness()).isCloseTo(0.8077731092436974, within(1e-12));
        assertThat(r.percentageFittingTraces()).isCloseTo(16.666666666666668, within(1e-12));
    }

    @Test
    void tokenReplayOfTheRunningExampleFits() {
        TokenReplay.Result r = TokenReplay.replay(csv("running_example.csv"), ReferenceNets.runningExampleIm());
        assertThat(r.logFitness()).isEqualTo(1.0);
        assertThat(r.averageTraceFitness()).isEqualTo(1.0);
        assertThat(r.percentageFittingTraces()).isEqualTo(100.0);
    }

    @Test
    void alignmentsOfTheBrokenRunningExample() {
        Alignments.Result r = Alignments.align(csv("running_example_broken.csv"), ReferenceNets.runningExampleIm());
        // notebook 4, cell 46
        assertThat(r.logFitness()).isCloseTo(0.843731055042718, within(1e-12));
        assertThat(r.averageTraceFitness()).isCloseTo(0.8446623093681916, within(1e-12));
        assertThat(r.percentageFittingTraces()).isCloseTo(16.666666666666668, within(1e-12));
        // cell 44: costs and best worst costs per trace, in pm4py's output (case) order 3, 2, 1, 6, 5, 4
        assertThat(r.variants()).extracting(v -> v.alignment().cost())
                .containsExactly(20002, 10002, 10002, 30002, 30004, 2);
        assertThat(r.variants()).extracting(v -> v.alignment().bestWorstCost())
                .containsExactly(100002, 90002, 90002, 90002, 170002, 100002);
        assertThat(r.variants().get(2).alignment().moves()).hasToString(
                "[(>>, register request), (>>, tau), (examine thoroughly, examine thoroughly), "
                        + "(check ticket, check ticket), (decide, decide), (>>, tau), (reject request, reject request)]");
    }

    @Test
    void alignmentsOfTheRunningExampleFit() {
        Alignments.Result r = Alignments.align(csv("running_example.csv"), ReferenceNets.runningExampleIm());
        // pm4py's log fitness divides raw costs, so the silent moves (cost 1) keep it just below 1
        assertThat(r.logFitness()).isLessThan(1.0).isGreaterThan(0.9999);
        assertThat(r.averageTraceFitness()).isEqualTo(1.0);
        assertThat(r.percentageFittingTraces()).isEqualTo(100.0);
    }

    @Test
    void bothPrecisionsAgreeOnAFittingLog() {
        // notebook 5 shows equal token- and alignment-based precision on a log that (mostly) fits; here it all fits
        IndexedLog log = csv("running_example.csv");
        AcceptingPetriNet im = ReferenceNets.runningExampleIm();
        double token = Precision.tokenBased(log, im);
        assertThat(token).isBetween(0.0, 1.0);
        assertThat(Precision.alignmentBased(log, im)).isCloseTo(token, within(1e-12));
    }
}
