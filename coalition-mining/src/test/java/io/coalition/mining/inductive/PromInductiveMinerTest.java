package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ProM's IM and IMf ({@link InductiveMiner.Variant#PROM}) on small logs whose trees are derived by hand in the comments. */
class PromInductiveMinerTest {
    private static String prom(String log, double noise) {
        return InductiveMiner.mine(TestLogs.parse(log), noise, InductiveMiner.Variant.PROM).canonical().toString();
    }

    @Test
    void imfFilterCountsEndsAmongOutgoingEdges() {
        // a->c 10, c->a 1, starts {a}, ends {c} x10: no cut (one SCC; concurrent and loop cuts give one part).
        // IMf's filter: c's largest "outgoing" count is its 10 ends, 1 < 0.2 x 10 drops c->a: sequence a | c.
        // <a,c,a,c> splits after its first a (least cost), so {c} sees <c,c> once and <c> nine times:
        // p = 10 / (11 + 10) = 0.476 is within 0.5 +- 0.2, a single activity.
        assertThat(prom("<a,c>^9 <a,c,a,c>", 0.2)).isEqualTo("->( 'a', 'c' )");
        // pm4py 2.2's IMf keeps c->a (its only outgoing edge) and finds no sequence
        assertThat(InductiveMiner.mine(TestLogs.parse("<a,c>^9 <a,c,a,c>"), 0.2, InductiveMiner.Variant.PM4PY_PLAIN)
                .canonical().toString()).isNotEqualTo("->( 'a', 'c' )");
        // IM (noise 0): no cut, no activity once per trace (11 a in 10 traces), fewer than 3 activities for
        // activity concurrent; the strict tau loop splits at c -> a: *( IM(<a,c>^11), tau )
        assertThat(prom("<a,c>^9 <a,c,a,c>", 0)).isEqualTo("*( ->( 'a', 'c' ), tau )");
    }

    @Test
    void imfFilterDropsRareEndActivitiesBeforeFilteringEdges() {
        // a=0, b=1, c=2. <a,b>^30 <a,b,a,b> <a,c>^6 <a,c,a,b>: a->b 33, a->c 7, b->a 1, c->a 1; ends b 32, c 6.
        // Ends first: 6 < 0.2 x 32 removes c as an end activity, so c's largest outgoing count is its edge c->a
        // (1), which stays; b is still an end, 32 counts for it and b->a (1 < 6.4) goes. Counting c's removed
        // end count too would drop c->a (1 < 0.2 x 6).
        TraceMultiset log = new TraceMultiset();
        log.add(new int[] {0, 1}, 30);
        log.add(new int[] {0, 1, 0, 1}, 1);
        log.add(new int[] {0, 2}, 6);
        log.add(new int[] {0, 2, 0, 1}, 1);
        PromInductiveMiner.Info filtered = new PromInductiveMiner.Info(log).filtered(0.2f);
        assertThat(filtered.ends.keySet()).containsExactly(1);
        assertThat(filtered.has(2, 0)).isTrue();
        assertThat(filtered.has(1, 0)).isFalse();
        assertThat(filtered.has(0, 1)).isTrue();
        assertThat(filtered.has(0, 2)).isTrue();
    }

