package io.meshtrust.tls;

import io.meshtrust.crypto.CertificateAndKey;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one certificate chain. Not a KeyStore-backed manager because the chain may hold Bouncy Castle certificate
 * objects (Kuma's empty-subject profile), which the JDK's key stores would re-parse and reject.
 */
final class ServerKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "api-server";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    ServerKeyManager(CertificateAndKey pair) {
        this.chain = pair.chain().toArray(X509Certificate[]::new);
        this.key = pair.privateKey();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    /** Only for the JSSE key type of our key ("RSA" or "EC"), so JSSE picks a signature scheme the key can do. */
    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return key.getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = chooseServerAlias(keyType, issuers, null);
        return alias == null ? null : new String[] {alias};
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
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
