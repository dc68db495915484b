package io.coalition.trustedmining.transport;

import io.coalition.eventlog.EventLog;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.enclave.Enclave;
import io.coalition.trust.enclave.Platform;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.tls.AttestedIdentity;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.LogProvider;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.RetryPolicy;
import io.coalition.trustedmining.TrustedMiner;
import io.coalition.trustedmining.UsagePolicy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The whole protocol over the network on one machine: one {@link ProviderServer} per organization on a loopback
 * port, each with a certificate from a fresh in-memory participant CA, a {@link LogProvider} (own notary file in
 * {@code notaryDir}) and a verifier that accepts the genuine Trusted Miner on the {@code sim} TEE backend (software
 * platform key, explicitly not hardware); the {@link TrustedMiner} in an {@link Enclave} reaches them through
 * {@link RemoteProvider}s, presenting the enclave's TLS key certified by the requester's certificate. What {@code coalition demo} runs.
 */
public final class LoopbackDeployment implements AutoCloseable {
    private final Builder config;
    private final CertificateAuthority ca;
    private final CertificateValidator clientValidator;
    private final List<Node> nodes = new ArrayList<>();
    private final List<LogNotary> notaries = new ArrayList<>();
    private final List<RemoteProvider> remotes = new ArrayList<>();
    private final X509Certificate requesterCertificate;
    private final KeyPair requesterKeys;
    private final List<String> rejections = java.util.Collections.synchronizedList(new ArrayList<>());
    private Enclave enclave;
    private TrustedMiner miner;
    private AttestedIdentity identity;
    /** The CRL the providers check, the same instance until {@link #publishCrl()}. */
    private final java.util.concurrent.atomic.AtomicReference<java.security.cert.X509CRL> crl =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** One provider: how to rebuild it, its identity and the server in front of it. */
    private static final class Node {
        final String organization;
        final LogProvider.Builder builder;
        final KeyPair keys;
        final X509Certificate certificate;
        ProviderServer server;
        URI url;

        Node(String organization, LogProvider.Builder builder, KeyPair keys, X509Certificate certificate) {
            this.organization = organization;
            this.builder = builder;
            this.keys = keys;
            this.certificate = certificate;
        }
    }

