package io.meshtrust.testsupport;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Test-only RESTEasy Reactive filter taking the Vert.x request, as the client-certificate authentication will: proves
 * that such filters run on the HTTPS port and can see the TLS session there.
 */
public class EchoFilter {

    private final RequestMarker marker;

    public EchoFilter(RequestMarker marker) {
        this.marker = marker;
    }

    @ServerRequestFilter
    public void describe(HttpServerRequest request, ContainerRequestContext context) {
        if (!context.getUriInfo().getPath().startsWith("/_test/")) {
            return;
        }
        context.setProperty("filter.requestId", marker.id());
        context.setProperty("filter.ssl", request.isSSL());
        SSLSession session = request.sslSession();
        if (session != null) {
            context.setProperty("filter.protocol", session.getProtocol());
            try {
                X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
                context.setProperty("filter.peerSerial", peer.getSerialNumber().toString(16));
                context.setProperty(
                        "filter.peerSubject", peer.getSubjectX500Principal().getName());
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate: nothing to report
            }
        }
    }
}
