package io.coalition.decisions.replica;

import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.enclave.Platform;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CCU replicas on simulated platforms (one platform key and sealing secret per machine), a real CA, the vaccine
 * specification, a file blob store, a Merkle-log notary and a file record index, all under one folder.
 */
final class ReplicaFixture implements AutoCloseable {
    static final Clock CLOCK = Clock.systemUTC();
    static final byte[] ARTIFACT = "coalition-ccu-enclave-1.0.jar".getBytes();
    static final byte[] OTHER_ARTIFACT = "coalition-ccu-enclave-1.0-patched.jar".getBytes();
    static final ParticipantAttributes SERVICE = new ParticipantAttributes("IT-CCU-0001", "CCU", "IT", "Coalition",
            Set.of(ParticipantType.CCU), true);

    record Machine(KeyPair platformKey, byte[] secret) {
        Platform platform() {
            return Platform.simulated(platformKey, secret, new byte[32], 1, 1, false);
        }
    }

    record Participant(KeyPair keys, X509Certificate certificate, Hpke.KeyPair hpke) {
    }

    final Path dir;
    // The CA runs 5 s behind: the validator reads its clock and then (on another thread, when the CRL is renewed)
    // the CA stamps the CRL, so on one clock a CRL can be "issued in the future" by a few microseconds.
    final CertificateAuthority ca = CertificateAuthority.create("Coalition Test CA", Clock.offset(CLOCK, Duration.ofSeconds(-5)));
    final Machine machineA = machine();
    final Machine machineB = machine();
    final DecisionSpecification spec;
    /** One notary log shared by the replicas in this JVM, called concurrently (LogNotary is thread-safe). */
    final LogNotary notary;
    final FileBlobStore store;
    final Envelopes sealer = new Envelopes(CLOCK, Duration.ofMinutes(10));
    /** Opens the shared record index as a new replica process would: a file by default. */
    java.util.function.Supplier<RecordIndex> indexes = () -> RecordIndex.file(dir().resolve("index.jsonl"));

    /** Opens the shared replay store as a new replica process would: a file by default. */
    java.util.function.Supplier<io.coalition.decisions.replay.ReplayStore> replays =
            () -> io.coalition.decisions.replay.ReplayStore.file(dir().resolve("replays.log"), CLOCK);

    private Path dir() {
        return dir;
    }

    ReplicaFixture(Path dir) throws Exception {
        this.dir = dir;
        Path vaccine = Path.of(getClass().getResource("/io/coalition/decisions/vaccine").toURI());
        spec = DecisionSpecification.load(List.of(vaccine.resolve("aggregations.dmn"), vaccine.resolve("prioritization.dmn")),
                List.of(vaccine.resolve("vaccine.alfa")), dir.resolve("xacml"));
        notary = LogNotary.open(dir.resolve("notary.log"), "coalition-test", CLOCK);
        store = new FileBlobStore(dir.resolve("blobs"));
    }

    static Machine machine() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Machine(Enrollment.newKeyPair(), secret);
    }

    static String measurement(byte[] artifact) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
    }

    Participant enroll(String name, String role, ParticipantType type) {
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("id-" + name, role, "IT", name, Set.of(type), true);
        X509Certificate c = ca.issue(Enrollment.request(keys, name, a), a, Duration.ofDays(30));
        return new Participant(keys, c, Hpke.DEFAULT.generateKeyPair());
    }

    CcuReplica.Setup setup(String name, Machine machine, byte[] artifact, CcuManifest manifest) {
        Participant self = enroll(name, "CCU", ParticipantType.CCU);
        Verifier verifier = Verifier.builder().clock(CLOCK)
                .add(new SimulatedEvidenceVerifier(List.of(machineA.platformKey().getPublic(), machineB.platformKey().getPublic())))
                .build();
        return new CcuReplica.Setup(name, machine.platform(), artifact, self.certificate(), self.keys().getPrivate(),
                manifest, CertificateValidator.of(ca), verifier, dir.resolve("state-" + name), spec, store, notary,
                indexes.get(), CLOCK, new SecureRandom(), Duration.ofMinutes(10), replays.get());
    }

    /** The same replica after a restart: a new process opens the index file anew. */
    CcuReplica.Setup restarted(CcuReplica.Setup s) {
        return new CcuReplica.Setup(s.name(), s.platform(), s.artifact(), s.participant(), s.participantKey(), s.manifest(),
                s.validator(), s.verifier(), s.stateDir(), s.spec(), s.store(), s.notary(),
                indexes.get(), s.clock(), s.random(), s.replayWindow(), replays.get());
    }

    CcuManifest manifest() throws Exception {
        return CcuManifest.of(Set.of(measurement(ARTIFACT)), true);
    }

    /** The first replica: creates the seed and gets its service certificate from the CA. */
    CcuReplica genesis(CcuReplica.Setup setup) {
        CcuReplica r = CcuReplica.launch(setup);
        r.installServiceCertificate(ca.issue(r.genesis("Coalition CCU", SERVICE), SERVICE, Duration.ofDays(30)));
        return r;
    }

    Envelope submission(Ccu ccu, Participant from, String recordId, Map<String, Object> fields) {
        return sealer.seal(Ccu.json(new Ccu.Submission("Patients", "Patient", recordId, fields)), Ccu.SUBMIT,
                from.certificate(), from.keys().getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
    }

    Envelope request(Ccu ccu, Participant from) {
        return sealer.seal(Ccu.json(new Ccu.Request("PatientPrioritizationWithAggr", "Patients", from.hpke().publicKey())),
                Ccu.DECIDE, from.certificate(), from.keys().getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
    }

    static Map<String, Object> patient(int age) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Age", age);
        p.put("PreExistingConditions", "Diabetes");
        p.put("CurrentMedications", "Metformin");
        p.put("PreviousVaccinations", "COVID-19");
        p.put("FamilyMedicalHistory", "Heart Disease");
        p.put("ConsentFormSigned", true);
        p.put("Address", "Via Roma " + age);
        return p;
    }

    @Override
    public void close() {
        spec.close();
        notary.close();
    }
}
