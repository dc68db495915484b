package io.coalition.trust.tls;

import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public chain check of an application-attested TLS key and the client key manager that presents it. */
class ChannelChainTest {
    final AttestedTlsTest fixture = new AttestedTlsTest();
    AttestedIdentity id;
    CertificateValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        fixture.setUp();
        id = fixture.identity("Miner 1", false);
        validator = CertificateValidator.of(fixture.ca);
    }

    javax.net.ssl.X509ExtendedKeyManager km;

    X509Certificate[] presented() {
        if (km == null) km = id.channelKeyManager();
        String alias = km.chooseClientAlias(new String[] {"RSA", "EC"}, new Principal[0], null);
        assertThat(km.getPrivateKey(alias)).isSameAs(id.tlsPrivateKey());
        return km.getCertificateChain(alias);
    }

    @Test
    void channelKeyManager_presentsTheTlsKeyCertifiedByTheParticipant() {
        X509Certificate[] chain = presented();
        ChannelChain.Verified v = ChannelChain.verify(chain, validator, fixture.clock);
        assertThat(v.tlsKey()).isEqualTo(id.tlsPublicKey());
        assertThat(v.participant()).isEqualTo(id.participantCertificate());
        assertThat(v.attributes()).isEqualTo(AttestedTlsTest.CCU);
        assertThat(v.tls().getExtensionValue(AttestationExtension.OID)).isNull();
        assertThat(v.tls().getNotAfter().toInstant()).isEqualTo(AttestedTlsTest.T0.plus(Duration.ofMinutes(5)));
        // the same certificate until half its validity has passed, then a fresh one for new connections
        fixture.now.set(AttestedTlsTest.T0.plus(Duration.ofMinutes(2)));
        assertThat(presented()[0]).isEqualTo(chain[0]);
        fixture.now.set(AttestedTlsTest.T0.plus(Duration.ofMinutes(3)));
        X509Certificate renewed = presented()[0];
        assertThat(renewed).isNotEqualTo(chain[0]);
        assertThat(renewed.getNotBefore().toInstant()).isEqualTo(AttestedTlsTest.T0.plus(Duration.ofMinutes(3)));
        assertThat(id.channelKeyManager().chooseServerAlias("EC", null, null)).isNull();
    }

    @Test
    void participantCertificateAlone_isRefused() {
        assertThatThrownBy(() -> ChannelChain.verify(new X509Certificate[] {id.participantCertificate()}, validator, fixture.clock))
                .isInstanceOf(AttestationException.class)
                .hasMessage("CERTIFICATE_CHAIN: expected the chain [TLS certificate, participant certificate], got 1 certificate");
    }

    @Test
    void tlsCertificateOfAnotherParticipant_isRefused() {
        AttestedIdentity other = fixture.identity("Miner 2", false);
        X509Certificate[] chain = {presented()[0], other.participantCertificate()};
        assertThatThrownBy(() -> ChannelChain.verify(chain, validator, fixture.clock))
                .hasMessage("CERTIFICATE_CHAIN: TLS certificate CN=Miner 1 TLS is issued by CN=Miner 1, not by the participant CN=Miner 2");
    }

    @Test
    void tlsCertificateSignedByAnotherKey_isRefused() throws Exception {
        // same subject name, another key: the participant's key did not sign this TLS key
        KeyPair keys = Enrollment.newKeyPair();
        X509Certificate impostor = fixture.ca.issue(Enrollment.request(keys, "Miner 1", AttestedTlsTest.CCU), AttestedTlsTest.CCU,
                Duration.ofDays(1));
        AttestedIdentity forged = new AttestedIdentity(impostor, keys.getPrivate(), fixture.attester(false), fixture.hpke, fixture.clock);
        X509Certificate[] chain = {forged.channelKeyManager().getCertificateChain("channel")[0], id.participantCertificate()};
        assertThatThrownBy(() -> ChannelChain.verify(chain, validator, fixture.clock))
                .isInstanceOf(AttestationException.class)
                .hasMessage("CERTIFICATE_CHAIN: TLS certificate CN=Miner 1 TLS: signature does not verify with the key of the "
                        + "participant certificate " + id.participantCertificate().getSerialNumber());
    }

    @Test
    void expiredChannelCertificate_isRefused() {
        X509Certificate[] chain = presented();
        fixture.now.set(AttestedTlsTest.T0.plus(Duration.ofMinutes(6)));
        AttestationException e = (AttestationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> ChannelChain.verify(chain, validator, fixture.clock));
        assertThat(e.check()).isEqualTo(Check.CERTIFICATE_CHAIN);
        assertThat(e).hasMessage("CERTIFICATE_CHAIN: TLS certificate CN=Miner 1 TLS: expired on 2026-03-01T12:05:00Z "
                + "(valid from 2026-03-01T12:00:00Z to 2026-03-01T12:05:00Z, now 2026-03-01T12:06:00Z)");
    }

    @Test
    void rememberedChain_stillRefusesAForgedChannelCertificateAndExpiry() {
        var memo = new io.coalition.trust.pki.VerifiedSignatures(16);
        X509Certificate[] chain = presented();
        for (int i = 0; i < 3; i++) ChannelChain.verify(chain, validator, fixture.clock, memo);
        assertThat(memo.verifications()).isEqualTo(1);
        // same subject and issuer names, signed by another key: not the remembered certificate, so verified and refused
        KeyPair keys = Enrollment.newKeyPair();
        X509Certificate impostor = fixture.ca.issue(Enrollment.request(keys, "Miner 1", AttestedTlsTest.CCU), AttestedTlsTest.CCU,
                Duration.ofDays(1));
        AttestedIdentity forged = new AttestedIdentity(impostor, keys.getPrivate(), fixture.attester(false), fixture.hpke, fixture.clock);
        X509Certificate[] bad = {forged.channelKeyManager().getCertificateChain("channel")[0], id.participantCertificate()};
        assertThatThrownBy(() -> ChannelChain.verify(bad, validator, fixture.clock, memo))
                .hasMessage("CERTIFICATE_CHAIN: TLS certificate CN=Miner 1 TLS: signature does not verify with the key of the "
                        + "participant certificate " + id.participantCertificate().getSerialNumber());
        fixture.now.set(AttestedTlsTest.T0.plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> ChannelChain.verify(chain, validator, fixture.clock, memo))
                .hasMessageStartingWith("CERTIFICATE_CHAIN: TLS certificate CN=Miner 1 TLS: expired on 2026-03-01T12:05:00Z");
    }
}
