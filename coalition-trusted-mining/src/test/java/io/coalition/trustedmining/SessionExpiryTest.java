package io.coalition.trustedmining;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider sessions expire after the session timeout without a request; time is an injected clock, nothing sleeps. */
class SessionExpiryTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path tmp;

    final SettableClock clock = new SettableClock(T0);

    String open(SimulatedDeployment d, LogProvider p) {
        byte[] nonce = p.challenge();
        return p.open(new ProviderEndpoint.SessionRequest(nonce, d.enclave().evidence(nonce), d.enclave().tlsPublicKey(),
                d.enclave().hpkePublicKey(), Set.of(Analysis.DFG), "hospital")).session();
    }

    @Test
    void sessionIdleForLongerThanTheTimeoutExpires() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                2048, tmp, clock)) {
            LogProvider hospital = d.providers().get(0);
            assertThat(LogProvider.DEFAULT_SESSION_TIMEOUT).isEqualTo(Duration.ofMinutes(10));
            String session = open(d, hospital);
            // every request restarts the idle time: exactly 10 minutes idle is still open
            clock.set(T0.plus(Duration.ofMinutes(10)));
            assertThat(hospital.caseIndex(session).message().sequence()).isZero();
            clock.set(T0.plus(Duration.ofMinutes(20)));
            assertThat(hospital.segments(session, 1, 1)).hasSize(1);
            clock.set(T0.plus(Duration.ofMinutes(30)).plusMillis(1));
            assertThatThrownBy(() -> hospital.segments(session, 2, 1))
                    .isExactlyInstanceOf(UnknownSessionException.class)
                    .hasMessage("provider hospital: session '" + session + "' expired (idle since 2026-11-23T12:20:00Z, timeout PT10M)");
            // gone for good: its key and held batch were dropped
            assertThatThrownBy(() -> hospital.segments(session, 1, 1))
                    .isExactlyInstanceOf(UnknownSessionException.class)
                    .hasMessage("provider hospital: no attested session '" + session + "'");
        }
    }

    @Test
    void openingASessionDropsTheExpiredOnes() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                2048, tmp, clock)) {
            LogProvider hospital = d.providers().get(0);
            open(d, hospital);
            open(d, hospital);
            assertThat(hospital.openSessions()).isEqualTo(2);
            clock.set(T0.plus(Duration.ofMinutes(11)));
            String fresh = open(d, hospital);
            assertThat(hospital.openSessions()).isEqualTo(1);
            assertThat(hospital.caseIndex(fresh).message().session()).isEqualTo(fresh);
        }
    }

    @Test
    void minerResumesAfterItsSessionExpiredMidTransfer() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                2048, tmp, clock)) {
            MiningResult expected = d.run(Set.of(Analysis.DFG), "hospital");
            // the provider's clock jumps past the timeout before the second batch: the miner attests again and resumes
            var slow = new ProtocolSecurityTest.Proxy(d.providers().get(0), (seq, del) -> del) {
                boolean jumped;

                @Override
                public java.util.List<Delivery> segments(String session, int from, int count) {
                    if (from > 1 && !jumped) {
                        jumped = true;
                        clock.set(clock.instant().plus(Duration.ofMinutes(11)));
                    }
                    return target.segments(session, from, Math.min(count, 2));
                }
            };
            java.util.List<ProviderEndpoint> providers = new java.util.ArrayList<>(d.providers());
            providers.set(0, slow);
            MiningResult r = d.miner().run(providers, Set.of(Analysis.DFG), "hospital");
            assertThat(r.partial()).isFalse();
            assertThat(r.dfg()).isEqualTo(expected.dfg());
            assertThat(r.providers().get(0).session()).isNotEqualTo(expected.providers().get(0).session());
            assertThat(slow.jumped).isTrue();
        }
    }

    @Test
    void sessionOlderThanItsLifetimeIsRefusedHoweverBusy() {
        try (SimulatedDeployment d = SimulatedDeployment.start(ProtocolSecurityTest.logs(), ProtocolSecurityTest.policy(),
                2048, tmp, clock)) {
            LogProvider hospital = d.providers().get(0);
            assertThat(LogProvider.DEFAULT_SESSION_LIFETIME).isEqualTo(Duration.ofHours(8));
            String session = open(d, hospital);
            // a request every 8 minutes keeps it from idling out, up to exactly 8 hours after it opened
            for (Instant t = T0; !t.isAfter(T0.plus(Duration.ofHours(8))); t = t.plus(Duration.ofMinutes(8))) {
                clock.set(t);
                assertThat(hospital.caseIndex(session).message().session()).isEqualTo(session);
            }
            clock.set(T0.plus(Duration.ofHours(8)).plusMillis(1));
            assertThatThrownBy(() -> hospital.caseIndex(session))
                    .isExactlyInstanceOf(UnknownSessionException.class)
                    .hasMessage("provider hospital: session '" + session + "' reached its maximum lifetime (opened "
                            + "2026-11-23T12:00:00Z, lifetime PT8H); attest again for a new session");
            assertThat(hospital.openSessions()).isZero();
            // a new session is granted at once
            assertThat(hospital.caseIndex(open(d, hospital)).message().sequence()).isZero();
        }
    }

    @Test
    void sessionLifetimeMustBePositive() {
        assertThatThrownBy(() -> LogProvider.builder().sessionLifetime(Duration.ZERO))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("session lifetime PT0S, expected a positive duration");
    }
}
