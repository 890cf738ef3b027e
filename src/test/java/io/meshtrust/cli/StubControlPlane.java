package io.meshtrust.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** A JDK HTTP(S) server standing in for a control plane: records request headers, answers canned responses. */
final class StubControlPlane implements AutoCloseable {

    final HttpServer server;
    final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    final CertificateAndKey tls;
    volatile int tokenStatus = 200;
    volatile String tokenBody = "header.payload.signature";
    /** Canned GET answers by raw path and query; {@code {{url}}} in a body becomes {@link #url()}. */
    final Map<String, String> pages = new ConcurrentHashMap<>();
    /** The raw path and query of every request, in order. */
    final List<String> targets = new CopyOnWriteArrayList<>();
    /** Every request in order: method, path with query, body. */
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Canned answers by {@code "METHOD /path?query"} (query only when present). */
    final Map<String, Response> responses = new ConcurrentHashMap<>();

    /** The headers of the last request. */
    volatile Headers lastHeaders;
    /** The certificate chain each HTTPS request's client presented (empty when none), in order. */
    final List<List<X509Certificate>> clientChains = new CopyOnWriteArrayList<>();

    record Request(String method, String uri, String body) {}

    record Response(int status, String body) {}

    StubControlPlane(boolean https) throws Exception {
        this(https, false);
    }

    /**
     * @param requireClientCertificate HTTPS only: the handshake fails without a client certificate (any certificate
     *     is accepted and recorded in {@link #clientChains})
     */
    StubControlPlane(boolean https, boolean requireClientCertificate) throws Exception {
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (https) {
            tls = SelfSignedCertificates.generate(KeyType.ecdsa, CertType.server, List.of("localhost"), Instant.now());
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", tls.privateKey(), new char[0], new Certificate[] {tls.certificate()});
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            var context = SSLContext.getInstance("TLS");
            context.init(
                    keys.getKeyManagers(),
                    requireClientCertificate ? new TrustManager[] {new AnyClient()} : null,
                    null);
            var httpsServer = HttpsServer.create(address, 0);
            httpsServer.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    var ssl = context.getDefaultSSLParameters();
                    ssl.setNeedClientAuth(requireClientCertificate);
                    params.setSSLParameters(ssl);
                }
            });
            server = httpsServer;
        } else {
            tls = null;
            server = HttpServer.create(address, 0);
        }
        server.createContext("/", exchange -> {
            lastHeaders = exchange.getRequestHeaders();
            if (exchange instanceof HttpsExchange secure) {
                List<X509Certificate> chain = new ArrayList<>();
                try {
                    for (var c : secure.getSSLSession().getPeerCertificates()) {
                        chain.add((X509Certificate) c);
                    }
                } catch (SSLPeerUnverifiedException e) {
                    // no client certificate
                }
                clientChains.add(chain);
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            lastAuthorization.put(exchange.getRequestURI().getPath(), auth == null ? "" : auth);
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String uri = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            requests.add(new Request(exchange.getRequestMethod(), uri, requestBody));
            int status = 200;
            String body = "{\"hostname\":\"stub\",\"product\":\"Kuma\",\"version\":\"stub\"}";
            targets.add(uri);
            Response canned = responses.get(exchange.getRequestMethod() + " " + uri);
            if (canned != null) {
                status = canned.status();
                body = canned.body();
            } else if (pages.containsKey(uri)) {
                body = pages.get(uri).replace("{{url}}", url());
            } else if (exchange.getRequestMethod().equals("GET")
                    && exchange.getRequestURI().getPath().startsWith("/meshes/")) {
                status = 404;
                body = "{\"title\":\"Could not retrieve a resource\",\"detail\":\"Not found\"}";
            } else if (exchange.getRequestURI().getPath().startsWith("/tokens/")) {
                status = tokenStatus;
                body = tokenBody;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /**
     * Accepts any client certificate: the tests check which one arrived. Extended, so that JSSE does not wrap it in
     * its algorithm check, which re-parses with the JDK's parser and so refuses Kuma's empty-subject certificates.
     */
    private static final class AnyClient extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a server only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a server only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a server only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    String url() {
        return (tls != null ? "https://localhost:" : "http://127.0.0.1:")
                + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
