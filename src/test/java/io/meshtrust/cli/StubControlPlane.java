package io.meshtrust.cli;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

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
    final List<String> targets = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every request in order: method, path with query, body. */
    final List<Request> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Canned answers by {@code "METHOD /path?query"} (query only when present). */
    final Map<String, Response> responses = new ConcurrentHashMap<>();

    record Request(String method, String uri, String body) {}

    record Response(int status, String body) {}

    StubControlPlane(boolean https) throws Exception {
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (https) {
            tls = SelfSignedCertificates.generate(KeyType.ecdsa, CertType.server, List.of("localhost"), Instant.now());
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", tls.privateKey(), new char[0], new Certificate[] {tls.certificate()});
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            var context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            var httpsServer = HttpsServer.create(address, 0);
            httpsServer.setHttpsConfigurator(new HttpsConfigurator(context));
            server = httpsServer;
        } else {
            tls = null;
            server = HttpServer.create(address, 0);
        }
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            lastAuthorization.put(exchange.getRequestURI().getPath(), auth == null ? "" : auth);
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String uri = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
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

    String url() {
        return (tls != null ? "https://localhost:" : "http://127.0.0.1:") + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
