package io.coalition.trustedmining.transport;

import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.tls.AttestedIdentity;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ProviderUnavailableException;
import io.coalition.trustedmining.SettableClock;
import io.coalition.trustedmining.TrustedMiningException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request rate limits per authenticated participant (token bucket on the provider's injected clock; nothing sleeps):
 * 429 with Retry-After and a message naming the participant and the limit, mapped by the miner's client to a
 * retryable unavailability that carries the wait.
 */
class RateLimitTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path tmp;

    final SettableClock clock = new SettableClock(T0);

    @Test
    void rateLimitsParseAndRefuseBadSyntax() {
        assertThat(RateLimit.parse("50/s")).isEqualTo(new RateLimit(50, Duration.ofSeconds(1), 50));
        assertThat(RateLimit.parse("600/min,burst=20")).isEqualTo(new RateLimit(600, Duration.ofMinutes(1), 20));
        assertThat(RateLimit.parse("10/h").toString()).isEqualTo("10/h");
        assertThat(RateLimit.parse("600/min,burst=20").toString()).isEqualTo("600/min,burst=20");
        assertThatThrownBy(() -> RateLimit.parse("fast"))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("rate limit 'fast': expected N/s, N/min or N/h, optionally ,burst=B (e.g. 50/s)");
        assertThatThrownBy(() -> RateLimit.parse("0/s")).hasMessage("rate limit: 0 permits, expected at least 1");
    }

    @Test
    void tokenBucketRefillsWithTheClock() {
        RateLimiter l = new RateLimiter(RateLimit.parse("4/s,burst=2"), clock);
        assertThat(l.acquire("a")).isEmpty();
        assertThat(l.acquire("a")).isEmpty();
        assertThat(l.acquire("a")).contains(Duration.ofMillis(250));
        assertThat(l.acquire("b")).isEmpty(); // per participant
        clock.set(T0.plusMillis(100));
        assertThat(l.acquire("a")).contains(Duration.ofMillis(150));
        clock.set(T0.plusMillis(250));
        assertThat(l.acquire("a")).isEmpty();
        clock.set(T0.plusSeconds(60)); // refills up to the burst, not beyond
        assertThat(l.acquire("a")).isEmpty();
        assertThat(l.acquire("a")).isEmpty();
        assertThat(l.acquire("a")).isPresent();
    }

    @Test
    void participantOverTheLimitGets429WithRetryAfterOthersAreServed() {
        try (LoopbackDeployment d = new NetworkTransportTest().deployment(tmp).clock(clock)
                .rateLimit(RateLimit.parse("3/min")).start()) {
            RemoteProvider hospital = d.remote(0);
            for (int i = 0; i < 3; i++) assertThat(hospital.challenge()).hasSize(32);
            assertThatThrownBy(hospital::challenge)
                    .isExactlyInstanceOf(ProviderUnavailableException.class)
                    .hasMessage("provider hospital: participant hospital (CN=hospital Trusted Miner client) is over its "
                            + "rate limit (3/min requests); retry after 20 s")
                    .satisfies(e -> assertThat(((ProviderUnavailableException) e).retryAfter()).contains(Duration.ofSeconds(20))); // from the Retry-After header
            // another participant has its own bucket
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes a = new ParticipantAttributes("X-3", "Requester", "IT", "pharma",
                    Set.of(ParticipantType.TRUSTED_MINER), true);
            X509Certificate other = d.ca().issue(Enrollment.request(keys, "pharma analyst", a), a, Duration.ofDays(1));
            AttestedIdentity otherId = d.enclave().attestedIdentity(other, keys.getPrivate(), NetworkMiner.CHANNEL_CERTIFICATE_VALIDITY);
            try (RemoteProvider pharma = RemoteProvider.connect("hospital", d.urls().get(0), d.providerCertificate(0), otherId,
                    Duration.ofSeconds(10), clock)) {
                assertThat(pharma.challenge()).hasSize(32);
            }
            // 20 seconds later one request more
            clock.set(T0.plusSeconds(20));
            assertThat(hospital.challenge()).hasSize(32);
            assertThatThrownBy(hospital::challenge).isExactlyInstanceOf(ProviderUnavailableException.class);
        }
    }

    /**
     * End to end over HTTPS: with 3 requests a minute per provider the run outgrows its burst; every 429 is retried
     * after its Retry-After (the miner's sleeper moves the providers' clock instead of sleeping), and the result is
     * the undisturbed one.
     */
    @Test
    void minerBacksOffOn429AndCompletesTheRun() {
        MiningResult expected;
        try (LoopbackDeployment d = new NetworkTransportTest().deployment(tmp.resolve("a")).clock(clock).start()) {
            expected = d.run(NetworkTransportTest.HEURISTICS_DFG);
        }
        java.util.List<Duration> waits = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SettableClock limited = new SettableClock(T0);
        try (LoopbackDeployment d = new NetworkTransportTest().deployment(tmp.resolve("b")).clock(limited)
                .rateLimit(RateLimit.parse("3/min")).sleeper(w -> {
                    waits.add(w);
                    synchronized (limited) {
                        limited.set(limited.instant().plus(w));
                    }
                }).start()) {
            MiningResult r = d.run(NetworkTransportTest.HEURISTICS_DFG);
            assertThat(r.partial()).isFalse();
            assertThat(r.heuristics()).isEqualTo(expected.heuristics());
            assertThat(r.dfg()).isEqualTo(expected.dfg());
            // each provider's first 3 requests pass (challenge, session, index with the first segments); the hospital's
            // fourth (segments 5-9) is refused and retried after the Retry-After of 20 s, not the 50 ms backoff
            assertThat(waits).containsExactly(Duration.ofSeconds(20));
            assertThat(r.providers().get(0).receipts()).hasSize(10); // one session: index + 9 segments
        }
    }

    @Test
    void runWithinTheLimitIsUnaffected() {
        try (LoopbackDeployment d = new NetworkTransportTest().deployment(tmp).clock(clock)
                .rateLimit(RateLimit.parse("1000/s")).start()) {
            MiningResult r = d.run(NetworkTransportTest.HEURISTICS_DFG);
            assertThat(r.partial()).isFalse();
            assertThat(r.cases()).isEqualTo(128);
        }
    }
}
