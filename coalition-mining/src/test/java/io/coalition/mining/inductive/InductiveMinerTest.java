package io.coalition.mining.inductive;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.MiningException;
import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.WorkflowNets;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.mining.tree.ProcessTree.activity;
import static io.coalition.mining.tree.ProcessTree.tau;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InductiveMinerTest {
    @Test
    void treeStringAndCommutativeEquality() {
        ProcessTree t = ProcessTree.sequence(activity("a"), ProcessTree.xor(activity("b"), tau()));
        assertThat(t).hasToString("->( 'a', X( 'b', tau ) )");
        assertThat(t.equalsUpToCommutativeOrder(ProcessTree.sequence(activity("a"), ProcessTree.xor(tau(), activity("b"))))).isTrue();
        assertThat(t.equalsUpToCommutativeOrder(ProcessTree.sequence(ProcessTree.xor(tau(), activity("b")), activity("a")))).isFalse();
        assertThat(ProcessTree.loop(activity("a"), activity("b"), activity("c"))
                .equalsUpToCommutativeOrder(ProcessTree.loop(activity("a"), activity("c"), activity("b")))).isTrue();
        assertThat(ProcessTree.sequence(activity("a"), ProcessTree.sequence(activity("b"), tau())).fold())
                .isEqualTo(ProcessTree.sequence(activity("a"), activity("b")));
    }

    @Test
    void minesL1() {
        ProcessTree t = InductiveMiner.mine(TestLogs.parse(TestLogs.L1));
        assertThat(t.equalsUpToCommutativeOrder(ProcessTree.sequence(activity("a"),
                ProcessTree.xor(ProcessTree.parallel(activity("b"), activity("c")), activity("e")), activity("d")))).isTrue();
        AcceptingPetriNet net = Discovery.inductive(TestLogs.parse(TestLogs.L1), 0.0);
        assertThat(WorkflowNets.isSound(net)).isTrue();
    }

    @Test
    void emptyTracesAndLoops() {
        ProcessTree t = InductiveMiner.mine(TestLogs.parse("<a,b>^2 <> <a,b,a,b>"));
        assertThat(t.equalsUpToCommutativeOrder(ProcessTree.xor(tau(),
                ProcessTree.loop(ProcessTree.sequence(activity("a"), activity("b")), tau())))).as(t.toString()).isTrue();
        assertThat(WorkflowNets.isSound(TreeToPetriNet.convert(t))).isTrue();
    }

    @Test
    void ptmlRoundTripAndErrors() {
        ProcessTree t = ProcessTree.sequence(activity("a & b"), ProcessTree.loop(activity("c"), tau()),
                ProcessTree.parallel(activity("d"), ProcessTree.xor(activity("e"), tau())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Ptml.write(t, out);
        assertThat(Ptml.read(new ByteArrayInputStream(out.toByteArray()), "mem")).isEqualTo(t);
        String bad = "<ptml>\n<processTree root=\"x\">\n<bogus/>\n</processTree></ptml>";
        assertThatThrownBy(() -> Ptml.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "bad.ptml"))
                .isInstanceOf(MiningException.class).hasMessageContaining("bad.ptml:3");
    }

    @Test
    void soundnessReportsWhy() {
        PetriNet n = PetriNet.builder("n").place("i").place("o").place("p").transition("a", "a").transition("b", "b")
                .arc("i", "a").arc("a", "o").arc("a", "p").arc("p", "b").arc("b", "o").build();
        WorkflowNets.Soundness s = WorkflowNets.check(new AcceptingPetriNet(n, Marking.of("i"), Marking.of("o")), 1000);
        assertThat(s.sound()).isFalse();
        assertThat(s.reason()).contains("proper completion");
    }

    static Path data() {
        String env = System.getenv("COALITION_DATA");
        Path base = Path.of(env != null ? env : "../../shared/data");
        if (!Files.isDirectory(base) && env == null) base = Path.of("../shared/data");
        return base;
    }

    @Test
    void syntheticA12RediscoversItsModel() {
        Path log = data().resolve("xes/synthetic/a12f0n00.xes.gz");
        Assumptions.assumeTrue(Files.isRegularFile(log), "COALITION_DATA not available");
        IndexedLog l = IndexedLog.of(XesReader.read(log, ReadOptions.DEFAULT), Classifier.ACTIVITY);
        ProcessTree model = Ptml.read(data().resolve("xes/synthetic/a12.ptml")).fold();
        ProcessTree mined = InductiveMiner.mine(l);
        assertThat(mined.equalsUpToCommutativeOrder(model)).as(mined.canonical() + "\n" + model.canonical()).isTrue();
    }

    @Test
    void imfOnBpic2012IsFast() {
        Path log = data().resolve("xes/bpic2012.xes.gz");
        Assumptions.assumeTrue(Files.isRegularFile(log), "COALITION_DATA not available");
        IndexedLog l = IndexedLog.of(XesReader.read(log, ReadOptions.DEFAULT), Classifier.ACTIVITY);
        InductiveMiner.mine(l, 0.2);
        long t0 = System.nanoTime();
        ProcessTree t = InductiveMiner.mine(l, 0.2);
        long imf = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        InductiveMiner.mine(l, 0.0);
        long im = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("BPIC 2012: IMf " + imf + " ms, IM " + im + " ms, tree " + t.size() + " nodes");
        assertThat(imf).isLessThan(1000);
        assertThat(WorkflowNets.isSound(TreeToPetriNet.convert(t))).isTrue();
    }

    @Test
    void plainVariantFollowsPm4pysPlainIm() {
        IndexedLog l1 = TestLogs.parse(TestLogs.L1);
        ProcessTree t = InductiveMiner.mine(l1, 0, InductiveMiner.Variant.PM4PY_PLAIN);
        assertThat(t.equalsUpToCommutativeOrder(ProcessTree.sequence(activity("a"),
                ProcessTree.xor(ProcessTree.parallel(activity("b"), activity("c")), activity("e")), activity("d")))).isTrue();
        // c once per trace splits off; b (repeated in some traces, missing in others) becomes pm4py's X( tau, *( b, tau ) )
        ProcessTree r = InductiveMiner.mine(TestLogs.parse("<a,b,b,c> <a,c> <a,b,c,b>"), 0, InductiveMiner.Variant.PM4PY_PLAIN);
        assertThat(r).hasToString("->( 'a', +( X( tau, *( 'b', tau ) ), 'c' ) )");
        assertThat(WorkflowNets.isSound(TreeToPetriNet.convert(r))).isTrue();
    }

    @Test
    void plainVariantRejectsBadNoise() {
        assertThatThrownBy(() -> InductiveMiner.mine(TestLogs.parse(TestLogs.L1), -0.2, InductiveMiner.Variant.PM4PY_PLAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("noise must be in [0, 1]: -0.2");
        assertThatThrownBy(() -> InductiveMiner.mine(TestLogs.parse(TestLogs.L1), 1.5, InductiveMiner.Variant.PM4PY_PLAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("noise must be in [0, 1]: 1.5");
    }
}
