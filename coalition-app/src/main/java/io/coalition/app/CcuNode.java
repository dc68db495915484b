package io.coalition.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.ccu.VerifiedRecordCache;
import io.coalition.decisions.demo.VaccineCampaign;
import io.coalition.decisions.replay.ReplayStore;
import io.coalition.decisions.replica.CcuManifest;
import io.coalition.decisions.replica.CcuReplica;
import io.coalition.decisions.replica.SharedLogNotary;
import io.coalition.decisions.replica.SimulatedMachine;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One CCU replica as the CLI runs it (for {@code decisions serve} and {@code decisions replica}): a sim enclave
 * (simulated, no hardware protection) on this machine's {@link SimulatedMachine}, its state folder (sealed seed,
 * service certificate), and what replicas share: CA, blob store, notary log, record index and replay store.
 *
 * <p>The enclave artifact the sim backend measures is a label plus the SHA-256 of every DMN and ALFA file, in the
 * order given: replicas with the same specification have the same measurement; a replica run with another
 * specification is another enclave application and does not open a seed sealed by the first.
 */
final class CcuNode implements AutoCloseable {
    static final String ARTIFACT_LABEL = "coalition-decisions CCU (sim) v1\n";
    static final ParticipantAttributes SERVICE = new ParticipantAttributes("ccu", "CCU", "IT", "Coalition CCU",
            Set.of(ParticipantType.CCU), true);

    /** Where things are and what they run on; nulls take the defaults under {@code work}. */
    record Options(String name, Path work, Path stateDir, Path caDir, Path simDir, List<Path> trustedPlatforms,
                   Path manifest, List<Path> dmn, List<Path> alfa, String index, String replays, String namespace,
                   long recordCacheBytes) {
    }

    /** {@code --record-cache-mb}'s help, shared by {@code serve} and {@code replica}. */
    static final String RECORD_CACHE_HELP = "MiB of verified light copies the CCU keeps in enclave memory, so repeated"
            + " decisions over the same records skip fetching and decrypting them (each record's pointer is still"
            + " recomputed and checked per request); 0 turns the cache off (default: a quarter of the JVM's maximum"
            + " heap, -Xmx, in whole MiB; printed at start)";

    /** The cache budget in bytes for {@code --record-cache-mb} ({@code null}: not given, the default). */
    static long recordCacheBytes(Integer mb) {
        if (mb == null) return VerifiedRecordCache.defaultBytes();
        if (mb < 0) throw new IllegalArgumentException("--record-cache-mb: expected 0 (off) or more, got " + mb);
        return (long) mb << 20;
    }

    /** What the start-up line says of the budget: {@code record cache 1507 MiB (default: ...)} or {@code off}. */
    static String recordCacheText(Integer mb, long bytes) {
        if (bytes == 0) return "record cache off";
        return "record cache " + (bytes >> 20) + " MiB" + (mb != null ? "" : " (default: a quarter of the "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB maximum heap)");
    }

    final String name;
    final Path stateDir;
    final Path caDir;
    final CertificateAuthority ca;
    final DecisionSpecification spec;
    final CcuReplica replica;
    final String measurement;
    final String indexSpec;
    final String replaySpec;
    private final List<AutoCloseable> open = new ArrayList<>();

