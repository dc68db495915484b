package io.coalition.mining.conformance;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Conformance;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.coalition.mining.tree.ProcessTree.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The IMDF columns of {@code pm4py-reference/pm_extr_report.txt} (pm4py-core commit 6d606a58's
 * {@code tests/pm_extr_test/report.txt}): pm4py 1.x's DFG-based IM ({@code InductiveMiner.Variant.PM4PY_IMDF}),
 * converted as pm4py 1.x did ({@code TreeToPetriNet.convertAsPm4py1}: no reduction), on logs read with pm4py's {@code search_act_class_attr} classifier (concept:name +
 * lifecycle:transition when the log declares "Activity classifier" or "MXML Legacy Classifier"); fitness is the
 * percentage of fitting traces, precision has no empty-prefix term, values printed with 3 decimals (tolerance
 * 0.0005). Figures the port reproduces are asserted against the report; the others are asserted as ours, with
 * the report's value and what is known of the divergence in the comment (README, "Conformance parity"): 30 of the
 * 32 figures (fitting %, precision, generalization, simplicity on 8 logs) are the report's, and a32f0n00's and
 * receipt's precision are too with another order of unrelated sequence parts (Python's set order in pm4py).
 */
class PmExtrImdfTest {
    private static final double R = 0.0005;
    private static final double EXACT = 1e-9;
    private static final Classifier LIFECYCLE = new Classifier("Activity classifier", Classifier.Scope.EVENT,
            List.of("concept:name", "lifecycle:transition"));

    record Figures(double fitting, double alignedFitting, double precision, double generalization, double simplicity) {
    }

    static IndexedLog log(String file, Classifier classifier) {
        return IndexedLog.of(XesReader.read(TestData.require("xes/" + file), ReadOptions.DEFAULT), classifier);
    }

    static Figures figures(IndexedLog log, AcceptingPetriNet net, boolean align) {
        TokenReplay.Result r = Conformance.tokenReplay(log, net);
        return new Figures(r.percentageFittingTraces(),
                align ? Conformance.alignments(log, net).percentageFittingTraces() : Double.NaN,
                Precision.tokenBased(log, new CompiledNet(net), false), Generalization.of(net, r),
                Conformance.simplicity(net));
    }

    static Figures imdf(IndexedLog log, boolean align) {
        return figures(log, TreeToPetriNet.convertAsPm4py1(InductiveMiner.mine(log, 0, InductiveMiner.Variant.PM4PY_IMDF)), align);
    }

    @Test
    void runningExampleAllFigures() {
        // report: 100 / 100 / 0.733 / 0.550 / 0.806
        Figures f = imdf(log("running-example.xes", Classifier.ACTIVITY), true);
        assertThat(f.fitting()).isEqualTo(100.0);
        assertThat(f.alignedFitting()).isEqualTo(100.0);
        assertThat(f.precision()).isCloseTo(0.733, within(R));
        assertThat(f.generalization()).isCloseTo(0.550, within(R));
        assertThat(f.simplicity()).isCloseTo(0.806, within(R));
    }

    @Test
    void a32AllFiguresButPrecisionWhichDependsOnPythonsSetOrder() {
        // report: 100 / 100 / 0.480 / 0.945 / 0.778. t's successors u and v are unrelated components of the same
        // node; their order survives the sequence cut's sort, and in pm4py it is Python's (hash-seeded) set order.
        // Ours puts v first; pm4py's exported net (pm_extr_test/pnml_folder/09_a32f0n00_inductive.pnml, commit
        // e951bf9: 50 places, 55 transitions) has u first, and with that order precision is the report's too
        IndexedLog log = log("synthetic/a32f0n00.xes.gz", Classifier.ACTIVITY);
        ProcessTree ours = InductiveMiner.mine(log, 0, InductiveMiner.Variant.PM4PY_IMDF);
        assertThat(ours.toString()).contains("->( 't', X( 'v', tau ), X( 'u', tau ), 'uv4' )")
                .contains("->( 'b', X( 'c', tau ), X( 'd', tau ), X( 'e', tau ), 'j' )")
                .contains("*( X( 'h9', tau ), X( 'g', tau ) )");
        Figures f = figures(log, TreeToPetriNet.convertAsPm4py1(ours), true);
        assertThat(f.fitting()).isEqualTo(100.0);
        assertThat(f.alignedFitting()).isEqualTo(100.0);
        assertThat(f.generalization()).isCloseTo(0.945, within(R));
        assertThat(f.simplicity()).isCloseTo(0.778, within(R));
        assertThat(f.precision()).isCloseTo(0.481057739, within(EXACT));

        AcceptingPetriNet pm4pyOrder = TreeToPetriNet.convertAsPm4py1(swapLabels(ours, "u", "v"));
        assertThat(pm4pyOrder.net().places()).hasSize(50);
        assertThat(pm4pyOrder.net().transitions()).hasSize(55);
        Figures g = figures(log, pm4pyOrder, false);
        assertThat(g.precision()).isCloseTo(0.480, within(R));
        assertThat(g.generalization()).isCloseTo(0.945, within(R));
        assertThat(g.simplicity()).isCloseTo(0.778, within(R));
    }

