package io.coalition.mining.tree;

import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.coalition.mining.tree.ProcessTree.activity;
import static io.coalition.mining.tree.ProcessTree.loop;
import static io.coalition.mining.tree.ProcessTree.parallel;
import static io.coalition.mining.tree.ProcessTree.sequence;
import static io.coalition.mining.tree.ProcessTree.tau;
import static io.coalition.mining.tree.ProcessTree.xor;
import static org.assertj.core.api.Assertions.assertThat;

/** pm4py 1.x's tree to net conversion: the block form plus the boundary silent steps 1.x never reduced. */
class TreeToPetriNetPm4py1Test {
    private static String size(AcceptingPetriNet apn) {
        PetriNet n = apn.net();
        return n.places().size() + "/" + n.transitions().size() + "(" + n.invisibleTransitionCount() + ")/" + n.arcs().size();
    }

    @Test
    void treeStartingAndEndingWithVisibleStepsIsTheBlockForm() {
        ProcessTree t = sequence(activity("a"), xor(activity("b"), tau()), activity("c"));
        assertThat(size(TreeToPetriNet.convertAsPm4py1(t))).isEqualTo(size(TreeToPetriNet.convertUnreduced(t)));
    }

    @Test
    void treeStartingWithALoopGetsASilentStepAfterTheSource() {
        // source -> tau_1 -> p_3 -> init_loop ... : one place, one silent transition and two arcs more
        ProcessTree t = sequence(loop(activity("a"), activity("b")), activity("c"));
        AcceptingPetriNet net = TreeToPetriNet.convertAsPm4py1(t);
        assertThat(net.net().postset("source")).isEqualTo(List.of("tau_1"));
        assertThat(net.net().postset("tau_1")).isEqualTo(List.of("p_3"));
        assertThat(net.net().preset("sink")).doesNotContain("tau_2");
        assertThat(size(TreeToPetriNet.convertUnreduced(t))).isEqualTo("6/6(3)/12");
        assertThat(size(net)).isEqualTo("7/7(4)/14");
    }

    @Test
    void parallelRootGetsSilentStepsAtBothEnds() {
        ProcessTree t = parallel(activity("a"), activity("b"));
        AcceptingPetriNet net = TreeToPetriNet.convertAsPm4py1(t);
        assertThat(net.net().postset("source")).isEqualTo(List.of("tau_1"));
        assertThat(net.net().preset("sink")).isEqualTo(List.of("tau_2"));
        assertThat(net.net().preset("tau_2")).isEqualTo(List.of("p_4"));
        assertThat(net.net().postset("p_3")).containsExactly("tauSplit_3");
    }
}
