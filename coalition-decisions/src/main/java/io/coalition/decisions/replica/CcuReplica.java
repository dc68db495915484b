package io.coalition.decisions.replica;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWorker;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.ccu.VerifiedRecordCache;
import io.coalition.decisions.replay.ReplayStore;
import io.coalition.decisions.queue.RequestQueue;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.TrustException;
import io.coalition.trust.cas.BlobStore;
import io.coalition.trust.enclave.Enclave;
import io.coalition.trust.enclave.EnclaveApplication;
import io.coalition.trust.enclave.Platform;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.tls.AttestedConnection;
import io.coalition.trust.tls.AttestedPeer;
import io.coalition.trust.tls.AttestedServer;
import io.coalition.trust.tls.AttestedTls;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.tls.PeerPolicy;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One CCU replica as an enclave application (seed 004, SDEX and CONF), on any {@link Platform} ({@code sim} is
 * software only and is labelled so in its logs and {@link #toString()}).
 *
 * <p><b>Seed.</b> The first replica creates the CCU seed ({@link #genesis}); every other replica gets it from a
 * replica that has it ({@link #join}) over mutually attested TLS: each side checks the other's participant
 * certificate (CA, validity, CRL, role {@code CCU}) and evidence against its {@link CcuManifest} (accepted
 * measurements), and the holder HPKE-seals the seed to the key the joiner's evidence binds (info
 * {@value #SEED_INFO}, associated data SHA-256 of the joiner's TLS certificate of this handshake), so only that
 * attested enclave instance can open it. Each replica then seals the seed locally ({@link Enclave#seal}, AAD
 * {@value #SEALED_AAD}) in its state folder, so it restarts on its own; a sealed seed that was altered, or comes
 * from another measurement or platform, does not open and the replica does not start.
 *
 * <p><b>Keys.</b> Everything is derived from the seed, so any replica serves any request: the HPKE key requests
 * are sealed to and the record keys (in {@link Ccu}) and the service's ECDSA signing key ({@link ServiceKeys}),
 * whose CA-issued <i>service certificate</i> is what clients address envelopes to. The genesis replica asks for it
 * ({@link #genesis} returns the certification request); the seed exchange hands it over with the seed, and the
 * joiner checks that the certificate is valid and carries the key the seed derives.
 *
 * <p><b>State shared between replicas</b> is outside the enclave and untrusted: the blob store, the notary and the
 * record index (use {@link RecordIndex#file} so that a replica that was down catches up by reading what the others
 * appended). The per-replica state folder holds only the sealed seed and the public service certificate.
 */
public final class CcuReplica implements AutoCloseable {
    static final String SEED_INFO = "coalition-decisions/seed-exchange/v1";
    static final String SEALED_AAD = "coalition-decisions/ccu-seed/v1";
    static final String SEALED_SEED = "seed.sealed";
    static final String SERVICE_CERTIFICATE = "service-certificate.der";
    private static final Logger log = LoggerFactory.getLogger(CcuReplica.class);
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");

    /**
     * What a replica needs.
     *
     * @param name           the replica's name (its worker name on the queue)
     * @param artifact       the CCU enclave artifact (its SHA-256 is the measurement on {@code sim})
     * @param participant    this replica's own CA-issued certificate (role {@code CCU}), for attested TLS
     * @param validator      checks peers' and the service certificate against the CA
     * @param verifier       this replica's verifier (nonces, evidence plug-ins)
     * @param stateDir       where the sealed seed and the service certificate are kept
     * @param replayWindow   how old an envelope the CCU accepts
     * @param replays        the replay store every replica of this CCU shares ({@link ReplayStore#file} on one file
     *                       system, {@link io.coalition.decisions.replay.RedisReplayStore} across machines): an
     *                       envelope one replica accepted is refused by the others
     */
    public record Setup(String name, Platform platform, byte[] artifact, X509Certificate participant,
                        PrivateKey participantKey, CcuManifest manifest, CertificateValidator validator,
                        Verifier verifier, Path stateDir, DecisionSpecification spec, BlobStore store, Notary notary,
                        RecordIndex index, Clock clock, SecureRandom random, Duration replayWindow,
                        ReplayStore replays, long recordCacheBytes) {
        public Setup {
            java.util.Objects.requireNonNull(replays, "replays (the replay store the replicas share)");
            if (recordCacheBytes < 0) {
                throw new DecisionsException("CCU replica " + name + ": record cache of " + recordCacheBytes
                        + " bytes, expected 0 (off) or more");
            }
        }

        /** A setup whose CCU caches verified light copies up to {@link VerifiedRecordCache#defaultBytes()}. */
        public Setup(String name, Platform platform, byte[] artifact, X509Certificate participant,
                     PrivateKey participantKey, CcuManifest manifest, CertificateValidator validator,
                     Verifier verifier, Path stateDir, DecisionSpecification spec, BlobStore store, Notary notary,
                     RecordIndex index, Clock clock, SecureRandom random, Duration replayWindow, ReplayStore replays) {
            this(name, platform, artifact, participant, participantKey, manifest, validator, verifier, stateDir, spec,
                    store, notary, index, clock, random, replayWindow, replays, VerifiedRecordCache.defaultBytes());
        }
    }

    private final Setup setup;
    private final Enclave enclave;
    private final List<TrustException> refusedPeers = new CopyOnWriteArrayList<>();
    private byte[] seed;
    private volatile Ccu ccu;
    private AttestedServer seedServer;

    private CcuReplica(Setup setup, Enclave[] launched) {
        this.setup = setup;
        this.enclave = launched[0];
    }

    /**
     * Launches the replica's enclave; if its state folder holds a sealed seed, unseals it and is ready to serve
     * at once (a restart), otherwise waits for {@link #genesis} or {@link #join}.
     *
     * @throws TrustException when the enclave does not start, e.g. the sealed seed does not open (the message
     *                        names the file and why)
     */
    public static CcuReplica launch(Setup setup) {
        CcuReplica[] self = new CcuReplica[1];
        Enclave[] launched = new Enclave[1];
        Enclave e = Enclave.launch(setup.platform(), setup.artifact(), new EnclaveApplication() {
            @Override
            public void start(Enclave enclave) {
                launched[0] = enclave;
                self[0] = new CcuReplica(setup, launched);
                self[0].restore();
            }

            @Override
            public void stop() {
                self[0].stopServing();
            }
        }, setup.clock(), setup.random());
        if (!"sim".equals(e.platform().name())) {
            log.info("CCU replica {} runs on {} with measurement {}", setup.name(), e.platform().name(), e.measurementHex());
        } else {
            log.warn("CCU replica {} runs on the SIMULATED platform (sim: no hardware protection), measurement {}",
                    setup.name(), e.measurementHex());
        }
        return self[0];
    }

    private void restore() {
        Path sealed = setup.stateDir().resolve(SEALED_SEED);
        if (!Files.exists(sealed)) {
            return;
        }
        byte[] plain;
        try {
            plain = enclave.unseal(Files.readAllBytes(sealed), SEALED_AAD.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new DecisionsException("CCU replica " + setup.name() + ": cannot read " + sealed + ": " + e, e);
        } catch (TrustException e) {
            throw new DecisionsException("CCU replica " + setup.name() + ": the sealed seed " + sealed
                    + " does not open: " + e.getMessage(), e);
        }
        seed = plain;
        Path cert = setup.stateDir().resolve(SERVICE_CERTIFICATE);
        if (Files.exists(cert)) {
            try {
                ready(certificate(Files.readAllBytes(cert), "CCU replica " + setup.name() + ": " + cert));
            } catch (IOException e) {
                throw new DecisionsException("CCU replica " + setup.name() + ": cannot read " + cert + ": " + e, e);
            }
        }
        log.info("CCU replica {} restored its seed from {}", setup.name(), sealed);
    }

    /** The enclave's measurement, hex: what peers' manifests must list. */
    public String measurementHex() {
        return enclave.measurementHex();
    }

    /** Whether it holds the seed and the service certificate, i.e. can serve requests. */
    public boolean isReady() {
        return ccu != null;
    }

    /**
     * Creates the CCU seed (first replica only), seals it locally, and returns the certification request for the
     * service key it derives; install the CA's answer with {@link #installServiceCertificate}.
     */
    public synchronized PKCS10CertificationRequest genesis(String subject, ParticipantAttributes attributes) {
        if (seed != null) {
            throw new DecisionsException("CCU replica " + setup.name() + ": already holds a seed");
        }
        byte[] s = new byte[32];
        setup.random().nextBytes(s);
        persist(SEALED_SEED, enclave.seal(s, SEALED_AAD.getBytes(StandardCharsets.US_ASCII)));
        seed = s;
        audit.info("CCU replica {} created a new CCU seed", setup.name());
        return Enrollment.request(ServiceKeys.signing(s), subject, attributes);
    }

    /** Installs the CA-issued certificate of the service key; refused unless it is valid and carries that key. */
    public synchronized void installServiceCertificate(X509Certificate certificate) {
        if (seed == null) {
            throw new DecisionsException("CCU replica " + setup.name() + ": no seed yet (genesis or join first)");
        }
        ready(certificate);
        persist(SERVICE_CERTIFICATE, encoded(certificate));
    }

    private void ready(X509Certificate service) {
        KeyPair keys = ServiceKeys.signing(seed);
        if (!Arrays.equals(service.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
            throw new DecisionsException("CCU replica " + setup.name() + ": the service certificate "
                    + service.getSubjectX500Principal().getName() + " does not carry the key the CCU seed derives");
        }
        try {
            setup.validator().validate(service, setup.clock());
        } catch (TrustException e) {
            throw new DecisionsException("CCU replica " + setup.name() + ": the service certificate is not valid: "
                    + e.getMessage(), e);
        }
        ccu = new Ccu(setup.spec(), setup.validator(), service, keys.getPrivate(), seed, setup.store(), setup.notary(),
                setup.index(), setup.clock(), setup.replayWindow(), setup.replays(), setup.recordCacheBytes());
    }

    /** The CCU this replica runs; every replica's has the same keys. */
    public Ccu ccu() {
        Ccu c = ccu;
        if (c == null) {
            throw new DecisionsException("CCU replica " + setup.name() + ": not ready (no seed or no service certificate)");
        }
        return c;
    }

    /** A worker serving {@code queue} with this replica's CCU, under the replica's name. */
    public CcuWorker worker(RequestQueue<CcuCall, CcuReply> queue) {
        return new CcuWorker(setup.name(), ccu(), queue);
    }

    /** A worker that also takes over requests leased longer than {@code leaseTimeout} (dead replicas'). */
    public CcuWorker worker(RequestQueue<CcuCall, CcuReply> queue, Duration leaseTimeout) {
        return new CcuWorker(setup.name(), ccu(), queue, leaseTimeout);
    }

    private PeerPolicy policy() {
        return new PeerPolicy(setup.validator(), setup.verifier(), setup.manifest().accepted(), setup.clock());
    }

    /**
     * Serves the seed to joining replicas on a loopback port (mutual attested TLS); returns the port. Peers that
     * fail a check get nothing and are listed in {@link #refusedPeers()}.
     */
    public synchronized int serveSeedExchange() {
        ccu();
        if (seedServer == null) {
            seedServer = enclave.serve(setup.participant(), setup.participantKey(), Optional.of(policy()),
                    this::handOver, e -> {
                        audit.warn("CCU replica {} refused a seed exchange peer: {}", setup.name(), e.getMessage());
                        refusedPeers.add(e);
                    });
        }
        return seedServer.port();
    }

    /** Why peers were refused the seed, oldest first. */
    public List<TrustException> refusedPeers() {
        return List.copyOf(refusedPeers);
    }

    private void handOver(AttestedConnection c) throws IOException {
        AttestedPeer peer = c.peer().orElseThrow(() -> new IllegalStateException("mutual TLS without a client peer"));
        if (!"CCU".equals(peer.attributes().role())) {
            TrustException e = new TrustException("seed exchange: peer " + peer.attributes().identificationNumber()
                    + " has role " + peer.attributes().role() + ", not CCU");
            audit.warn("CCU replica {} refused a seed exchange peer: {}", setup.name(), e.getMessage());
            refusedPeers.add(e);
            return;
        }
        Hpke.Sealed sealed = sealSeedFor(peer.hpkePublicKey(), sha256(encoded(peer.certificate())));
        DataOutputStream out = new DataOutputStream(c.socket().getOutputStream());
        out.write(frames(sealed.encapsulatedKey(), sealed.ciphertext()));
        out.flush();
        audit.info("CCU replica {} handed the seed to {} (measurement {})", setup.name(),
                peer.attributes().identificationNumber(), peer.result().claims().measurementHex());
    }

    /** The seed and service certificate, HPKE-sealed to an attested peer enclave's key, bound to its handshake. */
    Hpke.Sealed sealSeedFor(byte[] peerHpkeKey, byte[] handshakeBinding) {
        return Hpke.DEFAULT.seal(peerHpkeKey, SEED_INFO.getBytes(StandardCharsets.US_ASCII), handshakeBinding,
                frames(seed, encoded(ccu().certificate())));
    }

    /** The per-launch HPKE key this replica's evidence binds (what a seed holder seals to). */
    byte[] enclaveHpkeKey() {
        return enclave.hpkePublicKey();
    }

    /**
     * Gets the seed from the replica at {@code host:port}, after attesting it against this replica's manifest (and
     * being attested by it), seals it locally and becomes ready.
     *
     * @throws DecisionsException naming the peer and the failed step (its attestation, its refusal of this replica,
     *                            a seed that does not open, a service certificate that does not match)
     */
    public synchronized void join(String host, int port) {
        if (seed != null) {
            throw new DecisionsException("CCU replica " + setup.name() + ": already holds a seed");
        }
        String where = "CCU replica " + setup.name() + ": seed exchange with " + host + ":" + port;
        byte[] enc;
        byte[] ct;
        byte[] aad;
        try (AttestedConnection c = AttestedTls.connect(host, port, policy(),
                Optional.of(enclave.attestedIdentity(setup.participant(), setup.participantKey())))) {
            AttestedPeer holder = c.peer().orElseThrow();
            if (!"CCU".equals(holder.attributes().role())) {
                throw new DecisionsException(where + ": the peer has role " + holder.attributes().role() + ", not CCU");
            }
            aad = sha256(c.socket().getSession().getLocalCertificates()[0].getEncoded());
            DataInputStream in = new DataInputStream(c.socket().getInputStream());
            enc = frame(in);
            ct = frame(in);
        } catch (TrustException e) {
            if (e.getCause() instanceof java.net.SocketException && !(e.getCause() instanceof java.net.ConnectException)) {
                // the holder refused this replica and closed the connection while this side was still finishing
                // its handshake: depending on timing that is a broken pipe or a reset rather than an alert
                throw new DecisionsException(where + ": the peer sent no seed (it refused this replica)", e);
            }
            throw new DecisionsException(where + ": " + e.getMessage(), e);
        } catch (EOFException | javax.net.ssl.SSLException e) {
            throw new DecisionsException(where + ": the peer sent no seed (it refused this replica)", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new DecisionsException(where + ": " + e, e);
        }
        acceptSeed(new Hpke.Sealed(enc, ct), aad, where);
        audit.info("CCU replica {} received the seed from {}:{}", setup.name(), host, port);
    }

    /** Opens a sealed seed message, checks the service certificate against the seed, seals the seed locally. */
    synchronized void acceptSeed(Hpke.Sealed sealed, byte[] aad, String where) {
        if (seed != null) {
            throw new DecisionsException("CCU replica " + setup.name() + ": already holds a seed");
        }
        byte[] payload;
        try {
            payload = enclave.open(sealed, SEED_INFO.getBytes(StandardCharsets.US_ASCII), aad);
        } catch (TrustException e) {
            throw new DecisionsException(where + ": the sealed seed does not open with this enclave's key: "
                    + e.getMessage(), e);
        }
        byte[] s;
        X509Certificate service;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            s = frame(in);
            service = certificate(frame(in), "the peer's service certificate");
        } catch (IOException e) {
            throw new DecisionsException(where + ": the seed message is malformed: " + e, e);
        }
        seed = s;
        try {
            ready(service);
        } catch (DecisionsException e) {
            seed = null;
            throw e;
        }
        persist(SEALED_SEED, enclave.seal(s, SEALED_AAD.getBytes(StandardCharsets.US_ASCII)));
        persist(SERVICE_CERTIFICATE, encoded(service));
    }

    private void persist(String name, byte[] bytes) {
        Path target = setup.stateDir().resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(setup.stateDir());
            tmp = Files.createTempFile(setup.stateDir(), name, ".tmp");
            Files.write(tmp, bytes);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DecisionsException("CCU replica " + setup.name() + ": cannot write " + target + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    log.debug("cannot remove {}: {}", tmp, e.toString());
                }
            }
        }
    }

    private static byte[] frames(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (byte[] p : parts) {
                out.writeInt(p.length);
                out.write(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] frame(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) {
            throw new IOException("frame of " + n + " bytes (expected 0 to 65536)");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("frame cut short: " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private static X509Certificate certificate(byte[] der, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new DecisionsException(what + " is not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void stopServing() {
        if (seedServer != null) {
            seedServer.close();
            seedServer = null;
        }
    }

    /** Stops the seed server and the enclave; the CCU must not be used afterwards. */
    @Override
    public void close() {
        ccu = null;
        enclave.close();
    }

    @Override
    public String toString() {
        return "CcuReplica[" + setup.name() + " on " + enclave.platform().name()
                + ("sim".equals(enclave.platform().name()) ? " (simulated, no hardware protection)" : "")
                + ", measurement " + enclave.measurementHex() + "]";
    }
}
