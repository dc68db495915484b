package io.coalition.mining.parity;

import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Conformance;
import io.coalition.mining.Discovery;
import io.coalition.mining.conformance.Alignments;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.petri.WorkflowNets;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN;
import static io.coalition.mining.inductive.InductiveMiner.Variant.IM_CLEAN_LATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * pm4py's notebook 5 (pm4py-reference/notebooks/notebook-outputs.md, cells 64-88): the receipt log, IMf with noise
 * 0.1, the tree converted to BPMN and the BPMN to a Petri net. The later {@code im_clean}
 * ({@link InductiveMiner.Variant#IM_CLEAN_LATE}) through {@link TreeToPetriNet#convertViaPm4pyBpmn} reproduces
 * every per-trace figure the notebook prints: the two alignments (cells 83, 84-88), the average trace fitness and
 * the share of fitting traces of token replay and of alignments. The log-level values are close but not equal
 * (pm4py's token replay produced and consumed exactly 32 tokens more; ETC precision differs in the 3rd decimal):
 * they are pinned below. Both gaps are in pm4py's net, not in the replay or ETC: one silent step more on T07-2's
 * route and one silent arc from before T09-4 to before T09-3 give every notebook figure (tests below; README,
 * "Receipt, notebook 5"). Our default
 * {@code IM_CLEAN} (the earlier im_clean) mines another tree here: 2 more traces fit.
 */
class Pm4pyReceiptBpmnRouteParityTest {
    private static final String CONF = "Confirmation of receipt";
    private static final String T02 = "T02 Check confirmation of receipt";
    private static final String T03 = "T03 Adjust confirmation of receipt";
    private static final String T072 = "T07-2 Draft intern advice aspect 2";
    private static final String T093 = "T09-3 Process or receive external advice from party 3";
    private static final String T094 = "T09-4 Process or receive external advice from party 4";
    private static IndexedLog log;
    private static ProcessTree tree;
    private static AcceptingPetriNet net;

    @BeforeAll
    static void mine() {
        log = Discovery.index(XesReader.read(TestData.require("xes/08_receipt.xes.gz"), ReadOptions.DEFAULT));
        tree = InductiveMiner.mine(log, 0.1, IM_CLEAN_LATE);
        net = TreeToPetriNet.convertViaPm4pyBpmn(tree);
    }

    @Test
    void netIsASoundWorkflowNet() {
        PetriNet n = net.net();
        assertThat(n.places()).hasSize(39);
        assertThat(n.transitions()).hasSize(65);
        assertThat(n.invisibleTransitionCount()).isEqualTo(38);
        assertThat(n.arcs()).hasSize(130);
        assertThat(WorkflowNets.check(net, WorkflowNets.DEFAULT_STATE_LIMIT).sound()).isTrue();
    }

    @Test
    void firstTraceAlignsAsInCell83() {
        // cell 83: cost 19, fitness 1.0, bwc 60011, every event synchronous, the rest silent moves
        Alignments.TraceAlignment a = Alignments.alignTrace(net, List.of(CONF, T02, T03, T02));
        assertThat(a.cost()).isEqualTo(19);
        assertThat(a.bestWorstCost()).isEqualTo(60011);
        assertThat(a.fitness()).isEqualTo(1.0);
        assertThat(a.moves().stream().filter(m -> !m.isSync()).allMatch(m -> m.label() == null)).isTrue();
    }

    @Test
    void firstUnfitTraceAlignsAsInCell84() {
        // cells 84-88: trace [Confirmation of receipt], cost 10011, fitness 2/3, bwc 30011, model run of two
        // activities (pm4py shows T06; T02 is equally cheap and which one is found depends on names, which pm4py
        // draws at random)
        Alignments.TraceAlignment a = Alignments.alignTrace(net, List.of(CONF));
        assertThat(a.cost()).isEqualTo(10011);
        assertThat(a.bestWorstCost()).isEqualTo(30011);
        assertThat(a.fitness()).isCloseTo(0.6666666666666667, within(1e-15));
        List<String> run = a.moves().stream().filter(m -> m.label() != null).map(Alignments.Move::label).toList();
        assertThat(run).hasSize(2).first().isEqualTo(CONF);
        assertThat(run.get(1)).isIn(T02, "T06 Determine necessity of stop advice");
    }

    @Test
    void perTraceFiguresEqualCells73And74() {
        TokenReplay.Result tr = Conformance.tokenReplay(log, net);
        assertThat(tr.averageTraceFitness()).isCloseTo(0.9595219818436711, within(1e-15));
        assertThat(tr.percentageFittingTraces()).isCloseTo(91.77126917712691, within(1e-12));
        Alignments.Result al = Conformance.alignments(log, net);
        assertThat(al.averageTraceFitness()).isCloseTo(0.9729195722919578, within(1e-15));
        assertThat(al.percentageFittingTraces()).isCloseTo(91.77126917712691, within(1e-12));
    }

    @Test
    void logLevelValuesAreCloseButNotPm4pys() {
        // notebook: token replay log fitness 0.9973799902304721 = 1 - 118 / 45038, i.e. pm4py produced and consumed
        // 32 tokens more with the same missing and remaining ones; alignments 0.9893740726376428; ETC token =
        // alignment = 0.2067348714612779 (0.20709463 here without the empty-prefix term, see ReceiptNotebookPrecisionTest)
        TokenReplay.Result tr = Conformance.tokenReplay(log, net);
        assertThat(tr.logFitness()).isCloseTo(0.9973781273607963, within(1e-12));
        assertThat(new long[] {tr.produced(), tr.consumed(), tr.missing(), tr.remaining()})
                .containsExactly(45006, 45006, 118, 118);
        assertThat(Conformance.alignments(log, net).logFitness()).isCloseTo(0.9893743521971904, within(1e-12));
        assertThat(Conformance.precision(log, net)).isCloseTo(0.21718601617068867, within(1e-12));
        assertThat(Conformance.alignmentPrecision(log, net)).isCloseTo(0.21718601617068867, within(1e-12));
    }

    @Test
    void oneMoreSilentStepBeforeT072GivesBothNotebookLogFitnesses() {
        // Every transition of this net has one input and one output place (a state machine), so a fitting trace
        // holds one token and pm4py's replay fires exactly the shortest silent path between two events, as ours:
        // the 32 extra tokens cannot come from the replay. Alignments say the same: the notebook's log fitness is
        // ours with 32 more cost units (silent moves) and the same best-worst costs. T07-2 is the only transition
        // fired exactly 32 times, all in fitting traces (none in unfit ones, whose fitness would otherwise move):
        // a net with one silent step more on its route gives both notebook log fitnesses to all digits.
        assertThat(net.net().transitions()).allSatisfy(t -> {
            assertThat(net.net().preset(t.id())).hasSize(1);
            assertThat(net.net().postset(t.id())).hasSize(1);
        });
        long fitting = 0;
        long unfit = 0;
        TokenReplay.Result tr = Conformance.tokenReplay(log, net);
        for (TokenReplay.VariantResult v : tr.variants()) {
            long n = v.activities().stream().filter(T072::equals).count() * v.count();
            if (v.result().fit()) fitting += n;
            else unfit += n;
        }
        assertThat(new long[] {fitting, unfit}).containsExactly(32, 0);
        long cost = 0;
        long bwc = 0;
        for (Alignments.VariantResult v : Conformance.alignments(log, net).variants()) {
            cost += (long) v.alignment().cost() * v.count();
            bwc += (long) v.alignment().bestWorstCost() * v.count();
        }
        assertThat(new long[] {cost, bwc}).containsExactly(1216273, 114465774);
        assertThat(1 - (cost + 32.0) / bwc).isEqualTo(0.9893740726376428);

        AcceptingPetriNet longer = withSilentStepBefore(net, T072);
        TokenReplay.Result tr2 = Conformance.tokenReplay(log, longer);
        assertThat(tr2.logFitness()).isEqualTo(0.9973799902304721);
        assertThat(new long[] {tr2.produced(), tr2.consumed(), tr2.missing(), tr2.remaining()})
                .containsExactly(45038, 45038, 118, 118);
        assertThat(tr2.averageTraceFitness()).isCloseTo(0.9595219818436711, within(1e-15));
        assertThat(tr2.percentageFittingTraces()).isCloseTo(91.77126917712691, within(1e-12));
        Alignments.Result al2 = Conformance.alignments(log, longer);
        assertThat(al2.logFitness()).isEqualTo(0.9893740726376428);
        assertThat(al2.averageTraceFitness()).isCloseTo(0.9729195722919578, within(1e-15));
        // ETC precision does not move: its gap (0.217186 vs 0.206735) has another cause
        assertThat(Conformance.precision(log, longer)).isCloseTo(0.21718601617068867, within(1e-12));
    }

    @Test
    void withOneMoreSilentArcEveryNotebookFigureIsReached() {
        // The ETC gap is the other half: pm4py's 93898 escaping of 118369 activated are ours (88202 of 112673) plus
        // 5696 activations that all escape. In this state machine the activated labels of a prefix are the silent
        // closure of its one marked place, so equal nets give equal ETC: pm4py's net lets one more label be
        // reached silently. Of all 39 x 39 silent place-to-place shortcuts, only those from the place before T09-4
        // give 0.2067348714612779, to the place before T09-3, T17, T20 (sound) or to source (unsound): the label
        // is one of these, which one ETC cannot tell. Both changes together give every notebook figure.
        PetriNet n = net.net();
        String beforeT094 = n.preset(n.transitionsLabelled(T094).get(0).id()).get(0);
        String beforeT093 = n.preset(n.transitionsLabelled(T093).get(0).id()).get(0);
        PetriNet.Builder b = rebuild(withSilentStepBefore(net, T072).net());
        b.invisible("extra_shortcut").arc(beforeT094, "extra_shortcut").arc("extra_shortcut", beforeT093);
        AcceptingPetriNet pm4pys = new AcceptingPetriNet(b.build(), net.initial(), net.fin());
        assertThat(WorkflowNets.check(pm4pys, WorkflowNets.DEFAULT_STATE_LIMIT).sound()).isTrue();
        TokenReplay.Result tr = Conformance.tokenReplay(log, pm4pys);
        assertThat(tr.logFitness()).isEqualTo(0.9973799902304721);
        assertThat(tr.averageTraceFitness()).isCloseTo(0.9595219818436711, within(1e-15));
        assertThat(tr.percentageFittingTraces()).isCloseTo(91.77126917712691, within(1e-12));
        Alignments.Result al = Conformance.alignments(log, pm4pys);
        assertThat(al.logFitness()).isEqualTo(0.9893740726376428);
        assertThat(al.averageTraceFitness()).isCloseTo(0.9729195722919578, within(1e-15));
        assertThat(Conformance.precision(log, pm4pys)).isEqualTo(0.2067348714612779);
        assertThat(Conformance.alignmentPrecision(log, pm4pys)).isEqualTo(0.2067348714612779);
        // the shortcut alone moves only ETC
        PetriNet.Builder c = rebuild(n);
        c.invisible("extra_shortcut").arc(beforeT094, "extra_shortcut").arc("extra_shortcut", beforeT093);
        AcceptingPetriNet shortcutOnly = new AcceptingPetriNet(c.build(), net.initial(), net.fin());
        assertThat(Conformance.precision(log, shortcutOnly)).isEqualTo(0.2067348714612779);
        assertThat(Conformance.tokenReplay(log, shortcutOnly).logFitness()).isCloseTo(0.9973781273607963, within(1e-15));
    }

    private static PetriNet.Builder rebuild(PetriNet n) {
        PetriNet.Builder b = PetriNet.builder(n.name());
        n.places().forEach(p -> b.place(p.id()));
        n.transitions().forEach(t -> b.transition(t.id(), t.label()));
        n.arcs().forEach(a -> b.arc(a.source(), a.target(), a.weight()));
        return b;
    }

    /** {@code model} with a silent transition and a place inserted on every arc into the transition {@code label}. */
    private static AcceptingPetriNet withSilentStepBefore(AcceptingPetriNet model, String label) {
        PetriNet n = model.net();
        String target = n.transitionsLabelled(label).get(0).id();
        PetriNet.Builder b = PetriNet.builder(n.name());
        n.places().forEach(p -> b.place(p.id()));
        n.transitions().forEach(t -> b.transition(t.id(), t.label()));
        b.place("extra_place").invisible("extra_tau");
        for (PetriNet.Arc a : n.arcs()) {
            if (a.target().equals(target)) {
                b.arc(a.source(), "extra_tau").arc("extra_tau", "extra_place").arc("extra_place", target);
            } else {
                b.arc(a.source(), a.target());
            }
        }
        return new AcceptingPetriNet(b.build(), model.initial(), model.fin());
    }

    @Test
    void otherVariantsNoiseValuesAndConvertersDoNotGiveTheNotebook() {
        // noise 0.2: cell 83's trace does not fit (two deviations and 11 silent moves)
        AcceptingPetriNet imf02 = TreeToPetriNet.convertViaPm4pyBpmn(InductiveMiner.mine(log, 0.2, IM_CLEAN_LATE));
        assertThat(Alignments.alignTrace(imf02, List.of(CONF, T02, T03, T02)).cost()).isEqualTo(20011);
        // pm4py's direct tree-to-net converter: other silent steps
        assertThat(Alignments.alignTrace(TreeToPetriNet.convert(tree), List.of(CONF, T02, T03, T02)).cost())
                .isNotEqualTo(19);
        // the earlier im_clean (our default): 1318 fitting traces instead of 1316
        AcceptingPetriNet clean = TreeToPetriNet.convertViaPm4pyBpmn(InductiveMiner.mine(log, 0.1, IM_CLEAN));
        TokenReplay.Result tr = Conformance.tokenReplay(log, clean);
        assertThat(tr.percentageFittingTraces()).isCloseTo(100.0 * 1318 / 1434, within(1e-9));
        assertThat(tr.logFitness()).isCloseTo(0.9980589022757698, within(1e-12));
        assertThat(Conformance.precision(log, clean)).isCloseTo(0.15863150595265096, within(1e-12));
        // pm4py 2.0-2.2's plain IMf and 2.3-2.7's framework
        assertThat(Conformance.tokenReplay(log, TreeToPetriNet.convertViaPm4pyBpmn(
                InductiveMiner.mine(log, 0.1, InductiveMiner.Variant.PM4PY_PLAIN))).percentageFittingTraces())
                .isCloseTo(100.0 * 1195 / 1434, within(1e-9));
        assertThat(Conformance.tokenReplay(log, TreeToPetriNet.convertViaPm4pyBpmn(
                InductiveMiner.mine(log, 0.1, InductiveMiner.Variant.PM4PY_FRAMEWORK))).percentageFittingTraces())
                .isCloseTo(80.75313807531381, within(1e-9));
    }
}
