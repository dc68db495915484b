package io.coalition.streamaccess.endpoint;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.security.cert.X509Certificate;

/**
 * In front of every endpoint (a Jetty handler, so nothing in Fuseki runs first): the path names the requester
 * ({@code /<requester>/...} or {@code /continuous/<requester>}); the TLS client certificate must be the one granted
 * to that requester ({@link EndpointTls#refusal}), else 403 with the reason.
 */
final class RequesterGate extends Handler.Wrapper {
    private final EndpointTls tls;

    RequesterGate(Handler inner, EndpointTls tls) {
        super(inner);
        this.tls = tls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String[] parts = path.split("/", -1);
        String requester = parts.length > 1 ? parts[1] : null;
        if ("continuous".equals(requester)) requester = parts.length > 2 ? parts[2] : null;
        Object ssl = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        X509Certificate[] chain = ssl instanceof EndPoint.SslSessionData d ? d.peerCertificates() : null;
        String why = chain == null || chain.length == 0 ? "no client certificate" : tls.refusal(requester, chain[0]);
        if (why != null) {
            tls.reject(path + ": " + why);
            // a one-line text reason, like the continuous-query servlet's errors (Jetty's error page drops it)
            response.setStatus(403);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, "forbidden: " + why + "\n", callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