    @Test
    void imfFilterComparesInFloatLikeProm() {
        // a=0, b=1, c=2. <a,b>^5 <a,c>: a->b 5, a->c 1. ProM's threshold is the float 0.2f and 5 x 0.2f is 1.0f
        // in float arithmetic, so 1 < 1.0f is false and a->c stays; the same product widened to double
        // (1.0000000149) would drop it. This is what keeps receipt's single T07-5 -> T09-2 edge.
        TraceMultiset log = new TraceMultiset();
        log.add(new int[] {0, 1}, 5);
        log.add(new int[] {0, 2}, 1);
        PromInductiveMiner.Info filtered = new PromInductiveMiner.Info(log).filtered(0.2f);
        assertThat(filtered.has(0, 2)).isTrue();
        // c ends 1 of 6 traces: 1 < 0.2f x 5 (b's ends) is false as well, so c stays an end activity
        assertThat(filtered.ends.keySet()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void sequenceCutMergesOptionalPartsAtAPivot() {
        // ProM's CutFinderIMSequenceStrict. Parts a | b | c with a->b, b->c, starts {a, c}, ends {c}: the lowest
        // part entering each part is -1 (start), 0, -1 (c is a start), an inversion; a and b can be skipped
        // (c starts traces), and part 0 is a forward pivot (b is entered only from a), so a and b merge:
        // {<a,b,c>, <c>} gives ->( X( ->( a, b ), tau ), c ) rather than ->( X( a, tau ), X( b, tau ), c ).
        PlainInductiveMiner.Dfg dfg = new PlainInductiveMiner.Dfg(List.of(new int[] {0, 1}, new int[] {1, 2}), true);
        assertThat(PromInductiveMiner.pivotMerge(List.of(List.of(0), List.of(1), List.of(2)), dfg, List.of(0, 2),
                List.of(2))).containsExactly(List.of(0, 1), List.of(2));
        assertThat(prom("<a,b,c> <c>", 0)).isEqualTo("->( X( ->( 'a', 'b' ), tau ), 'c' )");
        // with a->c as well nothing is inverted (-1, 0, 0 and 2, 2, end): b alone is optional, no merge
        PlainInductiveMiner.Dfg skip = new PlainInductiveMiner.Dfg(
                List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {0, 2}), true);
        assertThat(PromInductiveMiner.pivotMerge(List.of(List.of(0), List.of(1), List.of(2)), skip, List.of(0),
                List.of(2))).containsExactly(List.of(0), List.of(1), List.of(2));
        assertThat(prom("<a,b,c> <a,c>", 0)).isEqualTo("->( 'a', X( 'b', tau ), 'c' )");
    }

    @Test
    void emptyTracesAreNoiseBelowTheThreshold() {
        // 1 empty of 10 traces: 1 < 0.2 x 10, dropped; 1 of 4: X( tau, a ); IM keeps any empty trace
        assertThat(prom("<a>^9 <>", 0.2)).isEqualTo("'a'");
        assertThat(prom("<a>^3 <>", 0.2)).isEqualTo("X( 'a', tau )");
        assertThat(prom("<a>^9 <>", 0)).isEqualTo("X( 'a', tau )");
    }

    @Test
    void activityOncePerTraceCountsOccurrencesInTotal() {
        // a->b, b->a, b->x, x->a: no cut. Activities by ascending count: x (2), a (3), b (3); a occurs |traces|
        // times: +( a, IM(<b,x>, <b>, <x,b>) ); there b <-> x and both start and end: +( b, X( tau, x ) )
        assertThat(prom("<a,b,x> <b,a> <x,a,b>", 0)).isEqualTo("+( 'a', 'b', X( 'x', tau ) )");
    }

    @Test
    void activityConcurrentRemovesTheActivityFromTheDfgAndPrefersTheCheapestCut() {
        // a->b 2, b->x, x->a, b->a; starts {a,b}, ends {a,b}: one SCC, no concurrent cut (x is one-way with both),
        // no loop (x does not reach start b); no activity occurs |traces| = 2 times. Activity concurrent, on the
        // DFG without the activity (start/end sets kept, no bridging edges): without a, b->x with start and end b
        // is the sequence b | x; without b, x->a the sequence x | a; without x, a <-> b the concurrent cut
        // {a} | {b}, found by a later finder. The order is that of ProM's Trove map: a one-letter name hashes to its
        // character code; at capacity 23, a (97) lands at 5, b (98) at 6, x (120) collides with a and probes
        // 1 + 120 % 21 = 16 back, to 12; Trove iterates from the top: x, b, a. Of the two sequence cuts the first in
        // that order, b's, wins: +( IM(<b,b>, <b>), IM(<a,x,a>, <a>) ); p = 2/5 makes the first a flower
        // *( b, tau ), the second is the loop cut body {a} (start and end), redo {x}.
        assertThat(prom("<a,b,x,a,b> <b,a>", 0)).isEqualTo("+( *( 'a', 'x' ), *( 'b', tau ) )");
    }

    @Test
    void drawnOrdersPickAnyActivityThatQualifiesInActivityConcurrent() {
        // the log above: a, b and x all qualify. Taking b mirrors taking a: +( *( b, tau ), *( a, x ) ). Taking x:
        // IM(<x>, <>) = X( x, tau ) (one empty trace of two); IM(<a,b,a,b>, <b,a>) has no cut with minimum
        // self-distance (b lies between the two a) and no loop, the concurrent cut {a} | {b} gives two *( _, tau ).
        // Every other choice is fixed by the log, so 20 draws give exactly these three trees.
        IndexedLog log = TestLogs.parse("<a,b,x,a,b> <b,a>");
        Set<String> trees = new TreeSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            trees.add(InductiveMiner.mineProm(log, 0, PromInductiveMiner.Choices.drawn(new Random(seed))).canonical().toString());
        }
        assertThat(trees).containsExactly("+( *( 'a', 'x' ), *( 'b', tau ) )", "+( *( 'a', tau ), *( 'b', 'x' ) )",
                "+( *( 'a', tau ), *( 'b', tau ), X( 'x', tau ) )");
    }

