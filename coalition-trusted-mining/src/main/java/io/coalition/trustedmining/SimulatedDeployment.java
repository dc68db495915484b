package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.enclave.Enclave;
import io.coalition.trust.enclave.Platform;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trustedmining.ems.EventSource;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole protocol in one process on the {@code sim} TEE backend (evidence signed by a software platform key,
 * explicitly not hardware): one {@link LogProvider} per organization, each with its own signing key, verifier and
 * {@link LogNotary} file in {@code notaryDir}, and a {@link TrustedMiner} launched in an {@link Enclave} whose
 * measurement the providers accept (SHA-256 of {@link TrustedMiner#artifact()}). What {@code coalition
 * trusted-mining run} and {@code coalition demo} use; tests build variants of it.
 */
public final class SimulatedDeployment implements AutoCloseable {
    private final List<LogProvider> providers = new ArrayList<>();
    private final List<LogProvider.Builder> builders = new ArrayList<>();
    private final List<LogNotary> notaries = new ArrayList<>();
    private final List<KeyPair> signingKeys = new ArrayList<>();
    private final Enclave enclave;
    private final TrustedMiner miner;
    /** What launching another miner enclave on the same platform needs (test seam {@link #runWithSkew}). */
    private Map<String, PublicKey> pins;
    private java.util.function.Function<TrustedMiner, Enclave> launcher;

    private SimulatedDeployment(Map<String, EventLog> logs, UsagePolicy policy, int segmentBytes, Path notaryDir,
                                byte[] minerArtifact, Clock clock, RetryPolicy retry, TrustedMiner.Sleeper sleeper) {
        this(sources(logs), List.of(policy), segmentBytes, 1024 * 1024, notaryDir, minerArtifact, clock, retry, sleeper);
    }

    private static Map<String, EventSource> sources(Map<String, EventLog> logs) {
        Map<String, EventSource> m = new LinkedHashMap<>();
        logs.forEach((org, log) -> m.put(org, EventSource.of(log)));
        return m;
    }

    private SimulatedDeployment(Map<String, EventSource> logs, List<UsagePolicy> grants, int segmentBytes, int batchBytes, Path notaryDir,
                                byte[] minerArtifact, Clock clock, RetryPolicy retry, TrustedMiner.Sleeper sleeper) {
        SecureRandom random = new SecureRandom();
        KeyPair platformKey = ecKeyPair(random);
        byte[] platformSecret = new byte[32];
        random.nextBytes(platformSecret);
        byte[] reference = sha256(TrustedMiner.artifact());
        Map<String, PublicKey> pinned = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, EventSource> e : logs.entrySet()) {
                KeyPair signing = ecKeyPair(random);
                pinned.put(e.getKey(), signing.getPublic());
                signingKeys.add(signing);
                LogNotary notary = LogNotary.open(notaryDir.resolve(e.getKey() + ".notary"), "coalition/" + e.getKey(), clock);
                notaries.add(notary);
                Verifier verifier = Verifier.builder().add(new SimulatedEvidenceVerifier(List.of(platformKey.getPublic())))
                        .clock(clock).random(random).build();
                LogProvider.Builder builder = LogProvider.builder().organization(e.getKey()).source(e.getValue()).policies(grants)
                        .signingKey(signing).attestation(verifier, ReferenceValues.of(reference).withSimulationAllowed(true))
                        .notary(notary).clock(clock).segmentBytes(segmentBytes).batchBytes(batchBytes);
                builders.add(builder);
                providers.add(builder.build());
            }
            miner = sleeper == null ? new TrustedMiner(pinned, Map.of(), retry) : new TrustedMiner(pinned, Map.of(), retry, sleeper);
            miner.batchBytes(batchBytes);
            byte[] signer = new byte[32];
            enclave = Enclave.launch(Platform.simulated(platformKey, platformSecret, signer, 1, 1, false), minerArtifact,
                    miner, clock, random);
            Map<String, PublicKey> pins = Map.copyOf(pinned);
            launcher = m -> Enclave.launch(Platform.simulated(platformKey, platformSecret, signer, 1, 1, false), minerArtifact,
                    m, clock, random);
            this.pins = pins;
        } catch (RuntimeException ex) {
            closeNotaries();
            throw ex;
        }
    }

    /** Providers for {@code logs} (in merge order), all with {@code policy}, and the genuine Trusted Miner. */
    /** As {@link #start(Map, UsagePolicy, int, Path)}, each provider with a usage policy of several grants. */
    public static SimulatedDeployment start(Map<String, EventLog> logs, List<UsagePolicy> grants, int segmentBytes, Path notaryDir) {
        return new SimulatedDeployment(sources(logs), grants, segmentBytes, 1024 * 1024, notaryDir, TrustedMiner.artifact(),
                Clock.systemUTC(), RetryPolicy.DEFAULT, null);
    }

    public static SimulatedDeployment start(Map<String, EventLog> logs, UsagePolicy policy, int segmentBytes, Path notaryDir) {
        return new SimulatedDeployment(logs, policy, segmentBytes, notaryDir, TrustedMiner.artifact(), Clock.systemUTC(),
                RetryPolicy.DEFAULT, null);
    }

    /**
     * Like {@link #start}, with the bytes of segments released (provider) and asked for (miner) per batch: fewer
     * notarizations with larger batches, fewer events held at once with smaller ones (default 1 MiB).
     */
    public static SimulatedDeployment start(Map<String, EventLog> logs, UsagePolicy policy, int segmentBytes, int batchBytes,
                                            Path notaryDir) {
        return new SimulatedDeployment(sources(logs), List.of(policy), segmentBytes, batchBytes, notaryDir, TrustedMiner.artifact(),
                Clock.systemUTC(), RetryPolicy.DEFAULT, null);
    }

    /**
     * Providers reading their cases from {@code sources} (the EMS interface, e.g. a {@code JdbcEventSource}; in
     * merge order), all with {@code policy}, and the genuine Trusted Miner. The caller closes the sources.
     */
    public static SimulatedDeployment startWithSources(Map<String, EventSource> sources, UsagePolicy policy, int segmentBytes,
                                                       Path notaryDir) {
        return startWithSources(sources, List.of(policy), segmentBytes, notaryDir);
    }

    /** As {@link #startWithSources(Map, UsagePolicy, int, Path)}, each provider with a usage policy of several grants. */
    public static SimulatedDeployment startWithSources(Map<String, EventSource> sources, List<UsagePolicy> grants, int segmentBytes,
                                                       Path notaryDir) {
        return new SimulatedDeployment(sources, grants, segmentBytes, 1024 * 1024, notaryDir, TrustedMiner.artifact(),
                Clock.systemUTC(), RetryPolicy.DEFAULT, null);
    }

    /** Like {@link #start}, with the miner's retry policy and a test seam for its waits. */
    static SimulatedDeployment start(Map<String, EventLog> logs, UsagePolicy policy, int segmentBytes, Path notaryDir,
                                     RetryPolicy retry, TrustedMiner.Sleeper sleeper) {
        return new SimulatedDeployment(logs, policy, segmentBytes, notaryDir, TrustedMiner.artifact(), Clock.systemUTC(),
                retry, sleeper);
    }

    /**
     * Restarts provider {@code i}: a new instance with the same log, key, verifier and notary, without the old
     * one's sessions (as after a process restart). Optionally with another log.
     */
    LogProvider restart(int i, EventLog otherLog) {
        LogProvider.Builder b = builders.get(i);
        if (otherLog != null) b.log(otherLog);
        LogProvider p = b.build();
        providers.set(i, p);
        return p;
    }

    /**
     * Replaces provider {@code i} by one that serves its cases in the order {@code rewrite} makes of the canonical
     * one (source ordinals), with the honest index summary: tests of a provider that reorders, skips or repeats.
     */
    LogProvider misorder(int i, java.util.function.UnaryOperator<int[]> rewrite) {
        LogProvider p = builders.get(i).servedOrder(rewrite).build();
        builders.get(i).servedOrder(null);
        providers.set(i, p);
        return p;
    }

    /** Like {@link #start}, on {@code clock} (providers, notaries, verifiers and the enclave): tests of time. */
    static SimulatedDeployment start(Map<String, EventLog> logs, UsagePolicy policy, int segmentBytes, Path notaryDir, Clock clock) {
        return new SimulatedDeployment(logs, policy, segmentBytes, notaryDir, TrustedMiner.artifact(), clock,
                RetryPolicy.DEFAULT, null);
    }

    /** Like {@link #start}, but the miner's enclave is built from another artifact (so it has another measurement). */
    static SimulatedDeployment withMinerArtifact(Map<String, EventLog> logs, UsagePolicy policy, int segmentBytes,
                                                 Path notaryDir, byte[] artifact) {
        return new SimulatedDeployment(logs, policy, segmentBytes, notaryDir, artifact, Clock.systemUTC(),
                RetryPolicy.DEFAULT, null);
    }

    /** Runs the protocol with every provider, in order. */
    public MiningResult run(Set<Analysis> analyses, String requester) {
        return miner.run(List.copyOf(providers), analyses, requester);
    }

    /** Runs the protocol with every provider, with the model {@link Analysis#DECLARE_CONFORMANCE} checks against. */
    public MiningResult run(Set<Analysis> analyses, String requester, java.util.Optional<io.coalition.mining.declare.DeclareModel> declareModel) {
        return miner.run(List.copyOf(providers), analyses, requester, declareModel);
    }

    public List<LogProvider> providers() {
        return List.copyOf(providers);
    }

    public TrustedMiner miner() {
        return miner;
    }

    public Enclave enclave() {
        return enclave;
    }

    /** Runs the protocol with a second miner enclave on the same platform whose miner corrects these clock skews. */
    MiningResult runWithSkew(Map<String, java.time.Duration> skew, Set<Analysis> analyses, String requester) {
        TrustedMiner skewed = new TrustedMiner(pins, skew);
        try (Enclave e = launcher.apply(skewed)) {
            return skewed.run(List.copyOf(providers), analyses, requester);
        }
    }

    /** Provider {@code i}'s signing key: for tests of what a provider (or a thief of its key) could send. */
    KeyPair signingKey(int i) {
        return signingKeys.get(i);
    }

    /** The notary of provider {@code i} (same order as the logs). */
    public LogNotary notary(int i) {
        return notaries.get(i);
    }

    @Override
    public void close() {
        try {
            if (enclave != null) enclave.close();
        } finally {
            closeNotaries();
        }
    }

    private void closeNotaries() {
        for (LogNotary n : notaries) n.close();
        notaries.clear();
    }

    static KeyPair ecKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
