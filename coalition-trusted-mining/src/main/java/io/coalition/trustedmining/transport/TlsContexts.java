package io.coalition.trustedmining.transport;

import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.tls.ChannelChain;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * TLS 1.3 contexts of the provider transport. The provider presents its CA-issued participant certificate (ECDSA
 * P-256); the miner presents its enclave's TLS key in a channel certificate signed by the requester's participant
 * certificate. The provider accepts a client only if that chain validates (participant under its CA: issuer,
 * signature, validity, CRL, attributes; channel certificate signed by the participant) and names an organization,
 * which becomes the requester. The miner accepts a provider
 * only if it presents exactly the certificate pinned for it (byte for byte, currently valid): no host name check
 * is needed or done, the pin is stronger.
 */
final class TlsContexts {
    private static final String ALIAS = "participant";

    private TlsContexts() {
    }

    /**
     * The provider's context. TLS only requires a client certificate and proof of its key (CertificateVerify); the
     * certificate itself is validated per request by the server, so a refused client gets an HTTP answer naming
     * the reason instead of a dropped connection (TLS 1.3 checks the client after the client's handshake ended).
     */
    static SSLContext server(X509Certificate certificate, PrivateKey key) {
        return context(new SingleKey(certificate, key), new Checking(chain -> { }, false));
    }

    /**
     * Validates a client's chain: {@code [channel certificate, participant certificate]} ({@link ChannelChain}: the
     * participant CA, its CRL, the channel certificate signed by the participant) and an organization (the
     * requester). A participant certificate alone carries no attested key and is refused.
     */
    static ChannelChain.Verified validateClient(X509Certificate[] chain, CertificateValidator clients, Clock clock,
                                                io.coalition.trust.pki.VerifiedSignatures signatures) {
        ChannelChain.Verified v;
        try {
            v = ChannelChain.verify(chain, clients, clock, signatures);
        } catch (AttestationException e) {
            // the check's name adds nothing here: every refusal of a client chain is a chain refusal
            String prefix = e.check().name() + ": ";
            String m = e.getMessage();
            throw new TrustException(m.startsWith(prefix) ? m.substring(prefix.length()) : m, e);
        }
        X509Certificate p = v.participant();
        if (v.attributes().organization() == null) {
            throw new TrustException("certificate " + p.getSerialNumber() + " (" + p.getSubjectX500Principal().getName()
                    + ") names no organization (the requester)");
        }
        return v;
    }

    /** SHA-256 of a public key's SubjectPublicKeyInfo, hex: how the provider names a client's attested TLS key. */
    static String keyId(java.security.PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client presenting one certificate (a participant's, without an attested TLS key: providers refuse it). */
    static SSLContext client(X509Certificate pinnedServer, X509Certificate certificate, PrivateKey key, Clock clock,
                             Consumer<String> onRejected) {
        return client(pinnedServer, new SingleKey(certificate, key), clock, onRejected);
    }

    /** A client presenting what {@code clientKeys} chooses (the miner: its enclave's channel certificate chain). */
    static SSLContext client(X509Certificate pinnedServer, KeyManager clientKeys, Clock clock, Consumer<String> onRejected) {
        byte[] pinned = der(pinnedServer);
        return context(clientKeys, new Checking(chain -> {
            String message = null;
            if (!MessageDigest.isEqual(der(chain[0]), pinned)) {
                message = "presented certificate sha256:" + fingerprint(chain[0]) + " (" + chain[0].getSubjectX500Principal().getName()
                        + "), not the pinned sha256:" + fingerprint(pinnedServer);
            } else {
                try {
                    chain[0].checkValidity(Date.from(clock.instant()));
                } catch (CertificateException e) {
                    message = "the pinned certificate is not valid now (" + chain[0].getNotBefore().toInstant() + " to "
                            + chain[0].getNotAfter().toInstant() + ")";
                }
            }
            if (message != null) {
                onRejected.accept(message);
                throw new TrustException(message);
            }
        }, true));
    }

    /** SHA-256 of the certificate's DER encoding, hex: the pin format of providers.json. */
    static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(c)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new TrustException("cannot encode certificate " + c.getSubjectX500Principal().getName(), e);
        }
    }

    private static SSLContext context(KeyManager km, TrustManager tm) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(new KeyManager[] {km}, new TrustManager[] {tm}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TrustException("TLS: cannot create the context: " + e.getMessage(), e);
        }
    }

    static KeyManager singleKey(X509Certificate certificate, PrivateKey key) {
        return new SingleKey(certificate, key);
    }

    /** One certificate and its key, offered for any request. */
    private static final class SingleKey extends X509ExtendedKeyManager {
        private final X509Certificate certificate;
        private final PrivateKey key;

        SingleKey(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "EC".equals(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return "EC".equals(keyType) ? ALIAS : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    /**
     * Checks the peer's chain with {@code check} (a {@link TrustException} refuses it). Being an
     * X509ExtendedTrustManager, JSSE uses it as is: no default host name or PKIX checks are added.
     */
    private static final class Checking extends X509ExtendedTrustManager {
        interface Check {
            void check(X509Certificate[] chain);
        }

        private final Check check;
        private final boolean checksServer;

        Checking(Check check, boolean checksServer) {
            this.check = check;
            this.checksServer = checksServer;
        }

        private void run(X509Certificate[] chain, boolean server) throws CertificateException {
            if (server != checksServer) {
                throw new CertificateException("this trust manager checks " + (checksServer ? "servers" : "clients") + " only");
            }
            if (chain == null || chain.length == 0) throw new CertificateException("no certificate presented");
            try {
                check.check(chain);
            } catch (TrustException e) {
                throw new CertificateException(e.getMessage(), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            run(chain, false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            run(chain, true);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            run(chain, false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            run(chain, true);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            run(chain, false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            run(chain, true);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
