package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Attested TLS 1.3 over JSSE (seed 004, section 4.2.1, "A note on the remote attestation").
 *
 * <p>Protocol: the client takes a fresh nonce from its {@link io.coalition.trust.attestation.Verifier} and sends
 * it in the ClientHello's SNI ({@code <hex>.<hex>.nonce.coalition}); the server answers with a TLS certificate
 * made for that nonce (see {@link AttestedIdentity}), whose {@link AttestationExtension} carries evidence binding
 * the nonce, the certificate's key and the server's HPKE key. The client's trust manager checks, in this order,
 * failing closed with an {@link AttestationException} that names the step:
 * <ol>
 *   <li>{@code CERTIFICATE_CHAIN}: the participant certificate with the PKI's
 *       {@link io.coalition.trust.pki.CertificateValidator} (CA signature, validity, CRL, attributes), then the TLS
 *       certificate: issued and signed by that participant, currently valid, not a CA, no unknown critical extension;</li>
 *   <li>{@code EVIDENCE}: the extension is present and well-formed and the evidence verifies for its platform
 *       (simulated evidence only if allowed);</li>
 *   <li>{@code FRESHNESS}: the evidence's nonce is this connection's, issued by the verifier and unused;</li>
 *   <li>{@code KEY_BINDING}: the report data is SHA-512 of that nonce, SHA-256 of the TLS certificate's
 *       SubjectPublicKeyInfo and the HPKE key;</li>
 *   <li>{@code REFERENCE_VALUES}: measurement, signer, product, security version, debug.</li>
 * </ol>
 * TLS itself then proves that the server holds the private key of the attested certificate (CertificateVerify).
 *
 * <p>Mutual variant (enclave to enclave): the client also presents an {@link AttestedIdentity}; its certificate
 * answers the same SNI nonce, which the server's verifier {@link io.coalition.trust.attestation.Verifier#register
 * registers} as used, so a replayed client certificate fails freshness. That nonce is chosen by the client, so the
 * server's freshness guarantee is "never seen before within the nonce lifetime", weaker than a server-issued nonce;
 * the key binding plus CertificateVerify still prove the evidence belongs to the live peer.
 */
public final class AttestedTls {
    private static final Logger log = LoggerFactory.getLogger(AttestedTls.class);

    /** How long connecting and the handshake may take before the connection is given up. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    private AttestedTls() {
    }

    /**
     * Connects to an attested server and verifies it; in the mutual variant presents {@code self}.
     *
     * @throws AttestationException naming the failed check when the server is not trusted
     * @throws TrustException       when the connection or handshake fails for another reason
     */
    public static AttestedConnection connect(String host, int port, PeerPolicy policy, Optional<AttestedIdentity> self) {
        byte[] nonce = policy.verifier().nonce();
        AtomicReference<AttestedPeer> peer = new AtomicReference<>();
        AtomicReference<AttestationException> failure = new AtomicReference<>();
        TrustManager tm = new PeerTrustManager(policy, true, (chain, socket) -> {
            try {
                peer.set(PeerChecks.check(chain, policy, nonce));
            } catch (AttestationException e) {
                failure.set(e);
                throw e;
            }
        });
        KeyManager[] km = self.map(id -> new KeyManager[] {new NonceKeyManager(n -> NonceKeyManager.of(id, n), nonce)})
                .orElse(null);
        SSLSocket socket = null;
        Socket plain = null;
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(km, new TrustManager[] {tm}, new SecureRandom());
            plain = new Socket();
            plain.connect(new java.net.InetSocketAddress(host, port), HANDSHAKE_TIMEOUT_MILLIS);
            // a peer that stalls the handshake must not hang the caller
            plain.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            socket = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(NonceKeyManager.sni(nonce))));
            params.setProtocols(new String[] {"TLSv1.3"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            socket.setSoTimeout(0);
            if (peer.get() == null) throw new IllegalStateException("attested TLS: handshake completed without the peer check");
            return new AttestedConnection(socket, Optional.of(peer.get()));
        } catch (IOException | GeneralSecurityException e) {
            closeQuietly(socket != null ? socket : plain);
            if (failure.get() != null) throw failure.get();
            throw new TrustException("attested TLS: handshake with " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    /** A server-side SSLContext for {@code self}; with {@code clients}, clients must be attested too (mutual). */
    static SSLContext serverContext(java.util.function.Function<byte[], NonceKeyManager.Served> source,
                                    Optional<PeerTrustManager> clients) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(new KeyManager[] {new NonceKeyManager(source)},
                    clients.map(c -> new TrustManager[] {c}).orElse(null), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TrustException("attested TLS: cannot create the server context: " + e.getMessage(), e);
        }
    }

    static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", s, e.toString());
        }
    }

    /** A trust manager for one direction; the other direction is refused. */
    static final class PeerTrustManager extends X509ExtendedTrustManager {
        interface PeerCheck {
            void check(X509Certificate[] chain, Socket socket);
        }

        private final boolean server;
        private final PeerCheck check;

        PeerTrustManager(PeerPolicy policy, boolean checksServer, PeerCheck check) {
            this.server = checksServer;
            this.check = check;
        }

        private void run(X509Certificate[] chain, Socket socket, boolean serverChain) throws CertificateException {
            if (serverChain != server) {
                throw new CertificateException("attested TLS: this trust manager checks " + (server ? "servers" : "clients") + " only");
            }
            try {
                check.check(chain, socket);
            } catch (TrustException e) {
                throw new CertificateException(e.getMessage(), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            run(chain, socket, false);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            run(chain, socket, true);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("attested TLS: SSLEngine is not supported; use sockets");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("attested TLS: SSLEngine is not supported; use sockets");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("attested TLS: needs the socket to read the handshake's nonce");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("attested TLS: needs the socket to read the handshake's nonce");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
