package io.meshtrust.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies client certificates against Kuma's client certificate pool.
 *
 * <p>Two ways to be trusted, mirroring what Go's verifier accepts for the files Kuma users put in the pool:
 * <ol>
 *   <li>the presented leaf is one of the pool's certificates, byte for byte, currently valid and allowed for client
 *       authentication (extended key usage {@code clientAuth} or none). This is how Kuma's admin client certificates
 *       work: {@code kumactl generate tls-certificate --type=client} makes self-signed certificates with an empty
 *       subject, which the JDK's PKIX validator cannot even parse, so exact matching is the only way to accept them;
 *   <li>the presented chain validates with the JDK's PKIX validator against the pool's certificates as trust anchors
 *       (a CA given in {@code KUMA_API_SERVER_HTTPS_TLS_CA_FILE}).
 * </ol>
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final List<X509Certificate> pool;
    private final X509TrustManager pkix;
    private final InstantSource clock;

    ClientCertificateTrust(List<X509Certificate> pool, InstantSource clock) {
        this.pool = List.copyOf(pool);
        this.clock = clock;
        this.pkix = pkixFor(this.pool);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        X509Certificate leaf = chain[0];
        if (isPooled(leaf)) {
            leaf.checkValidity(Date.from(clock.instant()));
            checkClientUsage(leaf);
            return;
        }
        if (pkix == null) {
            throw new CertificateException("client certificate is not trusted (no CA in the client certificate pool)");
        }
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Sent in the CertificateRequest; empty subjects included, so Go clients offer Kuma's self-signed certificates. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pool.toArray(X509Certificate[]::new);
    }

    private boolean isPooled(X509Certificate leaf) throws CertificateException {
        byte[] encoded = leaf.getEncoded();
        for (X509Certificate trusted : pool) {
            if (Arrays.equals(trusted.getEncoded(), encoded)) {
                return true;
            }
        }
        return false;
    }

    private static void checkClientUsage(X509Certificate leaf) throws CertificateException {
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new CertificateException("client certificate is not valid for client authentication");
        }
    }

    /** The JDK's PKIX trust manager over the pool certificates it can parse; {@code null} when there are none. */
    private static X509TrustManager pkixFor(List<X509Certificate> pool) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int index = 0;
            for (X509Certificate certificate : pool) {
                if (!certificate.getSubjectX500Principal().getName().isEmpty()) {
                    anchors.setCertificateEntry("ca-" + index++, certificate);
                }
            }
            if (index == 0) {
                return null;
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the PKIX TrustManagerFactory offers no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the client certificate trust store", e);
        }
    }
}
