package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.AttestationException.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An attested-TLS server on a local port: each connection gets a certificate answering its nonce (see
 * {@link AttestedTls}); in the mutual variant each client must be attested too, and a client that fails any check
 * is refused (reported to {@code onRejected} with the failed step). Accepted connections run {@code handler} on a
 * thread named {@code coalition-trust-tls-N}; the handler owns the connection. Closing stops accepting and
 * interrupts handlers.
 */
public final class AttestedServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AttestedServer.class);

    /** Serves one accepted, verified connection. */
    public interface Handler {
        void handle(AttestedConnection connection) throws IOException;
    }

    private final SSLServerSocket server;
    private final ExecutorService executor;

    private AttestedServer(SSLServerSocket server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server for {@code self} on the loopback address, port 0 (any free port). */
    public static AttestedServer start(AttestedIdentity self, Optional<PeerPolicy> clients, Handler handler,
                                       Consumer<TrustException> onRejected) {
        return start(n -> NonceKeyManager.of(self, n), clients, handler, onRejected);
    }

    static AttestedServer start(Function<byte[], NonceKeyManager.Served> source, Optional<PeerPolicy> clients, Handler handler,
                                Consumer<TrustException> onRejected) {
        Map<Socket, Object> outcome = new ConcurrentHashMap<>();
        Optional<AttestedTls.PeerTrustManager> tm = clients.map(policy -> new AttestedTls.PeerTrustManager(policy, false,
                (chain, socket) -> {
                    try {
                        byte[] nonce = socket instanceof SSLSocket s ? NonceKeyManager.nonce(s.getHandshakeSession()) : null;
                        if (nonce == null) throw new AttestationException(Check.FRESHNESS, "the client sent no nonce (SNI)");
                        policy.verifier().register(nonce);
                        outcome.put(socket, PeerChecks.check(chain, policy, nonce));
                    } catch (AttestationException e) {
                        outcome.put(socket, e);
                        throw e;
                    }
                }));
        SSLServerSocket server;
        try {
            server = (SSLServerSocket) AttestedTls.serverContext(source, tm).getServerSocketFactory().createServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            server.setNeedClientAuth(clients.isPresent());
        } catch (IOException e) {
            throw new TrustException("attested TLS: cannot open the server socket: " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coalition-trust-tls-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AttestedServer s = new AttestedServer(server, executor);
        executor.execute(() -> {
            while (!server.isClosed()) {
                SSLSocket socket;
                try {
                    socket = (SSLSocket) server.accept();
                } catch (IOException e) {
                    if (!server.isClosed()) log.warn("attested TLS: accept failed: {}", e.toString());
                    return;
                }
                executor.execute(() -> serve(socket, clients.isPresent(), outcome, handler, onRejected));
            }
        });
        return s;
    }

    private static void serve(SSLSocket socket, boolean mutual, Map<Socket, Object> outcome, Handler handler,
                              Consumer<TrustException> onRejected) {
        Object o;
        try {
            socket.setSoTimeout(AttestedTls.HANDSHAKE_TIMEOUT_MILLIS);
            socket.startHandshake();
            socket.setSoTimeout(0);
            o = outcome.remove(socket);
            if (mutual && !(o instanceof AttestedPeer)) {
                throw new IllegalStateException("attested TLS: mutual handshake completed without the client check");
            }
        } catch (IOException e) {
            Object failed = outcome.remove(socket);
            onRejected.accept(failed instanceof AttestationException a ? a
                    : new TrustException("attested TLS: handshake with " + socket.getRemoteSocketAddress() + " failed: "
                    + e.getMessage(), e));
            AttestedTls.closeQuietly(socket);
            return;
        }
        try (AttestedConnection c = new AttestedConnection(socket, Optional.ofNullable(mutual ? (AttestedPeer) o : null))) {
            handler.handle(c);
        } catch (IOException | RuntimeException e) {
            log.warn("attested TLS: handler failed for {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing the server socket: {}", e.toString());
        }
        executor.shutdownNow();
    }
}
