package io.meshtrust.cli;

import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** Server verification for HTTPS control planes: a CA file ({@code --ca-cert-file}) or none ({@code --skip-verify}). */
final class TlsTrust {

    private TlsTrust() {}

    /** @throws CliException when the file is missing or holds no PEM certificate */
    static SSLContext fromCaFile(String file) {
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
            var context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (PemException e) {
            throw new CliException("the CA certificate file " + file + " is not valid PEM: " + e.getMessage());
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException("could not use the CA certificate file " + file + ": " + e.getMessage());
        }
    }

    static SSLContext trustAll() {
        try {
            var context = SSLContext.getInstance("TLS");
            // an X509ExtendedTrustManager: JSSE leaves the host-name check to it, so this skips that check as well
            context.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
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
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
