package io.meshtrust.testsupport;

import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.EmptyNameCertificates;
import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.http.conn.ssl.SSLSocketFactory;

/**
 * A strict TLS client for tests: trusts exactly one server certificate, checks that it names the host dialled, and can
 * present a client certificate.
 *
 * <p>Kuma's self-signed profile has an empty subject, which the JDK's own X.509 parser rejects; the client JVM needs
 * Bouncy Castle's certificate factory first, exactly as the server does for client certificates.
 */
public final class TlsTestClient {

    static {
        EmptyNameCertificates.preferForHandshakes();
    }

    private TlsTestClient() {}

    /** Handshakes without trusting anything and returns the chain the server presented. */
    public static List<X509Certificate> serverChain(String host, int port)
            throws IOException, GeneralSecurityException {
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new Pinned(null, seen)}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.startHandshake();
        }
        return List.of(seen.get());
    }

    /**
     * One HTTP/1.1 GET over a raw TLS socket; returns the status line. A refused client certificate surfaces as an
     * {@link javax.net.ssl.SSLException} (TLS 1.3 reports it after the client's handshake has completed, on the first
     * read), never as a wait: the socket read timeout turns a hang into a {@link java.net.SocketTimeoutException}.
     */
    public static String statusLine(
            String host, int port, X509Certificate server, CertificateAndKey client, String path)
            throws IOException, GeneralSecurityException {
        return statusLine(host, port, server, client, path, host);
    }

    /** As above, with another {@code Host} header (e.g. one that is not loopback, so localhost-admin does not apply). */
    public static String statusLine(
            String host, int port, X509Certificate server, CertificateAndKey client, String path, String hostHeader)
            throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManager[] keyManagers = client == null ? null : new KeyManager[] {new ClientKeys(client)};
        context.init(keyManagers, new TrustManager[] {new Pinned(server, null)}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            var out = socket.getOutputStream();
            try {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // TLS 1.3: the server checks the client's certificate after the client's side of the handshake is
                // done; when it refuses, it may close before the request is written (broken pipe, reset).
                throw new SSLException("the server closed the connection before the request (handshake refused)", e);
            }
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = in.readLine();
            if (line == null) {
                throw new SSLException("connection closed without a response");
            }
            return line;
        }
    }

    /** A client trusting only {@code server} (checking its SANs against the host) and presenting {@code client}. */
    public static HttpClient httpClient(X509Certificate server, CertificateAndKey client)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManager[] keyManagers = client == null ? null : new KeyManager[] {new ClientKeys(client)};
        context.init(keyManagers, new TrustManager[] {new Pinned(server, null)}, new SecureRandom());
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * REST Assured over HTTPS to {@code localhost}, trusting only {@code server}. Not {@code relaxedHTTPSValidation()}:
     * its trust-all manager makes JSSE run the JDK's algorithm checker, which re-parses the certificate and rejects
     * Kuma's empty issuer.
     */
    @SuppressWarnings("deprecation") // Apache HttpClient 4's socket factory is what REST Assured accepts
    public static RequestSpecification restAssured(X509Certificate server, int port) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new Pinned(server, null)}, new SecureRandom());
        var factory = new SSLSocketFactory(context, SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER);
        return RestAssured.given()
                .config(RestAssured.config().sslConfig(SSLConfig.sslConfig().sslSocketFactory(factory)))
                .baseUri("https://localhost")
                .port(port);
    }

    public static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts one certificate by its bytes and checks the host against its SANs; or records and accepts anything. */
    private static final class Pinned extends X509ExtendedTrustManager {

        private final X509Certificate expected;
        private final AtomicReference<X509Certificate[]> seen;

        Pinned(X509Certificate expected, AtomicReference<X509Certificate[]> seen) {
            this.expected = expected;
            this.seen = seen;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, engine.getPeerHost());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(
                    chain,
                    socket instanceof SSLSocket ssl ? ssl.getHandshakeSession().getPeerHost() : null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        private void check(X509Certificate[] chain, String host) throws CertificateException {
            if (seen != null) {
                seen.set(chain);
                return;
            }
            if (!Arrays.equals(chain[0].getEncoded(), expected.getEncoded())) {
                throw new CertificateException("unexpected server certificate");
            }
            if (host != null) {
                boolean named = chain[0].getSubjectAlternativeNames().stream()
                        .anyMatch(san -> host.equalsIgnoreCase(String.valueOf(san.get(1))));
                if (!named) {
                    throw new CertificateException("certificate does not name " + host);
                }
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Presents one client certificate whatever the server asks for (like curl --cert). */
    private static final class ClientKeys extends X509ExtendedKeyManager {

        private final X509Certificate[] chain;
        private final PrivateKey key;

        ClientKeys(CertificateAndKey pair) {
            this.chain = pair.chain().toArray(X509Certificate[]::new);
            this.key = pair.privateKey();
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return chooseClientAlias(keyType, issuers, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return Arrays.asList(keyType).contains(key.getAlgorithm()) ? "client" : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
