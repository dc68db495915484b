package io.coalition.mining.conformance;

import io.coalition.eventlog.TestData;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MarkingEquationTest {
    /** source -a-> p1 -b-> sink, and a silent skip of b: p1 -tau-> sink. */
    static CompiledNet sequence() {
        PetriNet net = PetriNet.builder("seq").place("source").place("p1").place("sink").place("dead")
                .transition("ta", "a").transition("tb", "b").invisible("skip")
                .arc("source", "ta").arc("ta", "p1").arc("p1", "tb").arc("tb", "sink")
                .arc("p1", "skip").arc("skip", "sink").build();
        return new CompiledNet(new AcceptingPetriNet(net, Marking.of("source"), Marking.of("sink")));
    }

    @Test
    void fittingSuffixCostsNothing() {
        CompiledNet net = sequence();
        double[] z = new double[net.transitions];
        // labels in ascending order: a = 0, b = 1
        assertThat(new MarkingEquation(net).solve(net.initial, new int[] {1, 1}, z)).isCloseTo(0, within(1e-9));
        List<String> ids = List.of(net.transitionIds);
        assertThat(z[ids.indexOf("ta")]).isEqualTo(1.0);
        assertThat(z[ids.indexOf("tb")]).isEqualTo(1.0);
        assertThat(z[ids.indexOf("skip")]).isEqualTo(0.0);
    }

    @Test
    void missingEventCostsTheSilentSkipAndUnmatchedEventsCostAMove() {
        CompiledNet net = sequence();
        double[] z = new double[net.transitions];
        MarkingEquation lp = new MarkingEquation(net);
        assertThat(lp.solve(net.initial, new int[] {1, 0}, z)).isCloseTo(1, within(1e-9));
        assertThat(lp.solve(net.initial, new int[] {0, 0}, z)).isCloseTo(10_001, within(1e-9));
        assertThat(lp.solve(net.initial, new int[] {2, 1}, z)).isCloseTo(10_000, within(1e-9));
    }

    @Test
    void tokenInADeadPlaceMakesTheEquationInfeasible() {
        CompiledNet net = sequence();
        int[] m = net.initial.clone();
        m[List.of(net.placeIds).indexOf("dead")] = 1; // no transition consumes it, the final marking leaves it empty
        assertThat(new MarkingEquation(net).solve(m, new int[] {1, 1}, new double[net.transitions]))
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void warmStartedSolvesEqualColdOnes() {
        CompiledNet net = new CompiledNet(TreeToPetriNet.convert(Ptml.read(TestData.require(
                "pm4py-reference/inductive-miner-trees/activity_classifier/08_receipt-imf.ptml"))));
        Random random = new Random(42);
        List<int[]> markings = new ArrayList<>();
        int[] m = net.initial.clone();
        for (int step = 0; step < 300; step++) { // a random walk through reachable markings
            markings.add(m.clone());
            List<Integer> enabled = new ArrayList<>();
            for (int t = 0; t < net.transitions; t++) if (net.enabled(t, m)) enabled.add(t);
            if (enabled.isEmpty()) m = net.initial.clone();
            else net.fire(enabled.get(random.nextInt(enabled.size())), m);
        }
        MarkingEquation warm = new MarkingEquation(net);
        double[] z = new double[net.transitions];
        for (int[] marking : markings) {
            int[] remaining = new int[net.labelNames.length];
            for (int a = 0; a < remaining.length; a++) remaining[a] = random.nextInt(3);
            double cold = new MarkingEquation(net).solve(marking, remaining, z);
            assertThat(warm.solve(marking, remaining, z)).isCloseTo(cold, within(1e-6));
        }
    }
}
