package io.coalition.trust.attestation;

import io.coalition.trust.attestation.AttestationException.Check;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedAttestationTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final byte[] ARTIFACT = "trusted-miner-1.0.jar bytes".getBytes();
    static final byte[] SIGNER = new byte[32];

    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    KeyPair platform;
    byte[] measurement;
    Verifier verifier;
    SimulatedAttester attester;
    byte[] tlsSpki;
    byte[] hpke;

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @BeforeEach
    void setUp() throws Exception {
        platform = p256();
        measurement = MessageDigest.getInstance("SHA-256").digest(ARTIFACT);
        verifier = Verifier.builder().clock(clock).add(new SimulatedEvidenceVerifier(List.of(platform.getPublic()))).build();
        attester = new SimulatedAttester(platform, new SimulatedAttester.Identity(measurement, SIGNER, 7, 3, false));
        tlsSpki = MessageDigest.getInstance("SHA-256").digest(p256().getPublic().getEncoded());
        hpke = new byte[32];
        hpke[0] = 9;
    }

    ReferenceValues reference() {
        return ReferenceValues.of(measurement).withSimulationAllowed(true);
    }

    @Test
    void verify_simulatedEvidence_isAcceptedAsWarningAndNeverHardwareBacked() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        AttestationResult r = verifier.verify(attester.attest(rd.bytes()), rd, reference().withSigner(SIGNER)
                .withProductId(7).withMinimumSvn(3));
        assertThat(r.status()).isEqualTo(AttestationResult.Status.WARNING);
        assertThat(r.hardwareBacked()).isFalse();
        assertThat(r.claims().platform()).isEqualTo("sim");
        assertThat(r.claims().measurementHex()).isEqualTo(HexFormat.of().formatHex(measurement));
        assertThat(r.claims().svn()).isEqualTo(3);
        assertThat(r.issuedAt()).isEqualTo(T0);
    }

    @Test
    void verify_simulationNotAllowed_fails() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        Evidence e = attester.attest(rd.bytes());
        assertThatThrownBy(() -> verifier.verify(e, rd, ReferenceValues.of(measurement)))
                .isInstanceOfSatisfying(AttestationException.class, x -> assertThat(x.check()).isEqualTo(Check.EVIDENCE))
                .hasMessage("EVIDENCE: the evidence is simulated (application/vnd.coalition.sim-evidence.v1, no hardware "
                        + "protection) and the reference values do not allow simulation");
    }

    @Test
    void verify_flippedEvidenceByte_failsSignature() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        byte[] b = attester.attest(rd.bytes()).bytes();
        b[40] ^= 1; // inside the measurement
        String keyId = HexFormat.of().formatHex(ReportData.sha256(platform.getPublic().getEncoded()));
        assertThatThrownBy(() -> verifier.verify(new Evidence(Evidence.SIMULATED, b), rd, reference()))
                .hasMessage("EVIDENCE: simulated evidence: the signature does not verify with platform key " + keyId);
    }

    @Test
    void verify_evidenceFromAnotherPlatformKey_fails() throws Exception {
        KeyPair other = p256();
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        Evidence e = new SimulatedAttester(other, new SimulatedAttester.Identity(measurement, SIGNER, 7, 3, false)).attest(rd.bytes());
        String keyId = HexFormat.of().formatHex(ReportData.sha256(other.getPublic().getEncoded()));
        assertThatThrownBy(() -> verifier.verify(e, rd, reference()))
                .hasMessage("EVIDENCE: simulated evidence: signed by the unknown platform key " + keyId
                        + " (not a trusted simulated platform)");
    }

    @Test
    void verify_truncatedEvidence_failsWithLength() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(new Evidence(Evidence.SIMULATED, new byte[100]), rd, reference()))
                .hasMessage("EVIDENCE: simulated evidence: truncated: 100 bytes, expected at least 191");
    }

    @Test
    void verify_unknownMediaType_fails() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(new Evidence(Evidence.TDX_QUOTE, new byte[10]), rd, reference()))
                .hasMessage("EVIDENCE: no verifier for evidence of type application/vnd.intel.tdx-quote (accepted: "
                        + "[application/vnd.coalition.sim-evidence.v1])");
    }

    @Test
    void verify_replayedNonce_fails() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        Evidence e = attester.attest(rd.bytes());
        verifier.verify(e, rd, reference());
        assertThatThrownBy(() -> verifier.verify(e, rd, reference()))
                .isInstanceOfSatisfying(AttestationException.class, x -> assertThat(x.check()).isEqualTo(Check.FRESHNESS))
                .hasMessage("FRESHNESS: nonce " + HexFormat.of().formatHex(rd.nonce())
                        + " was already used (replayed evidence or nonce)");
    }

    /**
     * Issue 6: used nonces are expired oldest-first and the scan stops at the first one still kept. A nonce used after
     * a later-issued one is kept (never dropped early), so its replay stays refused as a replay.
     */
    @Test
    void verify_nonceUsedOutOfOrder_staysRefusedAsReplay() {
        ReportData a = new ReportData(verifier.nonce(), tlsSpki, hpke); // expires 12:05
        now.set(T0.plus(Duration.ofMinutes(1)));
        ReportData b = new ReportData(verifier.nonce(), tlsSpki, hpke); // expires 12:06
        Evidence ea = attester.attest(a.bytes());
        Evidence eb = attester.attest(b.bytes());
        verifier.verify(eb, b, reference());
        now.set(T0.plus(Duration.ofMinutes(2)));
        verifier.verify(ea, a, reference()); // used after b
        // 12:10:30: a would be droppable (kept until 12:05 + 5 min), b (12:06 + 5 min) is not; a stays behind it
        now.set(T0.plus(Duration.ofMinutes(10)).plusSeconds(30));
        verifier.nonce();
        for (ReportData rd : List.of(a, b)) {
            Evidence e = rd == a ? ea : eb;
            assertThatThrownBy(() -> verifier.verify(e, rd, reference()))
                    .hasMessage("FRESHNESS: nonce " + HexFormat.of().formatHex(rd.nonce()) + " was already used (replayed evidence or nonce)");
        }
        // 12:11:01: both dropped; a replay is still refused, now as a nonce this verifier does not know
        now.set(T0.plus(Duration.ofMinutes(11)).plusSeconds(1));
        verifier.nonce(); // expiry runs when a nonce is issued or consumed
        assertThatThrownBy(() -> verifier.verify(ea, a, reference()))
                .hasMessage("FRESHNESS: nonce " + HexFormat.of().formatHex(a.nonce()) + " was not issued by this verifier");
    }

    @Test
    void verify_nonceNotIssuedByThisVerifier_fails() {
        byte[] own = new byte[32];
        ReportData rd = new ReportData(own, tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(attester.attest(rd.bytes()), rd, reference()))
                .hasMessage("FRESHNESS: nonce " + "00".repeat(32) + " was not issued by this verifier");
    }

    @Test
    void verify_expiredNonce_fails() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        Evidence e = attester.attest(rd.bytes());
        now.set(T0.plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> verifier.verify(e, rd, reference()))
                .hasMessage("FRESHNESS: nonce " + HexFormat.of().formatHex(rd.nonce()) + " expired at 2026-03-01T12:05:00Z"
                        + " (now 2026-03-01T12:06:00Z)");
    }

    @Test
    void verify_evidenceBoundToAnotherTlsKey_failsKeyBinding() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        byte[] otherTls = tlsSpki.clone();
        otherTls[0] ^= 1;
        Evidence e = attester.attest(new ReportData(rd.nonce(), otherTls, hpke).bytes());
        assertThatThrownBy(() -> verifier.verify(e, rd, reference()))
                .isInstanceOfSatisfying(AttestationException.class, x -> assertThat(x.check()).isEqualTo(Check.KEY_BINDING))
                .hasMessageStartingWith("KEY_BINDING: the evidence's report data ")
                .hasMessageEndingWith(" is not SHA-512 of the expected nonce, TLS key and HPKE key " + HexFormat.of().formatHex(rd.bytes()));
    }

    @Test
    void verify_wrongMeasurement_failsReferenceValues() {
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        Evidence e = attester.attest(rd.bytes());
        String other = "ab".repeat(32);
        assertThatThrownBy(() -> verifier.verify(e, rd, ReferenceValues.of(other).withSimulationAllowed(true)))
                .isInstanceOfSatisfying(AttestationException.class, x -> assertThat(x.check()).isEqualTo(Check.REFERENCE_VALUES))
                .hasMessage("REFERENCE_VALUES: measurement " + HexFormat.of().formatHex(measurement)
                        + " is not an accepted measurement [" + other + "]");
    }

    @Test
    void verify_debugEnclave_failsUnlessAllowed() {
        SimulatedAttester debug = new SimulatedAttester(platform, new SimulatedAttester.Identity(measurement, SIGNER, 7, 3, true));
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(debug.attest(rd.bytes()), rd, reference()))
                .hasMessage("REFERENCE_VALUES: the sim enclave is a debug enclave (its memory is readable by the host) "
                        + "and debug is not allowed");
        ReportData rd2 = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThat(verifier.verify(debug.attest(rd2.bytes()), rd2, reference().withDebugAllowed(true)).claims().debug()).isTrue();
    }

    @Test
    void verify_signerProductAndSvn_areCompared() {
        byte[] otherSigner = new byte[32];
        otherSigner[31] = 1;
        ReportData a = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(attester.attest(a.bytes()), a, reference().withSigner(otherSigner)))
                .hasMessage("REFERENCE_VALUES: signer " + "00".repeat(32) + " is not the required signer " + "00".repeat(31) + "01");
        ReportData b = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(attester.attest(b.bytes()), b, reference().withProductId(8)))
                .hasMessage("REFERENCE_VALUES: product id 7 is not the required product id 8");
        ReportData c = new ReportData(verifier.nonce(), tlsSpki, hpke);
        assertThatThrownBy(() -> verifier.verify(attester.attest(c.bytes()), c, reference().withMinimumSvn(4)))
                .hasMessage("REFERENCE_VALUES: security version 3 is below the minimum 4");
    }

    @Test
    void ear_roundTrip_andTamper() throws Exception {
        KeyPair verifierKey = p256();
        ReportData rd = new ReportData(verifier.nonce(), tlsSpki, hpke);
        AttestationResult r = verifier.verify(attester.attest(rd.bytes()), rd, reference());
        String jwt = r.toEar(verifierKey.getPrivate(), "coalition-test");
        Ear ear = Ear.verify(jwt, verifierKey.getPublic(), clock, Duration.ofMinutes(1));
        assertThat(ear.status()).isEqualTo(AttestationResult.Status.WARNING);
        assertThat(ear.platform()).isEqualTo("sim");
        assertThat(ear.hardwareBacked()).isFalse();
        assertThat(ear.measurement()).isEqualTo(HexFormat.of().formatHex(measurement));
        assertThat(ear.nonce()).isEqualTo(rd.nonce());
        assertThat(ear.verifierId()).isEqualTo("coalition-test");

        String[] parts = jwt.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String forged = payload.replace("\"hardware-backed\":false", "\"hardware-backed\":true");
        assertThat(forged).isNotEqualTo(payload);
        String forgedJwt = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> Ear.verify(forgedJwt, verifierKey.getPublic(), clock, Duration.ofMinutes(1)))
                .hasMessage("EAR: the signature does not verify with the verifier key");
        assertThatThrownBy(() -> Ear.verify(jwt, p256().getPublic(), clock, Duration.ofMinutes(1)))
                .hasMessage("EAR: the signature does not verify with the verifier key");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        assertThatThrownBy(() -> Ear.verify(none + "." + parts[1] + ".", verifierKey.getPublic(), clock, Duration.ofMinutes(1)))
                .hasMessage("EAR: header alg is 'none', expected ES256");
        now.set(T0.plusSeconds(61));
        assertThatThrownBy(() -> Ear.verify(jwt, verifierKey.getPublic(), clock, Duration.ofMinutes(1)))
                .hasMessage("EAR: issued at 2026-03-01T12:00:00Z, older than PT1M (now 2026-03-01T12:01:01Z)");
    }

    @Test
    void evidence_encodeDecode_roundTripsAndRejectsTrailingBytes() {
        Evidence e = new Evidence(Evidence.SEV_SNP_REPORT, new byte[] {1, 2, 3},
                List.of(new Endorsement(Endorsement.SNP_VCEK, new byte[] {4}), new Endorsement(Endorsement.SNP_ASK, new byte[] {5, 6})));
        Evidence back = Evidence.decode(e.encode());
        assertThat(back.mediaType()).isEqualTo(e.mediaType());
        assertThat(back.bytes()).isEqualTo(e.bytes());
        assertThat(back.endorsement(Endorsement.SNP_ASK).orElseThrow().bytes()).containsExactly(5, 6);
        byte[] longer = java.util.Arrays.copyOf(e.encode(), e.encode().length + 1);
        assertThatThrownBy(() -> Evidence.decode(longer))
                .hasMessage("encoded evidence: offset " + e.encode().length + ": 1 trailing bytes, expected the end");
        byte[] bad = e.encode();
        bad[7] = (byte) 200; // media type length
        assertThatThrownBy(() -> Evidence.decode(bad)).hasMessage("encoded evidence: offset 4: media type length 200, but "
                + (bad.length - 8) + " bytes remain");
    }

    @Test
    void reportData_isSha512OfTheDocumentedEncoding() throws Exception {
        byte[] nonce = new byte[16];
        java.util.Arrays.fill(nonce, (byte) 0x11);
        byte[] spki = new byte[32];
        java.util.Arrays.fill(spki, (byte) 0x22);
        byte[] key = {0x33, 0x44};
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        expected.writeBytes("coalition/report-data/v1".getBytes());
        expected.writeBytes(new byte[] {0, 16});
        expected.writeBytes(nonce);
        expected.writeBytes(new byte[] {0, 32});
        expected.writeBytes(spki);
        expected.writeBytes(new byte[] {0, 2, 0x33, 0x44});
        ReportData rd = new ReportData(nonce, spki, key);
        assertThat(rd.encoding()).isEqualTo(expected.toByteArray());
        assertThat(rd.bytes()).isEqualTo(MessageDigest.getInstance("SHA-512").digest(expected.toByteArray())).hasSize(64);
        assertThatThrownBy(() -> new ReportData(new byte[8], spki, key))
                .hasMessage("report data: the nonce has 8 bytes, expected 16 to 64");
    }
}
