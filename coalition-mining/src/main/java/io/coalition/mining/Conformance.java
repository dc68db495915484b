package io.coalition.mining;

import io.coalition.mining.conformance.Alignments;
import io.coalition.mining.conformance.Generalization;
import io.coalition.mining.conformance.Precision;
import io.coalition.mining.conformance.Simplicity;
import io.coalition.mining.conformance.TokenReplay;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.concurrent.Executor;

/**
 * One way in for conformance checking and model quality, with pm4py's semantics throughout (see
 * {@code io.coalition.mining.conformance}). Build the {@link IndexedLog} once ({@link Discovery#index}).
 */
public final class Conformance {
    private Conformance() {
    }

    /** Model quality in pm4py's four dimensions, fitness by token replay, precision by token-based ETC. */
    public record Quality(TokenReplay.Result fitness, double precision, double generalization, double simplicity) {
    }

    /** Token-based replay fitness (per variant and for the log). */
    public static TokenReplay.Result tokenReplay(IndexedLog log, AcceptingPetriNet model) {
        return TokenReplay.replay(log, model);
    }

    /**
     * Optimal alignments with the standard cost function (per variant) and alignment fitness; variants are aligned
     * in parallel on the common fork-join pool.
     */
    public static Alignments.Result alignments(IndexedLog log, AcceptingPetriNet model) {
        return Alignments.align(log, model);
    }

    /** As {@link #alignments(IndexedLog, AcceptingPetriNet)}, on {@code executor}; the result does not depend on it. */
    public static Alignments.Result alignments(IndexedLog log, AcceptingPetriNet model, Executor executor) {
        return Alignments.align(log, model, executor);
    }

    /** ETConformance precision, activated transitions from token replay (pm4py's default). */
    public static double precision(IndexedLog log, AcceptingPetriNet model) {
        return Precision.tokenBased(log, model);
    }

    /** ETConformance precision, activated transitions from prefix alignments. */
    public static double alignmentPrecision(IndexedLog log, AcceptingPetriNet model) {
        return Precision.alignmentBased(log, model);
    }

    /** Token-based ETConformance as pm4py computes it when given {@code input} (see {@link Precision.Pm4pyInput}). */
    public static double precision(IndexedLog log, AcceptingPetriNet model, Precision.Pm4pyInput input) {
        return Precision.tokenBased(log, model, input);
    }

    /** Alignment-based ETConformance as pm4py computes it when given {@code input}. */
    public static double alignmentPrecision(IndexedLog log, AcceptingPetriNet model, Precision.Pm4pyInput input) {
        return Precision.alignmentBased(log, model, input);
    }

    public static double generalization(IndexedLog log, AcceptingPetriNet model) {
        return Generalization.of(log, model);
    }

    public static double simplicity(AcceptingPetriNet model) {
        return Simplicity.of(model.net());
    }

    /** All four dimensions; the log is replayed once for fitness and generalization. */
    public static Quality quality(IndexedLog log, AcceptingPetriNet model) {
        TokenReplay.Result replay = TokenReplay.replay(log, model);
        return new Quality(replay, Precision.tokenBased(log, model), Generalization.of(model, replay),
                Simplicity.of(model.net()));
    }
}
