package io.coalition.trust.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves, per handshake, a certificate chain answering the handshake's nonce. On a server the nonce comes
 * from the client's SNI; on a client it is the connection's own nonce. The alias is {@code nonce:<hex>}.
 */
final class NonceKeyManager extends X509ExtendedKeyManager {
    /** A chain and its private key. */
    record Served(X509Certificate[] chain, PrivateKey key) {
    }

    private static final String SUFFIX = ".nonce.coalition";
    private final Function<byte[], Served> source;
    private final byte[] clientNonce;
    private final Map<String, Served> served = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Served> eldest) {
            return size() > 64;
        }
    };

    /** Server side: nonces from SNI. */
    NonceKeyManager(Function<byte[], Served> source) {
        this(source, null);
    }

    /** Client side: the connection's nonce. */
    NonceKeyManager(Function<byte[], Served> source, byte[] clientNonce) {
        this.source = source;
        this.clientNonce = clientNonce;
    }

    static Served of(AttestedIdentity identity, byte[] nonce) {
        return new Served(identity.chain(nonce), identity.tlsPrivateKey());
    }

    /** The SNI host name carrying a nonce: its hex in labels of at most 32 characters, then {@value #SUFFIX}. */
    static String sni(byte[] nonce) {
        String hex = HexFormat.of().formatHex(nonce);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 32) b.append(hex, i, Math.min(hex.length(), i + 32)).append('.');
        return b.append(SUFFIX.substring(1)).toString();
    }

    /** The nonce in a handshake's SNI, or null. */
    static byte[] nonce(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession s)) return null;
        for (SNIServerName n : s.getRequestedServerNames()) {
            if (n instanceof SNIHostName h && h.getAsciiName().endsWith(SUFFIX)) {
                String hex = h.getAsciiName().substring(0, h.getAsciiName().length() - SUFFIX.length()).replace(".", "");
                try {
                    return HexFormat.of().parseHex(hex);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private String alias(String keyType, byte[] nonce) {
        if (!"EC".equals(keyType) || nonce == null) return null;
        return "nonce:" + HexFormat.of().formatHex(nonce);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return socket instanceof SSLSocket s ? alias(keyType, nonce(s.getHandshakeSession())) : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType, nonce(engine.getHandshakeSession()));
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return clientNonce != null && Arrays.asList(keyTypes).contains("EC") ? alias("EC", clientNonce) : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    private synchronized Served serve(String alias) {
        if (alias == null || !alias.startsWith("nonce:")) return null;
        return served.computeIfAbsent(alias, a -> source.apply(HexFormat.of().parseHex(a.substring(6))));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Served s = serve(alias);
        return s == null ? null : s.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Served s = serve(alias);
        return s == null ? null : s.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }
}
