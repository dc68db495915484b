package io.coalition.trustedmining.transport;

import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.SettableClock;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ProviderEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run longer than the miner's channel certificate (1 hour) over kept-alive connections: time is an injected clock
 * that jumps 20 minutes after each segment batch (nothing sleeps); the provider, its server, the enclave's channel
 * certificates and the miner's client all read it. One provider, so no request is in flight while the clock jumps
 * (a jump far larger than the renewal margin during a request would make the test depend on thread timing).
 */
class ChannelRenewalTest {
    @TempDir
    Path tmp;

    final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    LoopbackDeployment.Builder hospitalOnly(Path dir) {
        return LoopbackDeployment.builder(java.util.Map.of("hospital", NetworkTransportTest.confine(128).get("hospital")),
                NetworkTransportTest.policy(), dir).segmentBytes(NetworkTransportTest.SEGMENT).clock(clock);
    }

    @Test
    void runLongerThanTheChannelCertificateRenewsItAndSucceeds() {
        MiningResult expected;
        try (LoopbackDeployment d = hospitalOnly(tmp.resolve("a")).start()) {
            expected = d.run(NetworkTransportTest.HEURISTICS_DFG);
        }
        Instant start = clock.instant();
        AtomicInteger batches = new AtomicInteger();
        try (LoopbackDeployment d = hospitalOnly(tmp.resolve("b"))
                .sessionTimeout(Duration.ofHours(12)).sessionLifetime(Duration.ofHours(12)).wrap((i, p) -> new NetworkTransportTest.Forwarding(p) {
                    @Override
                    public List<Delivery> segments(String session, int from, int count) {
                        // every batch after the first (which brings the index) takes 20 minutes, after it was served
                        List<Delivery> batch = target.segments(session, from, Math.min(count, 1));
                        if (from > 0) {
                            batches.incrementAndGet();
                            clock.set(clock.instant().plus(Duration.ofMinutes(20)));
                        }
                        return batch;
                    }
                }).start()) {
            MiningResult r = d.run(NetworkTransportTest.HEURISTICS_DFG);
            assertThat(Duration.between(start, clock.instant())).isGreaterThan(NetworkMiner.CHANNEL_CERTIFICATE_VALIDITY.plusMinutes(30));
            assertThat(r.partial()).isFalse();
            assertThat(r.heuristics()).isEqualTo(expected.heuristics());
            assertThat(r.dfg()).isEqualTo(expected.dfg());
            assertThat(r.events()).isEqualTo(expected.events());
            // the attested key did not change, so the sessions survived the new connections: no re-attestation
            MiningResult.ProviderReport p = r.providers().get(0);
            assertThat(p.receipts()).hasSize(p.segments() + 1);
            assertThat(d.remote(0).renewals()).isPositive();
            assertThat(d.rejections()).isEmpty();
        }
    }
}