    @Test
    void reviewingAllFigures() {
        // report: 0 / 0 / 0.680 / 0.829 / 0.750. Of reject+start and accept+start (both follow only decide+complete)
        // the sort puts accept+start later, so reject+start is a part of its own; the net has the size of the one
        // pm4py exported in the same commit (pnml_folder/04_reviewing_inductive.pnml: 22 places, 26 transitions,
        // 56 arcs)
        IndexedLog log = log("reviewing.xes", LIFECYCLE);
        ProcessTree ours = InductiveMiner.mine(log, 0, InductiveMiner.Variant.PM4PY_IMDF);
        assertThat(ours.toString()).endsWith("X( 'reject+start', tau ), "
                + "X( 'reject+complete', ->( 'accept+start', 'accept+complete' ) ) )");
        AcceptingPetriNet net = TreeToPetriNet.convertAsPm4py1(ours);
        assertThat(net.net().places()).hasSize(22);
        assertThat(net.net().transitions()).hasSize(26);
        assertThat(net.net().arcs()).hasSize(56);
        Figures f = figures(log, net, true);
        assertThat(f.fitting()).isEqualTo(0.0);
        assertThat(f.alignedFitting()).isEqualTo(0.0);
        assertThat(f.precision()).isCloseTo(0.680, within(R));
        assertThat(f.generalization()).isCloseTo(0.829, within(R));
        assertThat(f.simplicity()).isCloseTo(0.750, within(R));
    }

    @Test
    void teleclaimsAllFigures() {
        // report: 43.736 / 43.736 / 0.164 / 0.951 / 0.642
        Figures f = imdf(log("02_teleclaims.xes.gz", LIFECYCLE), true);
        assertThat(f.fitting()).isCloseTo(43.736, within(R));
        assertThat(f.alignedFitting()).isCloseTo(43.736, within(R));
        assertThat(f.precision()).isCloseTo(0.164, within(R));
        assertThat(f.generalization()).isCloseTo(0.951, within(R));
        assertThat(f.simplicity()).isCloseTo(0.642, within(R));
    }

    @Test
    void repairExampleAllFigures() {
        // report: 99.819 / 99.819 / 0.246 / 0.966 / 0.667
        Figures f = imdf(log("03_repairExample.xes.gz", LIFECYCLE), true);
        assertThat(f.fitting()).isCloseTo(99.819, within(R));
        assertThat(f.alignedFitting()).isCloseTo(99.819, within(R));
        assertThat(f.precision()).isCloseTo(0.246, within(R));
        assertThat(f.generalization()).isCloseTo(0.966, within(R));
        assertThat(f.simplicity()).isCloseTo(0.667, within(R));
    }

