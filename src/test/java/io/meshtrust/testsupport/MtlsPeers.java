package io.meshtrust.testsupport;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Two dataplanes talking mutual TLS over loopback, as Envoy sidecars would: each presents its leaf and key and trusts
 * its mesh's CA bundle (JDK PKIX, no hostname check: identity is the URI SAN). The server requires a client
 * certificate. After the handshake one byte goes each way, so that a client certificate refused by a TLS 1.3 server
 * (which the client only learns about on its first read) counts as a failure.
 *
 * <pre>{@code
 * Connected c = MtlsPeers.handshake(backend, web);          // AssertionError if either side refuses
 * assertThat(c.serverSaw().spiffeId()).contains("spiffe://default/web");
 * Refused r = MtlsPeers.refusal(backend, intruder);         // AssertionError if it connects
 * assertThat(r.by()).isEqualTo(Side.SERVER);
 * }</pre>
 *
 * <p>Every socket operation has a {@link #TIMEOUT_MILLIS} limit, so a failing handshake never hangs a test.
 */
public final class MtlsPeers {

    public static final int TIMEOUT_MILLIS = 10_000;
    private static final String ALIAS = "identity";
    private static final String[] DEFAULT_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int PING = 0x2A;
    private static final int PONG = 0x2B;

    private MtlsPeers() {}

    /**
     * What a dataplane holds: its certificate (leaf first; the endpoint returns the leaf only), its private key (any
     * PEM {@link PemCodec#parsePrivateKey} reads: PKCS#1, SEC1, PKCS#8) and the CA bundle it trusts.
     */
    public record Identity(String certificatePem, String privateKeyPem, String caBundlePem) {

        public static Identity of(X509Certificate certificate, KeyPair keys, String caBundlePem) {
            return new Identity(
                    PemCodec.encodeCertificates(List.of(certificate)), PemCodec.encodePrivateKey(keys), caBundlePem);
        }

        /** The same certificate and key, trusting another bundle (e.g. a cross-mesh one). */
        public Identity trusting(String otherCaBundlePem) {
            return new Identity(certificatePem, privateKeyPem, otherCaBundlePem);
        }

        @Override
        public String toString() {
            return "Identity[" + uris(parse(certificatePem, "certificate").get(0)) + "]"; // never the key
        }
    }

    public enum Side {
        SERVER,
        CLIENT,
        UNKNOWN
    }

    /**
     * What one side learnt about its peer.
     *
     * @param peerUris the peer leaf's URI SANs in certificate order (parsed with Bouncy Castle)
     * @param protocol e.g. {@code TLSv1.3}
     */
    public record Seen(List<String> peerUris, String protocol, String cipherSuite) {

        /** @return the peer's first {@code spiffe://} URI */
        public Optional<String> spiffeId() {
            return peerUris.stream().filter(u -> u.startsWith("spiffe://")).findFirst();
        }
    }

    public sealed interface Outcome permits Connected, Refused {}

    /** Both sides completed the handshake and exchanged a byte. */
    public record Connected(Seen serverSaw, Seen clientSaw) implements Outcome {

        public String protocol() {
            return serverSaw.protocol();
        }
    }

    /**
     * The connection failed.
     *
     * @param by the side that refused: the one whose trust manager rejected the peer's certificate, else the one that
     *     failed locally rather than on receiving an alert; {@code UNKNOWN} if neither can be told
     * @param reason why {@code by} refused (exception chain, messages only)
     * @param serverError what the server saw fail, or null
     * @param clientError what the client saw fail, or null
     */
    public record Refused(Side by, String reason, String serverError, String clientError) implements Outcome {}

    /** Handshakes and expects success; TLS 1.3 or 1.2, whichever both pick. */
    public static Connected handshake(Identity server, Identity client) {
        return handshake(server, client, DEFAULT_PROTOCOLS);
    }

    /** @throws AssertionError naming the side that refused and why */
    public static Connected handshake(Identity server, Identity client, String... protocols) {
        Outcome outcome = attempt(server, client, protocols);
        if (outcome instanceof Refused refused) {
            throw new AssertionError(
                    "mTLS handshake between server " + server + " and client " + client + " failed: " + refused);
        }
        return (Connected) outcome;
    }

    /** Handshakes and expects a refusal. */
    public static Refused refusal(Identity server, Identity client) {
        return refusal(server, client, DEFAULT_PROTOCOLS);
    }

    /** @throws AssertionError when the handshake succeeds */
    public static Refused refusal(Identity server, Identity client, String... protocols) {
        Outcome outcome = attempt(server, client, protocols);
        if (outcome instanceof Connected connected) {
            throw new AssertionError("expected the mTLS handshake between server " + server + " and client " + client
                    + " to be refused, but it connected: " + connected);
        }
        return (Refused) outcome;
    }

    /**
     * Runs one connection.
     *
     * @param protocols the TLS versions both sides enable, e.g. {@code "TLSv1.2"}
     * @throws IllegalArgumentException when an identity's PEM cannot be read (a test-setup error, not a refusal)
     */
    public static Outcome attempt(Identity server, Identity client, String... protocols) {
        Peer serverPeer = new Peer(server);
        Peer clientPeer = new Peer(client);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "mtls-peers-server");
            thread.setDaemon(true);
            return thread;
        });
        try (SSLServerSocket listener = (SSLServerSocket) serverPeer
                .context
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(protocols);
            listener.setSoTimeout(TIMEOUT_MILLIS);
            CompletableFuture<Seen> serverSide = CompletableFuture.supplyAsync(() -> serve(listener), executor);
            Seen clientSaw = null;
            Throwable clientError = null;
            try {
                clientSaw = connect(clientPeer, listener.getLocalPort(), protocols);
            } catch (IOException | RuntimeException e) {
                clientError = e;
            }
            Seen serverSaw = null;
            Throwable serverError = null;
            try {
                serverSaw = serverSide.get(2L * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                serverError = e.getCause() instanceof Failed f ? f.getCause() : e.getCause();
            } catch (TimeoutException e) {
                serverError = e;
            }
            if (serverError == null && clientError == null) {
                return new Connected(serverSaw, clientSaw);
            }
            return refused(serverPeer, serverError, clientPeer, clientError);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static Seen serve(SSLServerSocket listener) {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            int ping = in.read();
            if (ping != PING) {
                throw new IOException("expected the client's byte, got " + ping);
            }
            OutputStream out = socket.getOutputStream();
            out.write(PONG);
            out.flush();
            return seen(socket.getSession());
        } catch (IOException | RuntimeException e) {
            throw new Failed(e);
        }
    }

    private static Seen connect(Peer client, int port, String[] protocols) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.context.getSocketFactory().createSocket()) {
            socket.setEnabledProtocols(protocols);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(PING);
            out.flush();
            int pong = socket.getInputStream().read();
            if (pong != PONG) {
                throw new IOException("expected the server's byte, got " + pong);
            }
            return seen(socket.getSession());
        }
    }

    private static Seen seen(SSLSession session) throws IOException {
        var peer = (X509Certificate) session.getPeerCertificates()[0];
        return new Seen(uris(peer), session.getProtocol(), session.getCipherSuite());
    }

    private static Refused refused(Peer server, Throwable serverError, Peer client, Throwable clientError) {
        String serverText = serverError == null ? null : describe(serverError);
        String clientText = clientError == null ? null : describe(clientError);
        if (server.trust.rejection.get() != null) {
            return new Refused(Side.SERVER, describe(server.trust.rejection.get()), serverText, clientText);
        }
        if (client.trust.rejection.get() != null) {
            return new Refused(Side.CLIENT, describe(client.trust.rejection.get()), serverText, clientText);
        }
        boolean serverLocal = serverError != null && !receivedAlert(serverError);
        boolean clientLocal = clientError != null && !receivedAlert(clientError);
        if (serverLocal && !clientLocal) {
            return new Refused(Side.SERVER, serverText, serverText, clientText);
        }
        if (clientLocal && !serverLocal) {
            return new Refused(Side.CLIENT, clientText, serverText, clientText);
        }
        return new Refused(Side.UNKNOWN, serverText != null ? serverText : clientText, serverText, clientText);
    }

    private static boolean receivedAlert(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("Received fatal alert")) {
                return true;
            }
        }
        return false;
    }

    /** The exception chain as {@code Type: message <- Type: message}, without stack traces. */
    static String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = error; t != null && parts.size() < 6; t = t.getCause()) {
            parts.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join(" <- ", parts);
    }

    static List<String> uris(X509Certificate certificate) {
        try {
            Extension san =
                    new X509CertificateHolder(certificate.getEncoded()).getExtension(Extension.subjectAlternativeName);
            if (san == null) {
                return List.of();
            }
            return Arrays.stream(GeneralNames.getInstance(san.getParsedValue()).getNames())
                    .filter(name -> name.getTagNo() == GeneralName.uniformResourceIdentifier)
                    .map(name -> name.getName().toString())
                    .toList();
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot read the peer certificate's SANs", e);
        }
    }

    private static List<X509Certificate> parse(String pem, String what) {
        try {
            return PemCodec.parseCertificates(pem);
        } catch (PemException e) {
            throw new IllegalArgumentException("the " + what + " PEM cannot be read: " + e.getMessage(), e);
        }
    }

    /** One side's TLS context and the trust manager that remembers what it rejected. */
    private static final class Peer {

        final SSLContext context;
        final RecordingTrust trust;

        Peer(Identity identity) {
            List<X509Certificate> chain = parse(identity.certificatePem(), "certificate");
            PrivateKey key;
            try {
                key = PemCodec.parsePrivateKey(identity.privateKeyPem());
            } catch (PemException e) {
                throw new IllegalArgumentException("the private key PEM cannot be read: " + e.getMessage(), e);
            }
            List<X509Certificate> authorities = parse(identity.caBundlePem(), "CA bundle");
            try {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                for (int i = 0; i < authorities.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, authorities.get(i));
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(anchors);
                X509ExtendedTrustManager pkix = Arrays.stream(factory.getTrustManagers())
                        .filter(X509ExtendedTrustManager.class::isInstance)
                        .map(X509ExtendedTrustManager.class::cast)
                        .findFirst()
                        .orElseThrow();
                this.trust = new RecordingTrust(pkix);
                this.context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[] {new FixedKey(chain, key)}, new TrustManager[] {trust}, null);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build a TLS context", e);
            }
        }
    }

    /** JDK PKIX trust, remembering the first certificate it refused. */
    private static final class RecordingTrust extends X509ExtendedTrustManager {

        final AtomicReference<CertificateException> rejection = new AtomicReference<>();
        private final X509ExtendedTrustManager pkix;

        RecordingTrust(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        private interface Check {
            void run() throws CertificateException;
        }

        private void record(Check check) throws CertificateException {
            try {
                check.run();
            } catch (CertificateException e) {
                rejection.compareAndSet(null, e);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            record(() -> pkix.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            record(() -> pkix.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            record(() -> pkix.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            record(() -> pkix.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            record(() -> pkix.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            record(() -> pkix.checkServerTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

    /** Presents the one certificate whenever the handshake asks for a key of its algorithm, as either side. */
    private static final class FixedKey extends X509ExtendedKeyManager {

        private final X509Certificate[] chain;
        private final PrivateKey key;

        FixedKey(List<X509Certificate> chain, PrivateKey key) {
            this.chain = chain.toArray(X509Certificate[]::new);
            this.key = key;
        }

        private String aliasFor(String keyType) {
            return key.getAlgorithm().equals(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return keyTypes == null
                    ? null
                    : Arrays.stream(keyTypes)
                            .map(this::aliasFor)
                            .filter(a -> a != null)
                            .findFirst()
                            .orElse(null);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return chooseClientAlias(keyTypes, issuers, null);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    /** Carries a server-side failure out of the supplier. */
    private static final class Failed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Failed(Exception cause) {
            super(cause);
        }
    }
}
