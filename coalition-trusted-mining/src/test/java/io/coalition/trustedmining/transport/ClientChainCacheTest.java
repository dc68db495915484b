package io.coalition.trustedmining.transport;

import io.coalition.trustedmining.SettableClock;
import io.coalition.trust.pki.CertificateAuthority.RevocationReason;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.TrustedMiningException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provider verifies a client chain's signatures once, not on every request, and still refuses on the very next
 * request a chain whose certificate a new CRL revokes or whose channel certificate has expired. Time is an
 * injected clock; nothing sleeps.
 */
class ClientChainCacheTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path tmp;

    final SettableClock clock = new SettableClock(T0);

    LoopbackDeployment start() {
        return new NetworkTransportTest().deployment(tmp).clock(clock).start();
    }

    @Test
    void chainSignaturesAreVerifiedOncePerChainNotPerRequest() {
        try (LoopbackDeployment d = start()) {
            MiningResult r = d.run(NetworkTransportTest.HEURISTICS_DFG);
            assertThat(r.partial()).isFalse();
            // per provider: challenge, session, and batches of segments over one kept-alive connection
            assertThat(r.providers().get(0).receipts().size()).isGreaterThan(4);
            // the channel certificate by the participant key (per server), the participant certificate by the CA
            // (one validator shared by the three servers here): each verified once
            for (int i = 0; i < 3; i++) assertThat(d.server(i).signatureVerifications()).isEqualTo(2);
            // a second run on the same connections and chain verifies nothing again
            d.run(NetworkTransportTest.HEURISTICS_DFG);
            for (int i = 0; i < 3; i++) assertThat(d.server(i).signatureVerifications()).isEqualTo(2);
        }
    }

    @Test
    void newCrlRevokingTheRequesterRefusesTheNextRequest() {
        try (LoopbackDeployment d = start()) {
            assertThat(d.run(NetworkTransportTest.HEURISTICS_DFG).partial()).isFalse();
            var serial = d.requesterCertificate().getSerialNumber();
            d.ca().revoke(serial, RevocationReason.KEY_COMPROMISE);
            // the old CRL is still the providers' current one: the remembered chain passes
            assertThat(d.remote(0).challenge()).hasSize(32);
            d.publishCrl();
            assertThatThrownBy(() -> d.remote(0).challenge())
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital refused the client certificate: certificate " + serial
                            + " (CN=hospital Trusted Miner client): revoked on 2026-11-23T12:00:00Z (reason: KEY_COMPROMISE)");
            assertThat(d.rejections()).hasSize(1);
        }
    }

    @Test
    void expiredChannelCertificateOnAKeptAliveConnectionIsRefused() {
        try (LoopbackDeployment d = start();
             // a client that never renews (its clock stands still): its connection keeps the first channel certificate
             RemoteProvider stale = RemoteProvider.connect("hospital", d.urls().get(0), d.providerCertificate(0), d.identity(),
                     Duration.ofSeconds(10), Clock.fixed(T0, ZoneOffset.UTC))) {
            assertThat(stale.challenge()).hasSize(32);
            clock.set(T0.plus(NetworkMiner.CHANNEL_CERTIFICATE_VALIDITY).plusSeconds(1));
            assertThatThrownBy(stale::challenge)
                    .isExactlyInstanceOf(TrustedMiningException.class)
                    .hasMessage("provider hospital refused the client certificate: TLS certificate CN=hospital Trusted Miner "
                            + "client TLS: expired on 2026-11-23T13:00:00Z (valid from 2026-11-23T12:00:00Z to "
                            + "2026-11-23T13:00:00Z, now 2026-11-23T13:00:01Z)");
            assertThat(stale.renewals()).isZero();
        }
    }
}