    private LoopbackDeployment(Builder b) {
        this.config = b;
        SecureRandom random = new SecureRandom();
        Clock clock = b.clock;
        ca = CertificateAuthority.create("Coalition loopback CA", clock);
        // One CRL for the run: CertificateValidator.of(ca) signs a fresh CRL per validation, after taking "now", so
        // its thisUpdate (whole seconds) can lie just after that now and be refused as issued in the future.
        crl.set(ca.crl());
        clientValidator = new CertificateValidator(ca.certificate(), crl::get);
        KeyPair platformKey = Enrollment.newKeyPair();
        byte[] platformSecret = new byte[32];
        random.nextBytes(platformSecret);
        byte[] reference = sha256(TrustedMiner.artifact());
        Map<String, PublicKey> pinned = new LinkedHashMap<>();
        try {
            int i = 0;
            for (Map.Entry<String, EventLog> e : b.logs.entrySet()) {
                String org = e.getKey();
                KeyPair keys = Enrollment.newKeyPair();
                X509Certificate cert = issue(keys, org + " Log Provider", org, ParticipantType.LOG_PROVIDER, ++i);
                pinned.put(org, cert.getPublicKey());
                LogNotary notary = LogNotary.open(b.notaryDir.resolve(org + ".notary"), "coalition/" + org, clock);
                notaries.add(notary);
                Verifier verifier = Verifier.builder().add(new SimulatedEvidenceVerifier(List.of(platformKey.getPublic())))
                        .clock(clock).random(random).build();
                byte[] accepted = b.acceptedMeasurement == null ? reference : b.acceptedMeasurement;
                // The provider's release signing key is its TLS key: the miner pins one certificate for both.
                LogProvider.Builder builder = LogProvider.builder().organization(org).log(e.getValue()).policy(b.policy)
                        .signingKey(keys).attestation(verifier, ReferenceValues.of(accepted).withSimulationAllowed(true))
                        .notary(notary).clock(clock).segmentBytes(b.segmentBytes);
                if (b.sessionTimeout != null) builder.sessionTimeout(b.sessionTimeout);
                if (b.sessionLifetime != null) builder.sessionLifetime(b.sessionLifetime);
                nodes.add(new Node(org, builder, keys, cert));
            }
            requesterKeys = Enrollment.newKeyPair();
            requesterCertificate = b.requesterCertificate != null ? b.requesterCertificate
                    : issue(requesterKeys, b.requester + " Trusted Miner client", b.requester, ParticipantType.TRUSTED_MINER, 0);
            for (int n = 0; n < nodes.size(); n++) startServer(n, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            miner = b.sleeper == null ? new TrustedMiner(pinned, Map.of(), b.retry)
                    : new TrustedMiner(pinned, Map.of(), b.retry, b.sleeper);
            KeyPair minerPlatform = b.untrustedPlatform ? Enrollment.newKeyPair() : platformKey;
            enclave = Enclave.launch(Platform.simulated(minerPlatform, platformSecret, new byte[32], 1, 1, false),
                    b.minerArtifact == null ? TrustedMiner.artifact() : b.minerArtifact, miner, clock, random);
            java.security.PrivateKey participantKey = b.requesterKey != null ? b.requesterKey.getPrivate() : requesterKeys.getPrivate();
            identity = b.channel == null
                    ? enclave.attestedIdentity(requesterCertificate, participantKey, NetworkMiner.CHANNEL_CERTIFICATE_VALIDITY)
                    : b.channel.apply(requesterCertificate, participantKey);
            for (Node node : nodes) {
                URI url = b.urls.getOrDefault(node.organization, node.url);
                remotes.add(b.participantOnly
                        ? RemoteProvider.connect(node.organization, url, node.certificate, requesterCertificate, participantKey, b.timeout)
                        : RemoteProvider.connect(node.organization, url, node.certificate, identity, b.timeout, clock));
            }
        } catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    public static Builder builder(Map<String, EventLog> logs, UsagePolicy policy, Path notaryDir) {
        return new Builder(logs, policy, notaryDir);
    }

    private X509Certificate issue(KeyPair keys, String subject, String org, ParticipantType type, int n) {
        ParticipantAttributes a = new ParticipantAttributes("LOOPBACK-" + n, type == ParticipantType.LOG_PROVIDER ? "LogProvider"
                : "Requester", "IT", org, Set.of(type), true);
        return ca.issue(Enrollment.request(keys, subject, a), a, Duration.ofDays(1));
    }

    private void startServer(int i, InetSocketAddress address) {
        Node node = nodes.get(i);
        LogProvider provider = node.builder.build();
        ProviderEndpoint served = config.wrap.apply(i, provider);
        node.server = ProviderServer.builder().provider(served).identity(node.certificate, node.keys.getPrivate())
                .clients(clientValidator).clock(config.clock).address(address).onRejected(rejections::add)
                .rateLimit(config.rateLimit).start();
        node.url = node.server.uri();
    }

    /** Runs the protocol with every provider, in the order of the logs, for the requester of the certificate. */
    public MiningResult run(Set<Analysis> analyses) {
        return miner.run(List.copyOf(remotes), analyses, config.requester);
    }

    public MiningResult run(Set<Analysis> analyses, Optional<DeclareModel> declareModel) {
        return miner.run(List.copyOf(remotes), analyses, config.requester, declareModel);
    }

    /** The providers' URLs, in order. */
    public List<URI> urls() {
        return remotes.stream().map(RemoteProvider::url).toList();
    }

    /** The SHA-256 fingerprints of the providers' certificates (the pins), in order. */
    public List<String> pins() {
        return nodes.stream().map(n -> TlsContexts.fingerprint(n.certificate)).toList();
    }

    /** Client certificates the providers refused, with the reason. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    public X509Certificate requesterCertificate() {
        return requesterCertificate;
    }

    /** The participant CA (tests issue further certificates with it). */
    CertificateAuthority ca() {
        return ca;
    }

    X509Certificate providerCertificate(int i) {
        return nodes.get(i).certificate;
    }

    RemoteProvider remote(int i) {
        return remotes.get(i);
    }

    Enclave enclave() {
        return enclave;
    }

    /** The miner enclave's identity (its channel certificates). */
    AttestedIdentity identity() {
        return identity;
    }

    ProviderServer server(int i) {
        return nodes.get(i).server;
    }

    /** The CA publishes a new CRL (after a revocation); providers check it from their next request on. */
    void publishCrl() {
        crl.set(ca.crl());
    }

    LogNotary notary(int i) {
        return notaries.get(i);
    }

    /**
     * Kills provider {@code i}'s server and starts it again on the same port with a new provider instance (same
     * log, keys and notary; its sessions are gone), as after a process restart.
     */
    void restart(int i) {
        Node node = nodes.get(i);
        int port = node.server.port();
        node.server.close();
        startServer(i, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Stops provider {@code i}'s server. */
    void kill(int i) {
        nodes.get(i).server.close();
    }

    @Override
    public void close() {
        for (RemoteProvider r : remotes) r.close();
        for (Node n : nodes) if (n.server != null) n.server.close();
        if (enclave != null) enclave.close();
        for (LogNotary n : notaries) n.close();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final Map<String, EventLog> logs;
        private final UsagePolicy policy;
        private final Path notaryDir;
        private String requester;
        private int segmentBytes = 100 * 1024;
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private RateLimit rateLimit;
        private TrustedMiner.Sleeper sleeper;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration sessionTimeout;
        private Duration sessionLifetime;
        // test seams
        private BiFunction<Integer, LogProvider, ProviderEndpoint> wrap = (i, p) -> p;
        private byte[] minerArtifact;
        private byte[] acceptedMeasurement;
        private boolean untrustedPlatform;
        private X509Certificate requesterCertificate;
        private KeyPair requesterKey;
        private boolean participantOnly;
        private BiFunction<X509Certificate, java.security.PrivateKey, AttestedIdentity> channel;
        private final Map<String, URI> urls = new LinkedHashMap<>();

        private Builder(Map<String, EventLog> logs, UsagePolicy policy, Path notaryDir) {
            this.logs = new LinkedHashMap<>(logs);
            this.policy = policy;
            this.notaryDir = notaryDir;
            this.requester = policy.recipients().stream().sorted().findFirst().orElseThrow();
        }

        /** Who receives the result: the organization of the miner's client certificate (default: first recipient). */
        public Builder requester(String organization) {
            this.requester = organization;
            return this;
        }

        public Builder segmentBytes(int bytes) {
            this.segmentBytes = bytes;
            return this;
        }

        /** How the miner waits between retries (default: sleeping; tests move their clock instead). */
        public Builder sleeper(TrustedMiner.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Every provider's request rate limit per participant (default: none). */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = limit;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** How long the miner waits to connect and for each answer. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The providers' idle session timeout ({@link LogProvider.Builder#sessionTimeout}). */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = timeout;
            return this;
        }

        /** The providers' maximum session lifetime ({@link LogProvider.Builder#sessionLifetime}). */
        public Builder sessionLifetime(Duration lifetime) {
            this.sessionLifetime = lifetime;
            return this;
        }

        Builder wrap(BiFunction<Integer, LogProvider, ProviderEndpoint> wrap) {
            this.wrap = wrap;
            return this;
        }

        Builder minerArtifact(byte[] artifact) {
            this.minerArtifact = artifact.clone();
            return this;
        }

        Builder untrustedPlatform() {
            this.untrustedPlatform = true;
            return this;
        }

        Builder requesterIdentity(X509Certificate certificate, KeyPair keys) {
            this.requesterCertificate = certificate;
            this.requesterKey = keys;
            return this;
        }

        /** The miner presents the requester's participant certificate alone: no attested TLS key (refused). */
        Builder participantOnly() {
            this.participantOnly = true;
            return this;
        }

        /** The identity whose channel certificate the miner presents, from the participant certificate and key. */
        Builder channel(BiFunction<X509Certificate, java.security.PrivateKey, AttestedIdentity> channel) {
            this.channel = channel;
            return this;
        }

        Builder url(String organization, URI url) {
            urls.put(organization, url);
            return this;
        }

        public LoopbackDeployment start() {
            return new LoopbackDeployment(this);
        }
    }
}
