package io.coalition.trustedmining.transport;

import io.coalition.mining.declare.DeclareModel;
import io.coalition.trust.enclave.Enclave;
import io.coalition.trust.enclave.Platform;
import io.coalition.trust.tls.AttestedIdentity;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.RetryPolicy;
import io.coalition.trustedmining.TrustedMiner;

import java.security.KeyPair;
import java.security.PrivateKey;
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

/**
 * A Trusted Miner in a simulated enclave ({@code sim} backend: evidence signed by the given software platform key,
 * not hardware) that mines the providers of a {@code providers.json} over the network. Each provider's pinned
 * certificate authenticates both its TLS endpoint and its release signatures; the requester is the
 * organization of {@code clientCertificate}. What {@code coalition miner run} calls.
 */
public final class NetworkMiner {
    /**
     * Validity of the channel certificates the miner presents (re-issued for new connections after half of it);
     * {@link RemoteProvider} replaces its kept-alive connections before the certificate they presented expires, so
     * a run may last longer than this.
     */
    static final Duration CHANNEL_CERTIFICATE_VALIDITY = Duration.ofHours(1);

    private NetworkMiner() {
    }

    public static MiningResult run(List<ProvidersFile.Entry> providers, X509Certificate clientCertificate, PrivateKey clientKey,
                                   KeyPair simPlatformKey, Set<Analysis> analyses, Optional<DeclareModel> declareModel,
                                   Duration timeout, RetryPolicy retry) {
        Map<String, PublicKey> pinned = new LinkedHashMap<>();
        for (ProvidersFile.Entry e : providers) pinned.put(e.organization(), e.certificate().getPublicKey());
        TrustedMiner miner = new TrustedMiner(pinned, Map.of(), retry);
        SecureRandom random = new SecureRandom();
        byte[] platformSecret = new byte[32];
        random.nextBytes(platformSecret);
        List<RemoteProvider> remotes = new ArrayList<>();
        try (Enclave enclave = Enclave.launch(Platform.simulated(simPlatformKey, platformSecret, new byte[32], 1, 1, false),
                TrustedMiner.artifact(), miner, Clock.systemUTC(), random)) {
            // the enclave's TLS key, certified by the requester's participant key: the key its evidence binds
            AttestedIdentity identity = enclave.attestedIdentity(clientCertificate, clientKey, CHANNEL_CERTIFICATE_VALIDITY);
            for (ProvidersFile.Entry e : providers) {
                remotes.add(RemoteProvider.connect(e.organization(), e.url(), e.certificate(), identity, timeout));
            }
            String requester = remotes.get(0).requester();
            return miner.run(List.<ProviderEndpoint>copyOf(remotes), analyses, requester, declareModel);
        } finally {
            for (RemoteProvider r : remotes) r.close();
        }
    }
}
