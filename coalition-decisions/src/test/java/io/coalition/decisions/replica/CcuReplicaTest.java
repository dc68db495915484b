package io.coalition.decisions.replica;

import io.coalition.decisions.DecisionsException;
import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed exchange between CCU replicas after mutual attestation, local sealing, and each refusal with its reason. */
class CcuReplicaTest {
    @TempDir
    Path dir;
    ReplicaFixture f;
    final List<CcuReplica> replicas = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new ReplicaFixture(dir);
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(CcuReplica::close);
        f.close();
    }

    CcuReplica keep(CcuReplica r) {
        replicas.add(r);
        return r;
    }

    static String sealedMismatch(String measurement) {
        return "sealed blob: does not open under the sealing key of measurement " + measurement
                + " on sim (sealed by another enclave or platform, altered, or other associated data)";
    }

    @Test
    void joiningReplicaGetsTheSeed_andDerivesTheSameKeys() throws Exception {
        CcuReplica a = keep(f.genesis(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())));
        CcuReplica b = keep(CcuReplica.launch(f.setup("b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest())));
        assertThat(b.isReady()).isFalse();

        b.join("127.0.0.1", a.serveSeedExchange());

        assertThat(b.isReady()).isTrue();
        assertThat(b.ccu().hpkePublicKey()).isEqualTo(a.ccu().hpkePublicKey());
        assertThat(b.ccu().certificate()).isEqualTo(a.ccu().certificate());
        assertThat(a.refusedPeers()).isEmpty();
        // each replica sealed the seed to its own platform: the two sealed files differ and neither is the seed
        byte[] sealedA = Files.readAllBytes(dir.resolve("state-a").resolve(CcuReplica.SEALED_SEED));
        byte[] sealedB = Files.readAllBytes(dir.resolve("state-b").resolve(CcuReplica.SEALED_SEED));
        assertThat(sealedA).isNotEqualTo(sealedB).hasSize(4 + 12 + 32 + 16);
        assertThat(b.toString()).contains("on sim (simulated, no hardware protection)");
    }

    @Test
    void replicaWithAWrongMeasurement_isRefusedTheSeedByItsPeer() throws Exception {
        CcuReplica a = keep(f.genesis(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())));
        // the patched build trusts the genuine one, but the genuine one does not list the patched measurement
        CcuReplica patched = keep(CcuReplica.launch(f.setup("patched", f.machineB, ReplicaFixture.OTHER_ARTIFACT, f.manifest())));
        int port = a.serveSeedExchange();

        assertThatThrownBy(() -> patched.join("127.0.0.1", port))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("CCU replica patched: seed exchange with 127.0.0.1:" + port
                        + ": the peer sent no seed (it refused this replica)");
        assertThat(patched.isReady()).isFalse();
        assertThat(Files.exists(dir.resolve("state-patched").resolve(CcuReplica.SEALED_SEED))).isFalse();
        // the holder's handshake thread records the refusal after the joiner has seen the alert
        for (int i = 0; i < 300 && a.refusedPeers().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(a.refusedPeers()).singleElement()
                .isInstanceOfSatisfying(AttestationException.class,
                        e -> assertThat(e.check()).isEqualTo(AttestationException.Check.REFERENCE_VALUES))
                .extracting(TrustException::getMessage)
                .isEqualTo("REFERENCE_VALUES: measurement " + ReplicaFixture.measurement(ReplicaFixture.OTHER_ARTIFACT)
                        + " is not an accepted measurement [" + ReplicaFixture.measurement(ReplicaFixture.ARTIFACT) + "]");
    }

    @Test
    void seedHolderWithAWrongMeasurement_isRefusedByTheJoiner() throws Exception {
        // a patched build that accepts everyone offers a seed: the genuine replica refuses to take it
        CcuManifest lax = CcuManifest.of(Set.of(ReplicaFixture.measurement(ReplicaFixture.ARTIFACT),
                ReplicaFixture.measurement(ReplicaFixture.OTHER_ARTIFACT)), true);
        CcuReplica patched = keep(f.genesis(f.setup("patched", f.machineA, ReplicaFixture.OTHER_ARTIFACT, lax)));
        CcuReplica b = keep(CcuReplica.launch(f.setup("b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest())));
        int port = patched.serveSeedExchange();

        assertThatThrownBy(() -> b.join("127.0.0.1", port))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("CCU replica b: seed exchange with 127.0.0.1:" + port + ": REFERENCE_VALUES: measurement "
                        + ReplicaFixture.measurement(ReplicaFixture.OTHER_ARTIFACT) + " is not an accepted measurement ["
                        + ReplicaFixture.measurement(ReplicaFixture.ARTIFACT) + "]");
        assertThat(b.isReady()).isFalse();
    }

    @Test
    void restartedReplica_unsealsItsSeed() throws Exception {
        CcuReplica.Setup setup = f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest());
        CcuReplica a = f.genesis(setup);
        byte[] hpke = a.ccu().hpkePublicKey();
        a.close();

        CcuReplica again = keep(CcuReplica.launch(setup));
        assertThat(again.isReady()).isTrue();
        assertThat(again.ccu().hpkePublicKey()).isEqualTo(hpke);
    }

    @Test
    void tamperedSealedSeed_isRefusedAtStart() throws Exception {
        CcuReplica.Setup setup = f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest());
        f.genesis(setup).close();
        Path sealed = dir.resolve("state-a").resolve(CcuReplica.SEALED_SEED);
        byte[] b = Files.readAllBytes(sealed);
        b[20] ^= 1;
        Files.write(sealed, b);

        assertThatThrownBy(() -> CcuReplica.launch(setup))
                .isInstanceOf(TrustException.class)
                .hasMessage("enclave: the application io.coalition.decisions.replica.CcuReplica$1 failed to start on sim: "
                        + "CCU replica a: the sealed seed " + sealed + " does not open: "
                        + sealedMismatch(ReplicaFixture.measurement(ReplicaFixture.ARTIFACT)));
    }

    @Test
    void sealedSeedCopiedToAnotherMachine_doesNotOpen() throws Exception {
        f.genesis(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())).close();
        CcuReplica.Setup onB = f.setup("b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest());
        Files.createDirectories(onB.stateDir());
        Files.copy(dir.resolve("state-a").resolve(CcuReplica.SEALED_SEED), onB.stateDir().resolve(CcuReplica.SEALED_SEED),
                StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> CcuReplica.launch(onB))
                .isInstanceOf(TrustException.class)
                .hasMessageEndingWith("CCU replica b: the sealed seed " + onB.stateDir().resolve(CcuReplica.SEALED_SEED)
                        + " does not open: " + sealedMismatch(ReplicaFixture.measurement(ReplicaFixture.ARTIFACT)));
    }

    @Test
    void serviceCertificateForAnotherKey_isRefused() throws Exception {
        CcuReplica a = keep(CcuReplica.launch(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())));
        a.genesis("Coalition CCU", ReplicaFixture.SERVICE);
        var other = f.enroll("impostor", "CCU", io.coalition.trust.pki.ParticipantType.CCU);

        assertThatThrownBy(() -> a.installServiceCertificate(other.certificate()))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("CCU replica a: the service certificate CN=impostor does not carry the key the CCU seed derives");
        assertThat(a.isReady()).isFalse();
    }

    @Test
    void servingTheSeedBeforeHavingIt_isRefused() throws Exception {
        CcuReplica a = keep(CcuReplica.launch(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())));
        assertThatThrownBy(a::serveSeedExchange)
                .hasMessage("CCU replica a: not ready (no seed or no service certificate)");
    }

    static final String NOT_OPEN = "CCU replica b: seed exchange with test: the sealed seed does not open with this "
            + "enclave's key: HPKE: the message does not open with this key, info and associated data";

    @Test
    void sealedSeedWithAFlippedByte_isRefused() throws Exception {
        CcuReplica a = keep(f.genesis(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())));
        CcuReplica b = keep(CcuReplica.launch(f.setup("b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest())));
        byte[] binding = new byte[32];
        var sealed = a.sealSeedFor(b.enclaveHpkeKey(), binding);
        byte[] ct = sealed.ciphertext();
        ct[ct.length / 2] ^= 1;

        assertThatThrownBy(() -> b.acceptSeed(new io.coalition.trust.hpke.Hpke.Sealed(sealed.encapsulatedKey(), ct),
                binding, "CCU replica b: seed exchange with test"))
                .isInstanceOf(DecisionsException.class).hasMessage(NOT_OPEN);
        assertThat(b.isReady()).isFalse();
        // the untampered message opens
        b.acceptSeed(sealed, binding, "CCU replica b: seed exchange with test");
        assertThat(b.ccu().hpkePublicKey()).isEqualTo(a.ccu().hpkePublicKey());
    }

    @Test
    void seedSealedForAnotherEnclaveOrHandshake_isRefused() throws Exception {
        CcuReplica a = keep(f.genesis(f.setup("a", f.machineA, ReplicaFixture.ARTIFACT, f.manifest())));
        CcuReplica b = keep(CcuReplica.launch(f.setup("b", f.machineB, ReplicaFixture.ARTIFACT, f.manifest())));
        CcuReplica c = keep(CcuReplica.launch(f.setup("c", f.machineB, ReplicaFixture.ARTIFACT, f.manifest())));
        byte[] binding = new byte[32];
        // an exchange recorded for replica c, replayed to b
        assertThatThrownBy(() -> b.acceptSeed(a.sealSeedFor(c.enclaveHpkeKey(), binding), binding,
                "CCU replica b: seed exchange with test")).hasMessage(NOT_OPEN);
        // an exchange for b, but bound to another handshake
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> b.acceptSeed(a.sealSeedFor(b.enclaveHpkeKey(), other), binding,
                "CCU replica b: seed exchange with test")).hasMessage(NOT_OPEN);
        assertThat(b.isReady()).isFalse();
    }
}