    private CcuNode(Options o, Clock clock) {
        this.name = o.name();
        Path work = o.work();
        this.stateDir = o.stateDir();
        this.caDir = o.caDir() != null ? o.caDir() : work.resolve("ca");
        try {
            Files.createDirectories(work);
            List<Path> dmn = o.dmn();
            List<Path> alfa = o.alfa();
            if (dmn == null) {
                List<Path> files = VaccineCampaign.writeCampaign(work.resolve("specification"));
                dmn = files.subList(0, files.size() - 1);
                alfa = List.of(files.get(files.size() - 1));
            }
            this.ca = Files.exists(caDir.resolve("ca.key")) ? CertificateAuthority.open(caDir, clock)
                    : CertificateAuthority.init(caDir, "Coalition decisions CA", clock);
            this.spec = DecisionSpecification.load(dmn, alfa, stateDir.resolve("xacml"));
            open.add(spec);
            byte[] artifact = artifact(dmn, alfa);
            this.measurement = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
            SimulatedMachine machine = SimulatedMachine.openOrCreate(o.simDir() != null ? o.simDir() : work.resolve("sim-platform"));
            List<PublicKey> platforms = new ArrayList<>(List.of(machine.publicKey()));
            for (Path p : o.trustedPlatforms()) {
                platforms.add(SimulatedMachine.readPublicKey(p));
            }
            CcuManifest manifest = o.manifest() != null ? CcuManifest.read(o.manifest())
                    : CcuManifest.of(Set.of(measurement), true);
            Verifier verifier = Verifier.builder().clock(clock).add(new SimulatedEvidenceVerifier(platforms)).build();
            // this replica's own identity for the attested seed exchange (role CCU), issued by the CA at each start
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes self = new ParticipantAttributes("ccu-" + name, "CCU", "IT", "Coalition CCU",
                    Set.of(ParticipantType.CCU), true);
            X509Certificate participant = ca.issue(Enrollment.request(keys, "CN=CCU replica " + name, self), self,
                    Duration.ofDays(30));
            SharedLogNotary notary = SharedLogNotary.open(work.resolve("notary.log"), "coalition-decisions", clock);
            open.add(notary);
            this.indexSpec = o.index() != null ? o.index() : "file:" + work.resolve("index.jsonl");
            this.replaySpec = o.replays() != null ? o.replays() : "file:" + work.resolve("replays.log");
            RecordIndex index = DecisionsBackends.index(indexSpec, o.namespace(), open);
            ReplayStore replays = DecisionsBackends.replays(replaySpec, o.namespace(), clock, open);
            CcuReplica.Setup setup = new CcuReplica.Setup(name, machine.platform(), artifact, participant,
                    keys.getPrivate(), manifest, CertificateValidator.of(ca), verifier, stateDir, spec,
                    new FileBlobStore(work.resolve("blobs")), notary, index, clock, new SecureRandom(),
                    Duration.ofMinutes(10), replays, o.recordCacheBytes());
            this.replica = CcuReplica.launch(setup);
            open.add(replica);
        } catch (IOException | GeneralSecurityException e) {
            DecisionsBackends.closeAll(open);
            throw new DecisionsException("CCU replica " + name + ": " + e, e);
        } catch (RuntimeException e) {
            DecisionsBackends.closeAll(open);
            throw e;
        }
    }

    static CcuNode launch(Options o, Clock clock) {
        return new CcuNode(o, clock);
    }

    static byte[] artifact(List<Path> dmn, List<Path> alfa) throws IOException, GeneralSecurityException {
        StringBuilder b = new StringBuilder(ARTIFACT_LABEL);
        List<Path> all = new ArrayList<>(dmn);
        all.addAll(alfa);
        for (Path p : all) {
            b.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** First replica: creates the seed and has the CA certify the service key it derives. */
    void genesis() {
        replica.installServiceCertificate(ca.issue(replica.genesis("CN=Coalition CCU", SERVICE), SERVICE,
                Duration.ofDays(365)));
    }

    /** Writes what clients address envelopes to: {@code ccu.crt} (PEM) and {@code ccu.json} (as GET /v1/ccu). */
    void publish(Path dir) {
        Ccu ccu = replica.ccu();
        Pem.write(dir.resolve("ccu.crt"), ccu.certificate());
        ObjectNode n = DecisionsCommand.JSON.createObjectNode();
        n.put("certificate", Pem.encode(ccu.certificate()));
        n.put("hpkePublicKey", Base64.getEncoder().encodeToString(ccu.hpkePublicKey()));
        n.put("hpkeKeySignature", Base64.getEncoder().encodeToString(ccu.hpkeKeySignature()));
        try {
            Path tmp = Files.createTempFile(dir, "ccu.json", ".tmp");
            Files.writeString(tmp, DecisionsCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
            Files.move(tmp, dir.resolve("ccu.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DecisionsException("CCU replica " + name + ": cannot write " + dir.resolve("ccu.json") + ": " + e, e);
        }
    }

    @Override
    public void close() {
        DecisionsBackends.closeAll(open);
    }
}
