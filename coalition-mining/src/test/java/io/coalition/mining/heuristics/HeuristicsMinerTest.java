package io.coalition.mining.heuristics;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.PetriNetSemantics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HeuristicsMinerTest {
    private static List<String> edges(HeuristicsNet net) {
        return net.edges().stream().map(e -> e.source() + "->" + e.target()).toList();
    }

    @Test
    void dependencyAndAndMeasuresOnL1WithPm4pyDefaults() {
        HeuristicsNet net = HeuristicsMiner.mine(TestLogs.parse(TestLogs.L1), HeuristicsParameters.PM4PY);
        assertThat(edges(net)).containsExactly("a->b", "a->c", "a->e", "b->d", "c->d", "e->d");
        assertThat(net.edge("a", "b").dependency()).isCloseTo(0.75, within(1e-12));
        assertThat(net.edge("a", "c").dependency()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(net.edge("e", "d").dependency()).isCloseTo(0.5, within(1e-12));
        assertThat(net.node("a").andOut()).containsExactly(new HeuristicsNet.AndPair("b", "c", 5 / 6.0));
        assertThat(net.node("d").andIn()).containsExactly(new HeuristicsNet.AndPair("b", "c", 5 / 6.0));
        assertThat(net.startActivities()).isEqualTo(Map.of("a", 6L));
        assertThat(net.endActivities()).isEqualTo(Map.of("d", 6L));
        assertThat(net.outputSets("a")).containsExactly(Set.of("b", "e"), Set.of("c", "e"), Set.of("b", "c", "e"));
    }

    @Test
    void thresholdsDropWeakEdges() {
        HeuristicsNet net = HeuristicsMiner.mine(TestLogs.parse(TestLogs.L1),
                HeuristicsParameters.PM4PY.withDependencyThreshold(0.6));
        assertThat(edges(net)).containsExactly("a->b", "a->c", "b->d", "c->d");
        HeuristicsNet counted = HeuristicsMiner.mine(TestLogs.parse(TestLogs.L1),
                HeuristicsParameters.PM4PY.withMinDfgOccurrences(3));
        assertThat(edges(counted)).containsExactly("a->b", "c->d");
        HeuristicsNet rare = HeuristicsMiner.mine(TestLogs.parse(TestLogs.L1),
                HeuristicsParameters.PM4PY.withMinActivityCount(2));
        assertThat(edges(rare)).doesNotContain("a->e", "e->d");
    }

    @Test
    void pm4pyPresetCleansTheDfgOfNoiseFirst() {
        // a>c = 3 is below min(100 * 0.05, 100 * 0.05): pm4py drops it before computing dependencies
        IndexedLog log = TestLogs.parse("<a,b,c>^100 <a,c>^3");
        assertThat(edges(HeuristicsMiner.mine(log, HeuristicsParameters.PM4PY))).containsExactly("a->b", "b->c");
        assertThat(edges(HeuristicsMiner.mine(log, HeuristicsParameters.PM4PY.withDfgNoiseThreshold(0))))
                .containsExactly("a->b", "a->c", "b->c");
    }

    @Test
    void confinePresetNeedsTenObservations() {
        IndexedLog log = TestLogs.parse("<a,b,c>^10 <a,c>^2");
        HeuristicsNet net = HeuristicsMiner.mine(log, HeuristicsParameters.CONFINE);
        assertThat(edges(net)).containsExactly("a->b", "b->c");
        assertThat(HeuristicsParameters.CONFINE.dependencyThreshold()).isEqualTo(0.3);
        assertThat(HeuristicsParameters.CONFINE.minDfgOccurrences()).isEqualTo(10);
        assertThat(HeuristicsParameters.CONFINE.andThreshold()).isEqualTo(0.1);
    }

    @Test
    void whenNoEdgeSurvivesEveryActivityIsAnUnconnectedNode() {
        HeuristicsNet net = HeuristicsMiner.mine(TestLogs.parse("<a,b> <b,a>"), HeuristicsParameters.PM4PY);
        assertThat(net.activities()).containsExactly("a", "b");
        assertThat(net.edges()).isEmpty();
    }

    @Test
    void lengthOneLoopIsKeptAndSwitchable() {
        IndexedLog log = TestLogs.parse("<a,b,b,b,c>^3 <a,c>");
        HeuristicsNet on = HeuristicsMiner.mine(log, HeuristicsParameters.PM4PY);
        assertThat(edges(on)).contains("b->b");
        assertThat(on.edge("b", "b").dependency()).isCloseTo(6 / 7.0, within(1e-12));
        HeuristicsNet off = HeuristicsMiner.mine(log, HeuristicsParameters.PM4PY.withLoops(false, true));
        assertThat(edges(off)).doesNotContain("b->b");
    }

    @Test
    void lengthTwoLoopAddsBothEdgesWithZeroDependency() {
        // b and c alternate: b>c = 4, c>b = 3 gives dependency 1/8, below 0.5; bcb/cbc make a length-two loop
        IndexedLog log = TestLogs.parse("<a,b,c,b,c,b,d>^2 <a,b,d>");
        HeuristicsNet with = HeuristicsMiner.mine(log, HeuristicsParameters.PM4PY);
        assertThat(with.edge("b", "c")).isEqualTo(new HeuristicsNet.Edge("b", "c", 0, 4, true));
        assertThat(with.edge("c", "b")).isEqualTo(new HeuristicsNet.Edge("c", "b", 0, 4, true));
        HeuristicsNet without = HeuristicsMiner.mine(log, HeuristicsParameters.PM4PY.withLoops(true, false));
        assertThat(without.edge("b", "c")).isNull();
        assertThat(without.edge("c", "b")).isNull();
    }

    @Test
    void pm4pyConversionOfL1() {
        AcceptingPetriNet apn = HeuristicsMiner.minePetriNet(TestLogs.parse(TestLogs.L1), HeuristicsParameters.PM4PY);
        PetriNet expected = PetriNet.builder("heuristics")
                .place("source0").place("sink0").place("pre_b").place("pre_c").place("pre_d")
                .place("splace_in_d_b_0").place("splace_in_d_c_0").place("intplace_a")
                .transition("a", "a").transition("b", "b").transition("c", "c").transition("d", "d")
                .transition("e", "e").invisible("hid_1").invisible("hid_3")
                .arc("source0", "a").arc("a", "intplace_a").arc("intplace_a", "hid_3").arc("hid_3", "pre_b")
                .arc("hid_3", "pre_c").arc("intplace_a", "e").arc("pre_b", "b").arc("pre_c", "c")
                .arc("b", "splace_in_d_b_0").arc("c", "splace_in_d_c_0").arc("splace_in_d_b_0", "hid_1")
                .arc("splace_in_d_c_0", "hid_1").arc("hid_1", "pre_d").arc("e", "pre_d").arc("pre_d", "d")
                .arc("d", "sink0")
                .build();
        assertThat(apn.net()).isEqualTo(expected);
        assertThat(apn.initial()).isEqualTo(Marking.of("source0"));
        assertThat(apn.fin()).isEqualTo(Marking.of("sink0"));
    }

    @Test
    void pm4pyConversionOfASequenceIsASimpleChain() {
        AcceptingPetriNet apn = HeuristicsMiner.minePetriNet(TestLogs.parse("<a,b,c>^5"), HeuristicsParameters.PM4PY);
        PetriNet expected = PetriNet.builder("heuristics")
                .place("source0").place("sink0").place("pre_b").place("pre_c")
                .transition("a", "a").transition("b", "b").transition("c", "c")
                .arc("source0", "a").arc("a", "pre_b").arc("pre_b", "b").arc("b", "pre_c").arc("pre_c", "c")
                .arc("c", "sink0")
                .build();
        assertThat(apn.net()).isEqualTo(expected);
    }

    @Test
    void pm4pyNetOfL1ReplaysL1() {
        AcceptingPetriNet apn = HeuristicsMiner.minePetriNet(TestLogs.parse(TestLogs.L1), HeuristicsParameters.PM4PY);
        PetriNetSemantics s = PetriNetSemantics.of(apn.net());
        // a, tau(hid_3), b, c, tau(hid_1), d
        Marking m = apn.initial();
        for (String t : List.of("a", "hid_3", "c", "b", "hid_1", "d")) m = s.fire(t, m);
        assertThat(m).isEqualTo(apn.fin());
        m = apn.initial();
        for (String t : List.of("a", "e", "d")) m = s.fire(t, m);
        assertThat(m).isEqualTo(apn.fin());
    }

    @Test
    void confineConversionOfL1FollowsTheCausalMatrix() {
        HeuristicsParameters p = HeuristicsParameters.CONFINE.withMinDfgOccurrences(1);
        AcceptingPetriNet apn = HeuristicsMiner.minePetriNet(TestLogs.parse(TestLogs.L1), p);
        PetriNet expected = PetriNet.builder("heuristics")
                .place("P0").place("P1").place("P2").place("P3").place("P4").place("P5").place("P6").place("P7")
                .transition("a", "a").transition("b", "b").transition("c", "c").transition("d", "d").transition("e", "e")
                .arc("P0", "a")
                .arc("a", "P1").arc("P1", "b").arc("P1", "e")
                .arc("a", "P2").arc("P2", "c").arc("P2", "e")
                .arc("a", "P3").arc("P3", "b").arc("P3", "c").arc("P3", "e")
                .arc("b", "P4").arc("e", "P4").arc("P4", "d")
                .arc("c", "P5").arc("e", "P5").arc("P5", "d")
                .arc("b", "P6").arc("c", "P6").arc("e", "P6").arc("P6", "d")
                .arc("d", "P7")
                .build();
        assertThat(apn.net()).isEqualTo(expected);
        assertThat(apn.initial()).isEqualTo(Marking.of("P0"));
        assertThat(apn.fin()).isEqualTo(Marking.of("P7"));
    }

    @Test
    void confineConversionUsesUnderscoredIds() {
        HeuristicsParameters p = HeuristicsParameters.CONFINE.withMinDfgOccurrences(1);
        AcceptingPetriNet apn = HeuristicsMiner.minePetriNet(IndexedLog.ofSequences(List.of(List.of("Go in", "Go out"), List.of("Go in", "Go out"))), p);
        assertThat(apn.net().transitions()).containsExactly(
                PetriNet.Transition.labelled("Go_in", "Go in"), PetriNet.Transition.labelled("Go_out", "Go out"));
        assertThat(apn.net().arcs()).extracting(a -> a.source() + ">" + a.target())
                .containsExactly("Go_in>P1", "Go_out>P2", "P0>Go_in", "P1>Go_out");
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> HeuristicsParameters.PM4PY.withDependencyThreshold(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dependencyThreshold");
        assertThatThrownBy(() -> HeuristicsParameters.PM4PY.withMinDfgOccurrences(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minDfgOccurrences");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void incrementalEqualsBatchAfterEveryPrefix(long seed) {
        Random rnd = new Random(seed);
        String[] alphabet = {"reg", "check", "pay", "ship", "close", "undo"};
        List<List<String>> cases = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int len = 1 + rnd.nextInt(7);
            List<String> t = new ArrayList<>();
            t.add("reg");
            for (int j = 1; j < len; j++) t.add(alphabet[rnd.nextInt(rnd.nextBoolean() ? 3 : alphabet.length)]);
            cases.add(t);
        }
        for (HeuristicsParameters p : List.of(HeuristicsParameters.PM4PY, HeuristicsParameters.CONFINE,
                HeuristicsParameters.PM4PY.withAndThreshold(0.1).withDependencyThreshold(0.1),
                HeuristicsParameters.CONFINE.withMinDfgOccurrences(2).withLoops(true, true))) {
            IncrementalHeuristicsMiner inc = new IncrementalHeuristicsMiner(p);
            EventLog.Builder sofar = EventLog.builder();
            for (int i = 0; i < cases.size(); i++) {
                sofar.trace("c" + i, cases.get(i).toArray(new String[0]));
                EventLog log = sofar.build();
                Trace last = log.traces().get(i);
                inc.add(last);
                if (i % 7 == 0 || i == cases.size() - 1) {
                    HeuristicsNet batch = HeuristicsMiner.mine(IndexedLog.of(log, io.coalition.eventlog.Classifier.ACTIVITY), p);
                    assertThat(inc.model()).as("after %d cases with %s", i + 1, p).isEqualTo(batch);
                    assertThat(HeuristicsMiner.toPetriNet(inc.model())).isEqualTo(HeuristicsMiner.toPetriNet(batch));
                }
            }
            assertThat(inc.caseCount()).isEqualTo(cases.size());
        }
    }

    @Test
    void incrementalAcceptsActivityLists() {
        IncrementalHeuristicsMiner inc = new IncrementalHeuristicsMiner(HeuristicsParameters.PM4PY);
        for (List<String> t : TestLogs.sequences(TestLogs.L1)) inc.add(t);
        assertThat(inc.model()).isEqualTo(HeuristicsMiner.mine(TestLogs.parse(TestLogs.L1), HeuristicsParameters.PM4PY));
    }
}