    @Test
    void sequenceSplitDropsMisplacedEvents() {
        // parts {a} then {b}: in <b,a,b> no split point after the start costs less than 0, so {a} gets the empty
        // trace (a is discarded as noise) and {b} gets <b,b>
        TraceMultiset log = new TraceMultiset();
        log.add(new int[] {1, 0, 1}, 2);
        List<TraceMultiset> parts = PromInductiveMiner.splitSequence(List.of(Set.of(0), Set.of(1)), log);
        assertThat(parts.get(0).traces).containsExactly(new int[0]);
        assertThat(parts.get(0).counts).containsExactly(2L);
        assertThat(parts.get(1).traces).containsExactly(new int[] {1, 1});
    }

    @Test
    void loopSplitCutsEveryReentry() {
        // body {a}, redo {x}: <a,x,a,x,a> gives <a> three times and <x> twice; <x,a> gives the body an empty trace
        TraceMultiset log = new TraceMultiset();
        log.add(new int[] {0, 1, 0, 1, 0}, 1);
        log.add(new int[] {1, 0}, 1);
        List<TraceMultiset> parts = PromInductiveMiner.splitLoop(List.of(Set.of(0), Set.of(1)), log);
        assertThat(parts.get(0).traces).containsExactly(new int[] {0}, new int[0]);
        assertThat(parts.get(0).counts).containsExactly(4L, 1L);
        assertThat(parts.get(1).traces).containsExactly(new int[] {1});
        assertThat(parts.get(1).counts).containsExactly(3L);
    }

    @Test
    void reductionDropsTausThatAnotherChoiceAlreadyOffers() {
        // X( tau, +( X( a, tau ), X( b, tau ) ) ): the concurrent child can already be skipped, so the tau goes
        ProcessTree optional = ProcessTree.xor(ProcessTree.tau(), ProcessTree.parallel(
                ProcessTree.xor(ProcessTree.activity("a"), ProcessTree.tau()),
                ProcessTree.xor(ProcessTree.activity("b"), ProcessTree.tau())));
        assertThat(PromInductiveMiner.reduce(optional).fold().toString()).isEqualTo("+( X( 'a', tau ), X( 'b', tau ) )");
        // a subtree that can only be skipped becomes tau; X( tau, a ) keeps its tau
        ProcessTree skip = ProcessTree.sequence(ProcessTree.activity("a"),
                ProcessTree.loop(ProcessTree.tau(), ProcessTree.xor(ProcessTree.tau(), ProcessTree.tau())));
        assertThat(PromInductiveMiner.reduce(skip).fold().toString()).isEqualTo("'a'");
        ProcessTree keep = ProcessTree.xor(ProcessTree.tau(), ProcessTree.activity("a"));
        assertThat(PromInductiveMiner.reduce(keep).fold().toString()).isEqualTo("X( tau, 'a' )");
    }

    @Test
    void noiseOutsideTheUnitIntervalIsRejected() {
        assertThatThrownBy(() -> InductiveMiner.mine(TestLogs.parse("<a>"), 1.5, InductiveMiner.Variant.PROM))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("noise must be in [0, 1]: 1.5");
    }

    @Test
    void resultIsATreeOverTheLogsActivities() {
        ProcessTree t = InductiveMiner.mine(TestLogs.parse("<a,b,c>^3 <a,c,b>^2"), 0, InductiveMiner.Variant.PROM);
        assertThat(t.canonical().toString()).isEqualTo("->( 'a', +( 'b', 'c' ) )");
    }
}
