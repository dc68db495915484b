package io.coalition.streamaccess.endpoint;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantAttributes;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * TLS 1.3 with client certificates for the requesters' endpoints: the endpoint presents its own participant
 * certificate; a client must present a participant certificate of the coalition CA that is valid now and not
 * revoked ({@link CertificateValidator}: issuer, signature, validity, CRL, key, attributes), or the handshake fails;
 * and a requester's endpoints then answer only a certificate with the same subject and the same participant
 * attributes as the certificate the PDP granted that requester (403 otherwise). The certificate is validated again
 * on every request, so a revocation published while a connection is open takes effect at its next request.
 *
 * @param certificate the endpoint's participant certificate (ECDSA P-256, issued by the CA)
 * @param key         its private key
 * @param clients     validates client certificates against the CA and its current CRL
 * @param clock       "now" for validity checks
 * @param grants      requester name &rarr; the certificate the PDP decided on
 * @param onRejected  told why each refused certificate was refused (also logged to {@code coalition.audit})
 */
public record EndpointTls(X509Certificate certificate, PrivateKey key, CertificateValidator clients, Clock clock,
                          Map<String, X509Certificate> grants, Consumer<String> onRejected) {
    public EndpointTls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(clock, "clock");
        grants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grants));
        onRejected = onRejected == null ? m -> { } : onRejected;
    }

    private static final org.slf4j.Logger audit = org.slf4j.LoggerFactory.getLogger("coalition.audit");

    void reject(String why) {
        audit.warn("stream endpoint refused a client: {}", why);
        onRejected.accept(why);
    }

    /**
     * Null when {@code client} may read {@code requester}'s endpoints, else the reason it may not. Fails closed: an
     * unknown requester, an invalid certificate or one with another subject or other attributes is refused.
     */
    String refusal(String requester, X509Certificate client) {
        String who = client.getSubjectX500Principal().getName();
        ParticipantAttributes presented;
        try {
            presented = clients.validate(client, clock);
        } catch (TrustException e) {
            return e.getMessage();
        }
        X509Certificate granted = requester == null ? null : grants.get(requester);
        if (granted == null) return "certificate " + who + " is not granted this endpoint";
        if (!granted.getSubjectX500Principal().equals(client.getSubjectX500Principal())
                || !ParticipantAttributes.of(granted).equals(presented)) {
            return "certificate " + who + " (" + presented + ") is not the requester '" + requester + "' ("
                    + granted.getSubjectX500Principal().getName() + ")";
        }
        return null;
    }

    /** The server side: our key and certificate; client certificates checked by {@link #clients}. */
    SSLContext serverContext() {
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("endpoint", key, pw, new Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new ClientCheck()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new StreamAccessException("endpoint TLS: cannot use the endpoint certificate "
                    + certificate.getSubjectX500Principal().getName() + " and its key: " + e.getMessage(), e);
        }
    }

    /**
     * Validates the client's certificate during the handshake. Being an {@link X509ExtendedTrustManager}, JSSE uses
     * it as is (no PKIX or host name checks of its own are added): the coalition CA's rules are the only ones.
     */
    private final class ClientCheck extends X509ExtendedTrustManager {
        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                reject("no client certificate");
                throw new CertificateException("no client certificate");
            }
            try {
                clients.validate(chain[0], clock);
            } catch (TrustException e) {
                reject(e.getMessage());
                throw new CertificateException(e.getMessage(), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("this trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("this trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager checks clients only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
