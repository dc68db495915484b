package io.coalition.mining.alpha;

import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.PetriNetSemantics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlphaMinerTest {
    @Test
    void footprintOfL1() {
        Footprint fp = Footprint.of(TestLogs.parse(TestLogs.L1));
        assertThat(fp.relation("a", "b")).isEqualTo(Footprint.Relation.CAUSAL);
        assertThat(fp.relation("b", "a")).isEqualTo(Footprint.Relation.REVERSE);
        assertThat(fp.relation("b", "c")).isEqualTo(Footprint.Relation.PARALLEL);
        assertThat(fp.relation("b", "e")).isEqualTo(Footprint.Relation.CHOICE);
        assertThat(fp.relation("a", "a")).isEqualTo(Footprint.Relation.CHOICE);
        assertThat(fp.toString()).startsWith("a: # -> -> # ->\n");
    }

    @Test
    void minesTheKnownNetOfL1() {
        AcceptingPetriNet apn = AlphaMiner.mine(TestLogs.parse(TestLogs.L1));
        PetriNet expected = PetriNet.builder("alpha")
                .place("start").place("end")
                .place("p({a},{b,e})").place("p({a},{c,e})").place("p({b,e},{d})").place("p({c,e},{d})")
                .transition("a", "a").transition("b", "b").transition("c", "c").transition("d", "d").transition("e", "e")
                .arc("start", "a")
                .arc("a", "p({a},{b,e})").arc("p({a},{b,e})", "b").arc("p({a},{b,e})", "e")
                .arc("a", "p({a},{c,e})").arc("p({a},{c,e})", "c").arc("p({a},{c,e})", "e")
                .arc("b", "p({b,e},{d})").arc("e", "p({b,e},{d})").arc("p({b,e},{d})", "d")
                .arc("c", "p({c,e},{d})").arc("e", "p({c,e},{d})").arc("p({c,e},{d})", "d")
                .arc("d", "end")
                .build();
        assertThat(apn.net()).isEqualTo(expected);
        assertThat(apn.initial()).isEqualTo(Marking.of("start"));
        assertThat(apn.fin()).isEqualTo(Marking.of("end"));
    }

    @Test
    void l1NetReplaysEveryTraceOfL1() {
        IndexedLog log = TestLogs.parse(TestLogs.L1);
        AcceptingPetriNet apn = AlphaMiner.mine(log);
        PetriNetSemantics s = PetriNetSemantics.of(apn.net());
        for (List<String> trace : TestLogs.sequences(TestLogs.L1)) {
            Marking m = apn.initial();
            for (String a : trace) m = s.fire(a, m);
            assertThat(m).isEqualTo(apn.fin());
        }
    }

    @Test
    void maximalPairsOfASequentialChoice() {
        // L2-like log: a then b or c, then d
        List<AlphaMiner.Pair> pairs = AlphaMiner.maximalPairs(Footprint.of(TestLogs.parse("<a,b,d> <a,c,d>")));
        assertThat(pairs).extracting(AlphaMiner.Pair::placeId).containsExactly("p({a},{b,c})", "p({b,c},{d})");
    }

    @Test
    void lengthOneLoopActivitiesGetNoPlaces() {
        // b>b makes b||b: the classic Alpha algorithm leaves b unconnected (a known limitation)
        AcceptingPetriNet apn = AlphaMiner.mine(TestLogs.parse("<a,c> <a,b,c> <a,b,b,c>"));
        assertThat(apn.net().places()).extracting(PetriNet.Place::id)
                .containsExactly("end", "p({a},{c})", "start");
        assertThat(apn.net().preset("b")).isEmpty();
        assertThat(apn.net().postset("b")).isEmpty();
    }

    @Test
    void lengthTwoLoopIsSeenAsParallelism() {
        // a (b c)* d: b>c and c>b make b||c, so no place links b and c
        AcceptingPetriNet apn = AlphaMiner.mine(TestLogs.parse("<a,b,d> <a,b,c,b,d>"));
        assertThat(apn.net().places()).extracting(PetriNet.Place::id)
                .containsExactly("end", "p({a},{b})", "p({b},{d})", "start");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"xes/08_receipt.xes.gz", "xes/bpic2012.xes.gz",
            "xes/running-example.xes", "xes/helpdesk.xes.gz"})
    void maskAndBitSetEnumerationsAgree(String file) {
        var log = io.coalition.mining.Discovery.index(io.coalition.eventlog.xes.XesReader.read(
                io.coalition.eventlog.TestData.require(file), io.coalition.eventlog.io.ReadOptions.DEFAULT));
        Footprint fp = Footprint.of(log);
        org.assertj.core.api.Assertions.assertThat(AlphaMiner.maximalPairs(fp))
                .isNotEmpty().isEqualTo(AlphaMiner.maximalPairsAsBitSets(fp));
    }

    @Test
    void activityNamedEndDoesNotCollideWithTheSinkPlace() {
        // regression: teleclaims has an activity "end"; the net used to fail with "duplicate node id 'end'"
        var log = io.coalition.mining.Discovery.index(io.coalition.eventlog.xes.XesReader.read(
                io.coalition.eventlog.TestData.require("xes/02_teleclaims.xes.gz"), io.coalition.eventlog.io.ReadOptions.DEFAULT));
        assertThat(log.activities()).contains("end").doesNotContain("start");
        AcceptingPetriNet apn = AlphaMiner.mine(log);
        PetriNet net = apn.net();
        assertThat(apn.initial()).isEqualTo(Marking.of("start"));
        assertThat(apn.fin()).isEqualTo(Marking.of("end#2"));
        assertThat(net.place("end#2").name()).isEqualTo("end");
        assertThat(net.transition("end").label()).isEqualTo("end");
        assertThat(net.postset("end")).containsExactly("end#2");
        assertThat(net.transitions()).hasSize(11);
        // start and complete events share concept:name, so most activities follow themselves (a>a) and take part
        // in no pair: only the source and sink places remain
        assertThat(net.places()).extracting(PetriNet.Place::id).containsExactly("end#2", "start");
    }

    @Test
    void placeIdsStayDistinctWhenActivityNamesLookLikePlaces() {
        // an activity named like the place of the pair ({a},{b})
        AcceptingPetriNet apn = AlphaMiner.mine(IndexedLog.ofSequences(List.of(List.of("a", "b"), List.of("p({a},{b})"))));
        assertThat(apn.net().places()).extracting(PetriNet.Place::id)
                .containsExactly("end", "p({a},{b})#2", "start");
        assertThat(apn.net().place("p({a},{b})#2").name()).isEqualTo("p({a},{b})");
        assertThat(apn.net().transitions()).extracting(PetriNet.Transition::id).contains("p({a},{b})");
    }
}
