package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unavailable, restarted and silent providers: retried, resumed, or reported as a partial result. */
class ProviderFailureTest {
    /** Small segments (segments are dictionary-encoded, ~10 bytes an event), so the test logs span many. */
    static final int SEGMENT = 2 * 1024;

    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(200), 2.0);
    @TempDir
    Path tmp;
    final List<Duration> waits = java.util.Collections.synchronizedList(new ArrayList<>()); // fetch threads add

    SimulatedDeployment deploy() {
        return SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(), SEGMENT, tmp, RETRY, waits::add);
    }

    /** An endpoint in front of whatever provider {@code current} returns; {@code down} decides per call. */
    static class Flaky implements ProviderEndpoint {
        final String organization;
        final Supplier<LogProvider> current;
        java.util.function.IntPredicate downAtSegment = seq -> false;
        boolean silent;
        int calls;

        Flaky(String organization, Supplier<LogProvider> current) {
            this.organization = organization;
            this.current = current;
        }

        private void check() {
            if (silent) throw new ProviderUnavailableException("connect to " + organization + ": connection refused");
        }

        public String organization() {
            return organization;
        }

        public byte[] challenge() {
            check();
            return current.get().challenge();
        }

        public SessionGrant open(SessionRequest request) {
            check();
            return current.get().open(request);
        }

        public Delivery caseIndex(String session) {
            check();
            return current.get().caseIndex(session);
        }

        public Delivery segment(String session, int sequence) {
            check();
            calls++;
            if (downAtSegment.test(sequence)) throw new ProviderUnavailableException("read from " + organization + ": connection reset");
            return current.get().segment(session, sequence);
        }
    }

    @Test
    void providerKilledMidTransferAndRestartedIsResumed() {
        MiningResult expected;
        try (SimulatedDeployment d = deploy()) {
            expected = d.run(Set.of(Analysis.DFG, Analysis.HEURISTICS), "hospital");
        }
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                SEGMENT, tmp.resolve("second"), RETRY, waits::add)) {
            Flaky hospital = new Flaky("hospital", () -> d.providers().get(0));
            int[] failures = {0};
            hospital.downAtSegment = seq -> {
                // the first failure only cuts the first batch short (segment 1 arrives); the next two are retried
                if (seq == 2 && failures[0] < 3) {
                    if (++failures[0] == 3) d.restart(0, null); // comes back as a new process, sessions lost
                    return true;
                }
                return false;
            };
            List<ProviderEndpoint> endpoints = new ArrayList<>(d.providers());
            endpoints.set(0, hospital);
            MiningResult r = d.miner().run(endpoints, Set.of(Analysis.DFG, Analysis.HEURISTICS), "hospital");
            assertThat(r.partial()).isFalse();
            assertThat(r.dfg()).isEqualTo(expected.dfg());
            assertThat(r.heuristics()).isEqualTo(expected.heuristics());
            assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
            MiningResult.ProviderReport h = r.providers().get(0);
            // Two sessions: index + segment 1 in the first, index + segments 2.. in the second.
            assertThat(h.receipts()).hasSize(h.segments() + 2);
            assertThat(h.events()).isEqualTo(1201);
        }
    }

    /** A rate-limited provider (HTTP 429 over the network) names its wait: the miner never retries sooner. */
    @Test
    void rateLimitedProviderIsRetriedNoSoonerThanItsRetryAfter() {
        MiningResult expected;
        try (SimulatedDeployment d = deploy()) {
            expected = d.run(Set.of(Analysis.HEURISTICS), "hospital");
        }
        waits.clear();
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                SEGMENT, tmp.resolve("second"), RETRY, waits::add)) {
            LogProvider real = d.providers().get(0);
            int[] limited = {0};
            ProviderEndpoint hospital = new Flaky("hospital", () -> real) {
                @Override
                public java.util.List<Delivery> segments(String session, int from, int count) {
                    // the second batch is refused twice: once asking 3 s, once 100 ms (less than the backoff)
                    if (from > 0 && limited[0] < 2) {
                        Duration asked = limited[0]++ == 0 ? Duration.ofSeconds(3) : Duration.ofMillis(100);
                        throw new ProviderUnavailableException("provider hospital segment " + from + ": over the rate limit", asked);
                    }
                    return real.segments(session, from, count);
                }
            };
            List<ProviderEndpoint> endpoints = new ArrayList<>(d.providers());
            endpoints.set(0, hospital);
            MiningResult r = d.miner().run(endpoints, Set.of(Analysis.HEURISTICS), "hospital");
            assertThat(r.partial()).isFalse();
            assertThat(r.heuristics()).isEqualTo(expected.heuristics());
            assertThat(limited[0]).isEqualTo(2);
            assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(400));
        }
    }

    @Test
    void providerThatNeverAnswersMakesTheResultPartial() {
        try (SimulatedDeployment d = deploy()) {
            Flaky pharma = new Flaky("pharma", () -> d.providers().get(1));
            pharma.silent = true;
            List<ProviderEndpoint> endpoints = new ArrayList<>(d.providers());
            endpoints.set(1, pharma);
            MiningResult r = d.miner().run(endpoints, Set.of(Analysis.DFG), "hospital");
            assertThat(r.partial()).isTrue();
            assertThat(r.unavailable()).containsExactly("pharma");
            assertThat(r.events()).isEqualTo(1201 + 245);
            assertThat(r.providers()).extracting(MiningResult.ProviderReport::organization).containsExactly("hospital", "specialised");
            assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        }
    }

    @Test
    void noProviderAvailableIsAnErrorNotAnEmptyResult() {
        try (SimulatedDeployment d = deploy()) {
            List<ProviderEndpoint> endpoints = new ArrayList<>();
            for (LogProvider p : d.providers()) {
                Flaky f = new Flaky(p.organization(), () -> p);
                f.silent = true;
                endpoints.add(f);
            }
            assertThatThrownBy(() -> d.miner().run(endpoints, Set.of(Analysis.DFG), "hospital"))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessage("no provider available: hospital, pharma, specialised");
        }
    }

    @Test
    void providerLostMidTransferLeavesIncompleteCasesFlagged() {
        try (SimulatedDeployment d = deploy()) {
            Flaky hospital = new Flaky("hospital", () -> d.providers().get(0));
            hospital.downAtSegment = seq -> seq >= 2;
            List<ProviderEndpoint> endpoints = new ArrayList<>(d.providers());
            endpoints.set(0, hospital);
            MiningResult r = d.miner().run(endpoints, Set.of(Analysis.DFG), "hospital");
            assertThat(r.partial()).isTrue();
            assertThat(r.unavailable()).containsExactly("hospital");
            // segment 1 (2 KiB) held 144 events of 16 cases, the 16th cut; with the index streamed, the 112 cases its
            // summary announced but it never started count as incomplete too: 1 + 112
            assertThat(r.providers().get(0).events()).isEqualTo(144);
            assertThat(r.providers().get(0).cases()).isEqualTo(16);
            assertThat(r.incompleteCases()).isEqualTo(113);
            assertThat(r.events()).isEqualTo(144 + 384 + 245);
            assertThat(r.cases()).isEqualTo(128);
        }
    }

    @Test
    void providerRestartedWithAnotherLogCannotResume() {
        try (SimulatedDeployment d = deploy()) {
            EventLog other = ConfineConvergenceTest.read("log_test_cases/256/hospital_256.xes");
            Flaky hospital = new Flaky("hospital", () -> d.providers().get(0));
            boolean[] restarted = {false};
            hospital.downAtSegment = seq -> {
                if (seq == 2 && !restarted[0]) {
                    restarted[0] = true;
                    d.restart(0, other);
                    return true;
                }
                return false;
            };
            List<ProviderEndpoint> endpoints = new ArrayList<>(d.providers());
            endpoints.set(0, hospital);
            assertThatThrownBy(() -> d.miner().run(endpoints, Set.of(Analysis.DFG), "hospital"))
                    .hasMessageMatching("provider hospital restarted with another log \\(\\d+ segments, was \\d+; case index changed\\): cannot resume");
        }
    }
}