    @Test
    void receiptAllFiguresButPrecisionWhichDependsOnPythonsSetOrder() {
        // report: 99.791 / 99.791 / 0.156 / 0.853 / 0.606. After T16 the sequence cut yields eight parts (seven
        // skippable single activities, then the T02..T09 loops) whose relative order partly comes from the initial
        // order of unrelated components, i.e. Python's set order in pm4py; ours gives precision 0.155424. One order
        // the sort also produces from another initial order (found by shuffling each node's activities) gives the
        // report's precision, all else equal
        IndexedLog log = log("08_receipt.xes.gz", LIFECYCLE);
        ProcessTree ours = InductiveMiner.mine(log, 0, InductiveMiner.Variant.PM4PY_IMDF);
        Figures f = figures(log, TreeToPetriNet.convertAsPm4py1(ours), true);
        assertThat(f.fitting()).isCloseTo(99.791, within(R));
        assertThat(f.alignedFitting()).isCloseTo(99.791, within(R));
        assertThat(f.generalization()).isCloseTo(0.853, within(R));
        assertThat(f.simplicity()).isCloseTo(0.606, within(R));
        assertThat(f.precision()).isCloseTo(0.155424170, within(EXACT));

        List<String> otherOrder = List.of("T16 ", "T13 ", "T17 ", "T19 ", "T11 ", "T12 ", "T20 ", "T0");
        ProcessTree reordered = reorderSequence(ours, "T16 ", otherOrder);
        assertThat(reordered).isNotEqualTo(ours);
        Figures g = figures(log, TreeToPetriNet.convertAsPm4py1(reordered), false);
        assertThat(g.fitting()).isCloseTo(99.791, within(R));
        assertThat(g.precision()).isCloseTo(0.156, within(R));
        assertThat(g.generalization()).isCloseTo(0.853, within(R));
        assertThat(g.simplicity()).isCloseTo(0.606, within(R));
    }

    @Test
    void bpic2013AllFiguresWithTheSilentStepsAtSourceAndSink() {
        // both trees start with a loop (and the problems tree is a parallel), so pm4py 1.x's converter added a
        // silent step after the source (and before the sink) and, having no reduction yet, kept them; without them
        // (convertUnreduced) generalization and simplicity differ: 0.891329 / 0.642105 and 0.853676 / 0.766234
        // "06 incidents" (07_bpic2013_incidents here), report: 26.225 / 0.405 / 0.894 / 0.649
        Figures incidents = imdf(log("07_bpic2013_incidents.xes.gz", LIFECYCLE), false);
        assertThat(incidents.fitting()).isCloseTo(26.225, within(R));
        assertThat(incidents.precision()).isCloseTo(0.405, within(R));
        assertThat(incidents.generalization()).isCloseTo(0.894, within(R));
        assertThat(incidents.simplicity()).isCloseTo(0.649, within(R));
        // "07 problems" (06_bpic2013_closed here), report: 69.065 / 0.836 / 0.861 / 0.778
        Figures problems = imdf(log("06_bpic2013_closed.xes.gz", LIFECYCLE), false);
        assertThat(problems.fitting()).isCloseTo(69.065, within(R));
        assertThat(problems.precision()).isCloseTo(0.836, within(R));
        assertThat(problems.generalization()).isCloseTo(0.861, within(R));
        assertThat(problems.simplicity()).isCloseTo(0.778, within(R));
    }

    /**
     * The tree with the children of the sequence whose first child starts with {@code firstChild} put in the order
     * of {@code order} (each child by the first prefix its first visible label starts with).
     */
    static ProcessTree reorderSequence(ProcessTree t, String firstChild, List<String> order) {
        if (t.isLeaf()) return t;
        List<ProcessTree> cs = new java.util.ArrayList<>();
        for (ProcessTree c : t.children()) cs.add(reorderSequence(c, firstChild, order));
        if (t.operator() == ProcessTree.Operator.SEQUENCE && firstLabel(cs.get(0)).startsWith(firstChild)) {
            java.util.function.ToIntFunction<ProcessTree> rank = c -> {
                for (int i = 0; i < order.size(); i++) if (firstLabel(c).startsWith(order.get(i))) return i;
                throw new IllegalArgumentException("no prefix in " + order + " for " + c);
            };
            cs.sort(java.util.Comparator.comparingInt(rank));
        }
        return ProcessTree.of(t.operator(), cs);
    }

    private static String firstLabel(ProcessTree t) {
        if (t.isLeaf()) return t.isTau() ? "" : t.label();
        for (ProcessTree c : t.children()) {
            String l = firstLabel(c);
            if (!l.isEmpty()) return l;
        }
        return "";
    }

    /** The tree with the labels {@code a} and {@code b} exchanged. */
    static ProcessTree swapLabels(ProcessTree t, String a, String b) {
        if (t.isLeaf()) {
            if (t.isTau()) return t;
            return t.label().equals(a) ? activity(b) : t.label().equals(b) ? activity(a) : t;
        }
        List<ProcessTree> cs = new java.util.ArrayList<>();
        for (ProcessTree c : t.children()) cs.add(swapLabels(c, a, b));
        return ProcessTree.of(t.operator(), cs);
    }
}
