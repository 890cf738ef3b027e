package io.meshtrust.cli;

import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to HTTPS control planes: server verification with a CA file ({@code --ca-cert-file}), none
 * ({@code --skip-verify}) or the JDK's default trust, and the client certificate kumactl presents for admin access
 * ({@code --client-cert-file}, {@code --client-key-file}).
 */
final class TlsTrust {

    private TlsTrust() {}

    /**
     * The context for a control plane's coordinates, or {@code null} when the JDK's defaults do (no CA file, no
     * skip-verify, no client certificate).
     *
     * @throws CliException when a file cannot be read or parsed, or the key does not belong to the certificate
     */
    static SSLContext forApiServer(CliConfig.ApiServer apiServer) {
        boolean caFile = apiServer.caCertFile != null && !apiServer.caCertFile.isEmpty();
        boolean clientCert = apiServer.clientCertFile != null && !apiServer.clientCertFile.isEmpty();
        if (!caFile && !apiServer.skipVerify && !clientCert) {
            return null;
        }
        TrustManager[] trust = apiServer.skipVerify
                ? new TrustManager[] {trustingAll()}
                : caFile ? trustManagers(apiServer.caCertFile) : null;
        KeyManager[] keys = clientCert
                ? new KeyManager[] {clientKeyManager(apiServer.clientCertFile, apiServer.clientKeyFile)}
                : null;
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws CliException when the file is missing or holds no PEM certificate */
    private static TrustManager[] trustManagers(String file) {
        String pem;
        try {
            pem = Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new CliException("could not read the CA certificate file " + file + ": " + e.getMessage());
        }
        try {
            var certificates = PemCodec.parseCertificates(pem);
            if (certificates.isEmpty()) {
                throw new CliException("the CA certificate file " + file + " holds no PEM certificate");
            }
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (PemException e) {
            throw new CliException("the CA certificate file " + file + " is not valid PEM: " + e.getMessage());
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException("could not use the CA certificate file " + file + ": " + e.getMessage());
        }
    }

    /**
     * The certificate and key to present when the server asks for one, whatever CA names it lists: like Go's client
     * with a single certificate, and so that Kuma's empty-subject admin certificates are sent at all.
     *
     * @throws CliException when a file cannot be read, holds no certificate or key, or they do not belong together
     */
    static X509ExtendedKeyManager clientKeyManager(String certFile, String keyFile) {
        String certPem = read(certFile, "client certificate");
        String keyPem = read(keyFile, "client key");
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = PemCodec.parseCertificates(certPem);
        } catch (PemException e) {
            throw new CliException("the client certificate file " + certFile + " is not valid PEM: " + e.getMessage());
        }
        try {
            key = PemCodec.parsePrivateKey(keyPem);
        } catch (PemException e) {
            throw new CliException("the client key file " + keyFile + " is not valid PEM: " + e.getMessage());
        }
        if (!new CertificateAndKey(chain, key).keyMatchesCertificate()) {
            throw new CliException(
                    "the client key file " + keyFile + " does not match the client certificate " + certFile);
        }
        return new SingleIdentity(chain.toArray(new X509Certificate[0]), key);
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new CliException("could not read the " + what + " file " + file + ": " + e.getMessage());
        }
    }

    private static final class SingleIdentity extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        SingleIdentity(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
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

    private static X509ExtendedTrustManager trustingAll() {
        // an X509ExtendedTrustManager: JSSE leaves the host-name check to it, so this skips that check as well
        return new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
