package io.coalition.trustedmining;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentationTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    @TempDir
    Path tmp;

    static Event event(String activity, long seconds, String note) {
        return Event.of("concept:name", activity, "time:timestamp", T0.plusSeconds(seconds), "note", note,
                "org:resource", "nurse-7");
    }

    /** One long case (200 events, ~300 bytes each) at the lab, and a short one at the clinic. */
    static Map<String, EventLog> logs() {
        List<Event> longCase = new ArrayList<>();
        for (int i = 0; i < 200; i++) longCase.add(event(i % 2 == 0 ? "sample" : "analyse", 2L * i, "x".repeat(300)));
        Map<String, EventLog> logs = new LinkedHashMap<>();
        logs.put("lab", EventLog.builder().trace(Trace.of("c1", longCase)).build());
        logs.put("clinic", EventLog.builder().trace(Trace.of("c1", List.of(event("admit", -1, "n"), event("discharge", 1000, "n"))))
                .trace(Trace.of("c2", List.of(event("admit", 5, "n")))).build());
        return logs;
    }

    @Test
    void oversizedTraceIsSplitAcrossSegmentsNotDropped() {
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), UsagePolicy.minimal(Set.of("lab")), 1024, tmp)) {
            // minimal policy: name and timestamp only, dictionary-encoded, ~10 bytes an event: 200 events need 2 KiB
            assertThat(d.providers().get(0).segmentCount()).isGreaterThan(1);
            MiningResult r = d.run(Set.of(Analysis.DFG), "lab");
            assertThat(r.cases()).isEqualTo(2);
            assertThat(r.events()).isEqualTo(203);
            var dfg = r.dfg().orElseThrow();
            assertThat(dfg.edgeCount("admit", "sample")).isEqualTo(1);
            assertThat(dfg.edgeCount("sample", "analyse")).isEqualTo(100);
            assertThat(dfg.edgeCount("analyse", "sample")).isEqualTo(99);
            assertThat(dfg.edgeCount("analyse", "discharge")).isEqualTo(1);
            assertThat(dfg.activityCount("admit")).isEqualTo(2);
        }
    }

    @Test
    void onlyAttributesThePolicyReleasesLeaveTheProvider() {
        UsagePolicy policy = UsagePolicy.minimal(Set.of("lab")).withEventAttributes(Set.of("org:resource"));
        try (SimulatedDeployment d = SimulatedDeployment.start(logs(), policy, 100 * 1024, tmp)) {
            LogProvider lab = d.providers().get(0);
            byte[] nonce = lab.challenge();
            var grant = lab.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce),
                    d.enclave().tlsPublicKey(), d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "lab"));
            SealedMessage index = lab.caseIndex(grant.session()).message();
            SessionCipher key = new SessionCipher(d.enclave().exportSecret(index.encapsulatedKey(),
                    SealedMessage.info(index.provider(), index.session()), SessionCipher.EXPORTER_CONTEXT, SessionCipher.KEY_BYTES));
            SealedMessage m = lab.segment(grant.session(), 1).message();
            assertThat(m.encapsulatedKey()).isEmpty();
            byte[] plain = key.open(1, m.header(), m.ciphertext());
            Event first = SegmentCodec.decodeSegment(plain, "test").get(0).events().get(0);
            assertThat(first.attributes().keys()).containsExactlyInAnyOrder("concept:name", "time:timestamp", "org:resource");
            assertThat(first.timestamp()).isEqualTo(T0);
        }
    }

    @Test
    void mergeIsStableByTimestampThenProviderWithSkewCorrection() {
        List<Event> a = List.of(event("a1", 0, "n"), event("a2", 10, "n"));
        List<Event> b = List.of(event("b1", 10, "n"), event("b2", 5, "n"));
        Trace merged = CaseMerger.merge("c", List.of(a, b), List.of(Duration.ZERO, Duration.ZERO));
        // b2 has an earlier timestamp than b1: the merge orders by time, ties (a2, b1) in provider order.
        assertThat(merged.events().stream().map(Event::activity)).containsExactly("a1", "b2", "a2", "b1");
        Trace skewed = CaseMerger.merge("c", List.of(a, b), List.of(Duration.ZERO, Duration.ofSeconds(-8)));
        assertThat(skewed.events().stream().map(Event::activity)).containsExactly("b2", "a1", "b1", "a2");
        assertThat(skewed.events().get(0).timestamp()).isEqualTo(T0.minusSeconds(3));
    }

    @Test
    void eventWithoutTimestampIsRefusedByTheProvider() {
        Map<String, EventLog> logs = Map.of("lab", EventLog.builder().trace("c9", "sample").build());
        assertThatThrownBy(() -> SimulatedDeployment.start(logs, UsagePolicy.minimal(Set.of("lab")), 4096, tmp))
                .hasMessage("provider lab: case c9 has an event without time:timestamp (needed to merge cases)");
    }

    @Test
    void sealedMessageRoundTripsAndTruncationIsNamed() {
        SealedMessage m = new SealedMessage(SealedMessage.Kind.SEGMENT, "lab", "s-1", 3, 7, 42L, new byte[]{1, 2},
                new byte[]{3, 4, 5}, new byte[]{6});
        byte[] wire = m.encode();
        SealedMessage back = SealedMessage.decode(wire);
        assertThat(back.encode()).isEqualTo(wire);
        assertThat(back.signedBytes()).isEqualTo(m.signedBytes());
        assertThatThrownBy(() -> SealedMessage.decode(java.util.Arrays.copyOf(wire, wire.length - 1)))
                .hasMessage("sealed message: signature length 1 exceeds the 0 bytes left");
    }
}
