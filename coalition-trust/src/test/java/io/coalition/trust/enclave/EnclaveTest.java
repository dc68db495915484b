package io.coalition.trust.enclave;

import io.coalition.eventlog.TestData;
import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.DcapEvidenceVerifier;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.tls.AttestedConnection;
import io.coalition.trust.tls.AttestedServer;
import io.coalition.trust.tls.AttestedTls;
import io.coalition.trust.tls.PeerPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnclaveTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    static final byte[] ARTIFACT = "trusted-miner-1.0.jar".getBytes();
    static final byte[] OTHER_ARTIFACT = "trusted-miner-1.1.jar".getBytes();
    static final EnclaveApplication NOTHING = e -> { };

    KeyPair platformKey;
    byte[] secret;
    Platform sim;

    @BeforeEach
    void setUp() {
        platformKey = Enrollment.newKeyPair();
        secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        sim = Platform.simulated(platformKey, secret, new byte[32], 1, 1, false);
    }

    Enclave launch(Platform p, byte[] artifact) {
        return Enclave.launch(p, artifact, NOTHING, CLOCK, new SecureRandom());
    }

    @Test
    void simEnclave_measurementIsTheArtifactHash_andItsEvidenceBindsItsKeys() {
        try (Enclave e = launch(sim, ARTIFACT)) {
            assertThat(e.measurement()).isEqualTo(Enclave.sha256(ARTIFACT));
            Verifier v = Verifier.builder().clock(CLOCK).add(new SimulatedEvidenceVerifier(List.of(platformKey.getPublic()))).build();
            byte[] nonce = v.nonce();
            AttestationResult r = v.verify(e.evidence(nonce), ReportData.of(nonce, e.tlsPublicKey(), e.hpkePublicKey()),
                    ReferenceValues.of(e.measurement()).withSimulationAllowed(true));
            assertThat(r.hardwareBacked()).isFalse();
            assertThat(e.platform().name()).isEqualTo("sim");
        }
    }

    @Test
    void seal_unseal_roundTrips_andIsBoundToTheMeasurement() {
        byte[] blob;
        try (Enclave e = launch(sim, ARTIFACT)) {
            blob = e.seal("the SDEX seed".getBytes(), "seed".getBytes());
            assertThat(e.unseal(blob, "seed".getBytes())).isEqualTo("the SDEX seed".getBytes());
        }
        // the same artifact on the same platform after a restart
        try (Enclave again = launch(sim, ARTIFACT)) {
            assertThat(again.unseal(blob, "seed".getBytes())).isEqualTo("the SDEX seed".getBytes());
        }
        try (Enclave other = launch(sim, OTHER_ARTIFACT)) {
            assertThatThrownBy(() -> other.unseal(blob, "seed".getBytes()))
                    .hasMessage("sealed blob: does not open under the sealing key of measurement " + other.measurementHex()
                            + " on sim (sealed by another enclave or platform, altered, or other associated data)");
        }
    }

    @Test
    void unseal_onAnotherPlatform_flippedByte_otherAad_orTruncated_fails() {
        try (Enclave e = launch(sim, ARTIFACT)) {
            byte[] blob = e.seal(new byte[100], new byte[0]);
            String reason = "sealed blob: does not open under the sealing key of measurement " + e.measurementHex()
                    + " on sim (sealed by another enclave or platform, altered, or other associated data)";
            for (int i : new int[] {4, 10, 16, 60, blob.length - 1}) {
                byte[] flipped = blob.clone();
                flipped[i] ^= 1;
                assertThatThrownBy(() -> e.unseal(flipped, new byte[0])).hasMessage(reason);
            }
            assertThatThrownBy(() -> e.unseal(blob, new byte[] {1})).hasMessage(reason);
            assertThatThrownBy(() -> e.unseal(Arrays.copyOf(blob, 20), new byte[0]))
                    .hasMessage("sealed blob: not a Coalition sealed blob (expected 'CSB1', a 12-byte IV and at least a 16-byte tag; got 20 bytes)");
            byte[] otherSecret = secret.clone();
            otherSecret[0] ^= 1;
            try (Enclave elsewhere = launch(Platform.simulated(platformKey, otherSecret, new byte[32], 1, 1, false), ARTIFACT)) {
                assertThatThrownBy(() -> elsewhere.unseal(blob, new byte[0])).hasMessage(reason);
            }
        }
    }

    @Test
    void open_decryptsWhatPartiesSealToItsHpkeKey() {
        try (Enclave e = launch(sim, ARTIFACT)) {
            Hpke.Sealed m = Hpke.DEFAULT.seal(e.hpkePublicKey(), "info".getBytes(), "aad".getBytes(), "record".getBytes());
            assertThat(e.open(m, "info".getBytes(), "aad".getBytes())).isEqualTo("record".getBytes());
        }
    }

    @Test
    void application_isStartedAndStopped_andAFailedStartAbortsTheLaunch() {
        List<String> events = new ArrayList<>();
        Enclave e = Enclave.launch(sim, ARTIFACT, new EnclaveApplication() {
            @Override
            public void start(Enclave enclave) {
                events.add("start " + enclave.measurementHex().substring(0, 8));
            }

            @Override
            public void stop() {
                events.add("stop");
            }
        }, CLOCK, new SecureRandom());
        e.close();
        e.close();
        assertThat(events).containsExactly("start " + HexFormat.of().formatHex(Enclave.sha256(ARTIFACT)).substring(0, 8), "stop");
        assertThatThrownBy(() -> e.seal(new byte[1], new byte[0])).hasMessageStartingWith("enclave: closed (measurement ");
        assertThatThrownBy(() -> Enclave.launch(sim, ARTIFACT, x -> {
            throw new IllegalStateException("no seed");
        }, CLOCK, new SecureRandom())).isInstanceOf(TrustException.class).hasMessageEndingWith("failed to start on sim: no seed");
    }

    @Test
    void launch_fromArtifactFile_measuresTheFile(@TempDir Path dir) throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), ARTIFACT);
        try (Enclave e = Enclave.launch(sim, jar, NOTHING, CLOCK, new SecureRandom())) {
            assertThat(e.measurement()).isEqualTo(Enclave.sha256(ARTIFACT));
        }
        assertThatThrownBy(() -> Enclave.launch(sim, dir.resolve("missing.jar"), NOTHING, CLOCK, new SecureRandom()))
                .hasMessageStartingWith("enclave: cannot read the application artifact " + dir.resolve("missing.jar"));
    }

    @Test
    void enclave_servesAttestedTls_withItsOwnKeys() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Coalition Test CA", CLOCK);
        ParticipantAttributes attrs = new ParticipantAttributes("IT-001-9000", "CCU", "Italy", null, EnumSet.of(ParticipantType.CCU), true);
        KeyPair keys = Enrollment.newKeyPair();
        X509Certificate cert = ca.issue(Enrollment.request(keys, "CCU 1", attrs), attrs, Duration.ofDays(30));
        try (Enclave e = launch(sim, ARTIFACT);
             AttestedServer server = e.serve(cert, keys.getPrivate(), Optional.empty(),
                     c -> new DataOutputStream(c.socket().getOutputStream()).writeUTF("hello from " + e.measurementHex()), x -> { })) {
            Verifier v = Verifier.builder().clock(CLOCK).add(new SimulatedEvidenceVerifier(List.of(platformKey.getPublic()))).build();
            PeerPolicy policy = new PeerPolicy(CertificateValidator.of(ca), v,
                    ReferenceValues.of(e.measurement()).withSimulationAllowed(true), CLOCK);
            try (AttestedConnection c = AttestedTls.connect("localhost", server.port(), policy, Optional.empty())) {
                assertThat(new DataInputStream(c.socket().getInputStream()).readUTF()).isEqualTo("hello from " + e.measurementHex());
                assertThat(c.peer().orElseThrow().certificate().getPublicKey()).isEqualTo(e.tlsPublicKey());
                assertThat(c.peer().orElseThrow().hpkePublicKey()).isEqualTo(e.hpkePublicKey());
            }
        }
    }

    /** Gramine's /dev/attestation emulated in a directory, answering with a real recorded SGX quote. */
    @Test
    void gramineEnclave_readsMrenclaveFromItsReport_andSealsWithTheSgxKey(@TempDir Path dev) throws Exception {
        byte[] quote = Files.readAllBytes(TestData.require("attestation/sgx/phala-sgx-v3.quote.bin"));
        Files.writeString(dev.resolve("attestation_type"), "dcap");
        Files.write(dev.resolve("user_report_data"), new byte[0]);
        Files.write(dev.resolve("quote"), quote);
        byte[] report = new byte[432]; // sgx_report_t: REPORTBODY (the quote's, at offset 48), KEYID, MAC
        System.arraycopy(quote, 48, report, 0, 384);
        Files.write(dev.resolve("report"), report);
        Files.createDirectories(dev.resolve("keys"));
        Files.write(dev.resolve("keys/_sgx_mrenclave"), HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
        try (Enclave e = launch(Platform.gramineSgx(dev), ARTIFACT)) {
            assertThat(e.measurementHex()).isEqualTo("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
            byte[] blob = e.seal("state".getBytes(), new byte[0]);
            assertThat(e.unseal(blob, new byte[0])).isEqualTo("state".getBytes());
            Files.write(dev.resolve("keys/_sgx_mrenclave"), new byte[16]); // another enclave's SGX key
            assertThatThrownBy(() -> e.unseal(blob, new byte[0])).hasMessageStartingWith("sealed blob: does not open under");
            // its evidence binds its own keys, so the recorded quote (other report data) is refused by the attester
            assertThatThrownBy(() -> e.evidence(new byte[32])).hasMessageContaining("not the report data written to");
            X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    Files.newInputStream(TestData.require("attestation/sgx/intel-sgx-root-ca.der")));
            assertThat(DcapEvidenceVerifier.sgx(root, Clock.fixed(Instant.parse("2025-07-19T10:01:17Z"), ZoneOffset.UTC))
                    .appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, quote)).measurementHex()).isEqualTo(e.measurementHex());
        }
    }

    @Test
    void configfsPlatform_cannotSeal(@TempDir Path dir) {
        Platform tdx = Platform.configfsTsm(dir, "coalition", io.coalition.trust.attestation.ConfigfsTsmAttester.Provider.TDX);
        assertThatThrownBy(tdx::secret).hasMessage("tdx: sealing is not available: configfs-tsm offers no sealing key (use a key "
                + "released after attestation, e.g. the seed exchange of seed 004)");
    }
}
