package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Providers serve their cases in canonical order with the case index spread over the segments; the miner checks
 * each stream case by case against the index summary. Every way a provider can leave that order is refused with
 * its own message (a provider with its genuine key: only the stream check can catch these).
 */
class CanonicalStreamTest {
    @TempDir
    Path tmp;

    private static SegmentCodec.IndexSummary summary(Object... idAndSize) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        long events = 0;
        for (int i = 0; i < idAndSize.length; i += 2) {
            SegmentCodec.indexEntry(d, (String) idAndSize[i], (Integer) idAndSize[i + 1]);
            events += (Integer) idAndSize[i + 1];
        }
        return new SegmentCodec.IndexSummary(idAndSize.length / 2, events, d.digest());
    }

    @Test
    void streamInCanonicalOrderIsAcceptedAndTracksWhatIsDone() throws Exception {
        CaseStream s = new CaseStream("provider lab");
        assertThat(s.doneWith("a")).isFalse(); // nothing received: anything may still come
        assertThat(s.chunk("a", 3, 2, "seg 1")).isTrue();
        assertThat(s.doneWith("a")).isFalse(); // 2 of 3
        assertThat(s.chunk("a", 3, 1, "seg 2")).isFalse(); // a split trace continues
        assertThat(s.doneWith("a")).isTrue();
        assertThat(s.doneWith("b")).isFalse();
        assertThat(s.chunk("b", 0, 0, "seg 2")).isTrue(); // a case without events
        assertThat(s.chunk("c\uFF5E", 1, 1, "seg 2")).isTrue();
        assertThat(s.chunk("c\uD83D\uDE00", 1, 1, "seg 2")).isTrue(); // UTF-8 order, not UTF-16
        s.finish(summary("a", 3, "b", 0, "c\uFF5E", 1, "c\uD83D\uDE00", 1));
        assertThat(s.doneWith("zzz")).isTrue();
        assertThat(s.casesWithEvents()).isEqualTo(3);
    }

    @Test
    void outOfOrderRepeatedAndMiscountedCasesAreRefused() throws Exception {
        CaseStream order = new CaseStream("provider lab");
        order.chunk("b", 1, 1, "provider lab segment 1");
        assertThatThrownBy(() -> order.chunk("a", 1, 1, "provider lab segment 2"))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("provider lab segment 2: case a comes after case b: not in canonical order (ascending case ids by UTF-8 bytes)");
        CaseStream repeat = new CaseStream("provider lab");
        repeat.chunk("a", 1, 1, "provider lab segment 1");
        assertThatThrownBy(() -> repeat.chunk("a", 1, 1, "provider lab segment 1"))
                .hasMessage("provider lab segment 1: case a repeated (its 1 events had all arrived)");
        CaseStream resized = new CaseStream("provider lab");
        resized.chunk("a", 5, 2, "provider lab segment 1");
        assertThatThrownBy(() -> resized.chunk("a", 4, 2, "provider lab segment 2"))
                .hasMessage("provider lab segment 2: case a announces 4 events, its first chunk announced 5");
        CaseStream shortCase = new CaseStream("provider lab");
        shortCase.chunk("a", 5, 2, "provider lab segment 1");
        assertThatThrownBy(() -> shortCase.chunk("b", 1, 1, "provider lab segment 2"))
                .hasMessage("provider lab segment 2: case a ended after 2 of its 5 announced events");
        CaseStream over = new CaseStream("provider lab");
        over.chunk("a", 2, 1, "provider lab segment 1");
        assertThatThrownBy(() -> over.chunk("a", 2, 3, "provider lab segment 2"))
                .hasMessage("provider lab segment 2: case a has 2 more events than its index announced (2)");
        CaseStream lastShort = new CaseStream("provider lab");
        lastShort.chunk("a", 2, 1, "provider lab segment 1");
        assertThatThrownBy(() -> lastShort.finish(summary("a", 2)))
                .hasMessage("provider lab segments: case a ended after 1 of its 2 announced events");
    }

    @Test
    void skippedAddedOrResizedCasesAreRefusedAgainstTheIndexSummary() throws Exception {
        CaseStream skipped = new CaseStream("provider lab");
        skipped.chunk("a", 1, 1, "s");
        skipped.chunk("c", 1, 1, "s");
        assertThatThrownBy(() -> skipped.finish(summary("a", 1, "b", 2, "c", 1)))
                .hasMessage("provider lab segments listed 2 cases and 2 events, its case index announced 3 cases and 4 events (a case skipped or added)");
        // same counts, other cases: only the digest tells
        CaseStream swapped = new CaseStream("provider lab");
        swapped.chunk("a", 2, 2, "s");
        swapped.chunk("b", 1, 1, "s");
        assertThatThrownBy(() -> swapped.finish(summary("a", 1, "b", 2)))
                .hasMessage("provider lab segments: the cases and sizes listed do not hash to its case index's digest");
        // a provider lost mid-case: the case in progress and the cases it never started are counted as incomplete
        CaseStream lost = new CaseStream("provider lab");
        lost.chunk("a", 2, 1, "s");
        assertThat(lost.abandon(summary("a", 2, "b", 1, "c", 1))).isEqualTo(3);
        assertThat(lost.doneWith("a")).isTrue();
    }

    /** The hospital's cases in canonical order, as the provider sorts them. */
    private static List<String> canonical(EventLog log) {
        return log.traces().stream().map(Trace::caseId).sorted(SegmentCodec::compareKeys).toList();
    }

    @Test
    void providerServingOutOfOrderIsRefused() {
        List<String> ids = canonical(ProtocolSecurityTest.logs().get("hospital"));
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            d.misorder(0, order -> {
                int t = order[5];
                order[5] = order[6];
                order[6] = t;
                return order;
            });
            assertThatThrownBy(() -> d.run(EnumSet.of(Analysis.HEURISTICS), "hospital"))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital segment 1: case " + ids.get(5) + " comes after case " + ids.get(6)
                            + ": not in canonical order (ascending case ids by UTF-8 bytes)");
        }
    }

    @Test
    void providerSkippingACaseIsRefused() {
        List<String> ids = canonical(ProtocolSecurityTest.logs().get("hospital"));
        assertThat(ids).hasSize(128);
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            EventLog hospital = ProtocolSecurityTest.logs().get("hospital");
            int[] skippedSize = {0};
            d.misorder(0, order -> {
                skippedSize[0] = hospital.traces().get(order[40]).size();
                int[] out = new int[order.length - 1];
                System.arraycopy(order, 0, out, 0, 40);
                System.arraycopy(order, 41, out, 40, order.length - 41);
                return out;
            });
            long events = hospital.traces().stream().mapToLong(Trace::size).sum();
            assertThatThrownBy(() -> d.run(EnumSet.of(Analysis.HEURISTICS), "hospital"))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital segments listed 127 cases and " + (events - skippedSize[0])
                            + " events, its case index announced 128 cases and " + events + " events (a case skipped or added)");
        }
    }

    @Test
    void providerRepeatingACaseIsRefused() {
        List<String> ids = canonical(ProtocolSecurityTest.logs().get("hospital"));
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp)) {
            d.misorder(0, order -> {
                int[] out = Arrays.copyOf(order, order.length + 1);
                System.arraycopy(order, 10, out, 11, order.length - 10);
                return out; // position 10 twice
            });
            assertThatThrownBy(() -> d.run(EnumSet.of(Analysis.HEURISTICS), "hospital"))
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessageMatching("provider hospital segment \\d+: case " + ids.get(10)
                            + " repeated \\(its \\d+ events had all arrived\\)");
        }
    }

    @Test
    void honestProvidersGiveTheSameResultWhateverTheirSourceOrder() {
        // the hospital's log reversed: the provider sorts it, so the stream, and the result, are the same
        var logs = new java.util.LinkedHashMap<>(ProtocolSecurityTest.logs());
        List<Trace> reversed = new java.util.ArrayList<>(logs.get("hospital").traces());
        java.util.Collections.reverse(reversed);
        EventLog.Builder b = EventLog.builder();
        reversed.forEach(b::trace);
        MiningResult expected;
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                ProtocolSecurityTest.SEGMENT, tmp.resolve("a"))) {
            expected = d.run(EnumSet.of(Analysis.HEURISTICS, Analysis.DFG), "hospital");
        }
        logs.put("hospital", b.build());
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, ProtocolSecurityTest.policy(), ProtocolSecurityTest.SEGMENT,
                tmp.resolve("b"))) {
            MiningResult r = d.run(EnumSet.of(Analysis.HEURISTICS, Analysis.DFG), "hospital");
            assertThat(r.cases()).isEqualTo(128);
            assertThat(r.heuristics()).isEqualTo(expected.heuristics());
            assertThat(r.dfg()).isEqualTo(expected.dfg());
        }
    }
}
