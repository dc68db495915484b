package io.coalition.trust.tls;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.util.Optional;

/**
 * An established attested-TLS connection: the socket and, when the peer was attested (always on the
 * client side; on the server side only in the mutual variant), who it is.
 */
public record AttestedConnection(SSLSocket socket, Optional<AttestedPeer> peer) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
