package io.coalition.mining.petri;

import io.coalition.mining.MiningException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PetriNetTest {
    static AcceptingPetriNet sample() {
        PetriNet net = PetriNet.builder("sample")
                .place("i").place("p").place("o")
                .transition("t1", "register & check").invisible("tau1").transition("t2", "pay")
                .arc("i", "t1").arc("t1", "p", 2).arc("p", "tau1", 2).arc("tau1", "o").arc("p", "t2").arc("t2", "o")
                .build();
        return new AcceptingPetriNet(net, Marking.of("i"), Marking.of("o"));
    }

    @Test
    void netsAreCanonicalWhateverTheBuildOrder() {
        PetriNet a = PetriNet.builder("n").place("x").place("y").transition("t", "t").arc("x", "t").arc("t", "y").build();
        PetriNet b = PetriNet.builder("n").transition("t", "t").place("y").arc("t", "y").place("x").arc("x", "t").build();
        assertThat(a).isEqualTo(b);
        assertThat(a.preset("t")).containsExactly("x");
        assertThat(a.postset("t")).containsExactly("y");
    }

    @Test
    void netsDifferingOnlyInPlaceNamesAreEqualUpToPlaceNames() {
        PetriNet a = PetriNet.builder("n").place("x").place("y").transition("t", "t").arc("x", "t").arc("t", "y", 2).build();
        PetriNet b = PetriNet.builder("m").place("P1").place("P0").transition("t", "t").arc("P0", "t").arc("t", "P1", 2).build();
        assertThat(a.placeSignatures()).containsExactly("[] -> [t]", "[t*2] -> []");
        assertThat(a.equalsUpToPlaceNames(b)).isTrue();
        PetriNet c = PetriNet.builder("m").place("P1").place("P0").transition("t", "t").arc("P0", "t").arc("t", "P1").build();
        assertThat(a.equalsUpToPlaceNames(c)).isFalse();
    }

    @Test
    void arcsMustLinkAPlaceAndATransition() {
        assertThatThrownBy(() -> PetriNet.builder("n").place("x").place("y").arc("x", "y").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x->y");
    }

    @Test
    void firingMovesTokensByArcWeights() {
        AcceptingPetriNet apn = sample();
        PetriNetSemantics s = PetriNetSemantics.of(apn.net());
        Marking m = apn.initial();
        assertThat(s.enabled(m)).extracting(PetriNet.Transition::id).containsExactly("t1");
        m = s.fire("t1", m);
        assertThat(m.tokens()).containsEntry("p", 2).hasSize(1);
        assertThat(s.enabled(m)).extracting(PetriNet.Transition::id).containsExactly("t2", "tau1");
        Marking afterTau = s.fire("tau1", m);
        assertThat(afterTau).isEqualTo(apn.fin());
        Marking afterPay = s.fire("t2", m);
        assertThat(afterPay.tokens()).containsEntry("p", 1).containsEntry("o", 1);
        assertThat(s.isEnabled("tau1", afterPay)).isFalse();
        assertThatThrownBy(() -> s.fire("tau1", afterPay)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pnmlRoundTripGivesAnEqualNet() {
        AcceptingPetriNet apn = sample();
        String xml = Pnml.toString(apn);
        assertThat(xml).contains("http://www.pnml.org/version-2009/grammar/pnmlcoremodel")
                .contains("activity=\"$invisible$\"").contains("<finalmarkings>")
                .contains("<initialMarking>").contains("<inscription>");
        AcceptingPetriNet back = Pnml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "mem");
        assertThat(back).isEqualTo(apn);
        assertThat(Pnml.toString(back)).isEqualTo(xml);
    }

    @Test
    void pnmlRoundTripThroughAFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path f = dir.resolve("net.pnml");
        Pnml.write(sample(), f);
        assertThat(Files.exists(f)).isTrue();
        assertThat(Pnml.read(f)).isEqualTo(sample());
    }

    @Test
    void readsConfineStylePnmlWithoutPageOrMarkingsAndWithRepeatedTransitions() {
        String xml = """
                <pnml>
                    <net id="net1">
                        <place id="P0"><name><text>P0</text></name></place>
                        <place id="P1"><name><text>P1</text></name></place>
                        <transition id="Do_it"><name><text>Do it</text></name></transition>
                        <transition id="Do_it"><name><text>Do it</text></name></transition>
                        <arc id="A1" source="P0" target="Do_it"></arc>
                        <arc id="A2" source="Do_it" target="P1"></arc>
                        <arc id="A2" source="Do_it" target="P1"></arc>
                    </net>
                </pnml>
                """;
        AcceptingPetriNet apn = Pnml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "confine.pnml");
        assertThat(apn.net().transitions()).containsExactly(PetriNet.Transition.labelled("Do_it", "Do it"));
        assertThat(apn.net().arcs()).containsExactly(PetriNet.Arc.of("Do_it", "P1"), PetriNet.Arc.of("P0", "Do_it"));
        assertThat(apn.initial().isEmpty()).isTrue();
        assertThat(apn.fin().isEmpty()).isTrue();
    }

    @Test
    void malformedPnmlNamesTheSourceAndPosition() {
        String xml = "<pnml><net id=\"n\"><place id=\"p\"></net></pnml>";
        assertThatThrownBy(() -> Pnml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "bad.pnml"))
                .isInstanceOf(MiningException.class).hasMessageStartingWith("bad.pnml:1:");
    }

    @Test
    void arcToAnUndeclaredNodeIsAnError() {
        String xml = "<pnml><net id=\"n\"><place id=\"p\"/><arc id=\"a\" source=\"p\" target=\"t\"/></net></pnml>";
        assertThatThrownBy(() -> Pnml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "x.pnml"))
                .isInstanceOf(MiningException.class).hasMessageContaining("arc p->t");
    }

    @Test
    void dotShowsPlacesTransitionsAndWeights() {
        String dot = Dot.of(sample());
        assertThat(dot).startsWith("digraph \"sample\" {")
                .contains("\"tau1\" [shape=box,style=filled,fillcolor=black")
                .contains("\"t1\" [shape=box,label=\"register & check\"]")
                .contains("\"t1\" -> \"p\" [label=\"2\"]")
                .contains("\"o\" [shape=doublecircle");
    }
}
