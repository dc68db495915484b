package io.coalition.mining.inductive;

import io.coalition.mining.TestLogs;
import io.coalition.mining.tree.ProcessTree;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pm4py 2.0-2.2's IMf ({@code variants/im_f}) on small logs whose trees are derived by hand in the comments. */
class PlainInfrequentInductiveMinerTest {
    private static ProcessTree imf(String log, double noise) {
        return InductiveMiner.mine(TestLogs.parse(log), noise, InductiveMiner.Variant.PM4PY_PLAIN);
    }

    @Test
    void filteredEdgeGivesASequenceCutSplitAtLeastCostPoints() {
        // root: {a,b} and {c} in sequence (plain cut). In {a,b}: a->b 22, b->a 1, b->b 10, no cut; filtering drops
        // b->a (1 < 0.2 x 10), so a | b is a sequence cut; <a,b,a,b> splits after its second a (least cost), so
        // {a} sees <a,a> once and {b} sees <b,b> ten times: both become strict tau loops.
        ProcessTree t = imf("<a,b,c>^20 <a,b,a,b,c> <a,b,b,c>^10", 0.2);
        assertThat(t.canonical().toString()).isEqualTo("->( *( 'a', tau ), *( 'b', tau ), 'c' )");
        // the plain IM (noise 0) finds no cut in {a,b} and falls through to a tau loop
        assertThat(imf("<a,b,c>^20 <a,b,a,b,c> <a,b,b,c>^10", 0).canonical().toString()).isNotEqualTo(t.canonical().toString());
    }

    @Test
    void emptyTracesBecomeOptionalOnlyFromTheNoiseShareOn() {
        // 1 of 4 traces empty: 1 >= 0.2 x 4, so X( tau, a )
        assertThat(imf("<a>^3 <>", 0.2).canonical().toString()).isEqualTo("X( 'a', tau )");
        // 1 of 10: 1 < 0.2 x 10, the empty trace is dropped and the node is cut again: a
        assertThat(imf("<a>^9 <>", 0.2).canonical().toString()).isEqualTo("'a'");
    }

    @Test
    void countsMatterUnlikeThePlainIm() {
        // IMf keeps duplicate traces: the same variants with other counts filter differently
        ProcessTree few = imf("<a,b,c>^2 <a,b,a,b,c> <a,b,b,c>", 0.2);
        ProcessTree many = imf("<a,b,c>^20 <a,b,a,b,c> <a,b,b,c>^10", 0.2);
        assertThat(few.canonical().toString()).isNotEqualTo(many.canonical().toString());
        // the plain IM sees one trace per variant
        assertThat(imf("<a,b,c>^2 <a,b,a,b,c> <a,b,b,c>", 0).canonical().toString())
                .isEqualTo(imf("<a,b,c>^20 <a,b,a,b,c> <a,b,b,c>^10", 0).canonical().toString());
        assertThat(List.of(few.canonical().toString(), many.canonical().toString())).doesNotHaveDuplicates();
    }
}
