package io.meshtrust.tls;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.SettingNames;
import io.meshtrust.crypto.CertificateAndKey;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.http.ClientAuth;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the API server's HTTPS listener needs, resolved from the settings the way Kuma does it
 * ({@code pkg/core/bootstrap/autoconfig.go}, {@code pkg/api-server/server.go} {@code configureTLS}).
 *
 * @param serverPair the certificate chain and key the listener presents
 * @param source where the pair came from, for the log
 * @param clientAuth whether client certificates are requested or required
 * @param trustedClientCertificates Kuma's client certificate pool: every certificate of
 *     {@code KUMA_API_SERVER_AUTH_CLIENT_CERTS_DIR} and {@code KUMA_API_SERVER_HTTPS_TLS_CA_FILE}
 */
public record ApiServerTls(
        CertificateAndKey serverPair,
        String source,
        ClientAuth clientAuth,
        List<X509Certificate> trustedClientCertificates) {

    static final String HTTPS_CERT = SettingNames.env("kuma.api-server.https.tls-cert-file");
    static final String HTTPS_KEY = SettingNames.env("kuma.api-server.https.tls-key-file");
    static final String GENERAL_CERT = SettingNames.env("kuma.general.tls-cert-file");
    static final String GENERAL_KEY = SettingNames.env("kuma.general.tls-key-file");
    static final String CA_FILE = SettingNames.env("kuma.api-server.https.tls-ca-file");
    static final String CLIENT_CERTS_DIR = SettingNames.env("kuma.api-server.auth.client-certs-dir");

    /** Copies the trust list. */
    public ApiServerTls {
        trustedClientCertificates = List.copyOf(trustedClientCertificates);
    }

    /**
     * Resolves the certificate: the API server's own pair if set, else the general pair, else the work dir's pair
     * (generated on first start). Blocking: may generate an RSA key and write files.
     *
     * @param config the settings
     * @param clock issuance time for a generated certificate
     * @param hosts the SANs for a generated certificate
     * @return the resolved material
     * @throws ConfigurationException naming the setting when a file is missing, unreadable, not PEM, or mismatched
     */
    static ApiServerTls resolve(KumaConfig config, InstantSource clock, Supplier<List<String>> hosts) {
        KumaConfig.ApiServer apiServer = config.apiServer();
        CertificateAndKey pair;
        String source;
        Optional<String> httpsCert = apiServer.https().tlsCertFile();
        Optional<String> generalCert = config.general().tlsCertFile();
        if (httpsCert.isPresent()) {
            pair = PairFiles.load(
                    Path.of(httpsCert.get()),
                    HTTPS_CERT,
                    Path.of(apiServer.https().tlsKeyFile().orElseThrow()),
                    HTTPS_KEY);
            source = HTTPS_CERT + "=" + httpsCert.get();
        } else if (generalCert.isPresent()) {
            pair = PairFiles.load(
                    Path.of(generalCert.get()),
                    GENERAL_CERT,
                    Path.of(config.general().tlsKeyFile().orElseThrow()),
                    GENERAL_KEY);
            source = GENERAL_CERT + "=" + generalCert.get();
        } else {
            Path workDir = workDir(config);
            WorkDirCertificate.Loaded loaded = WorkDirCertificate.loadOrGenerate(workDir, hosts, clock);
            pair = loaded.pair();
            source = (loaded.generated() ? "generated in " : "reused from ") + workDir;
        }
        return new ApiServerTls(pair, source, clientAuth(apiServer), trustedClientCertificates(apiServer));
    }

    /** Kuma: {@code requireClientCert} ⇒ require and verify; else authn {@code adminClientCerts} ⇒ verify if given. */
    static ClientAuth clientAuth(KumaConfig.ApiServer apiServer) {
        if (apiServer.https().requireClientCert()) {
            return ClientAuth.REQUIRED;
        }
        return "adminClientCerts".equals(apiServer.authn().type()) ? ClientAuth.REQUEST : ClientAuth.NONE;
    }

    static List<X509Certificate> trustedClientCertificates(KumaConfig.ApiServer apiServer) {
        List<X509Certificate> trusted = new ArrayList<>();
        apiServer
                .auth()
                .clientCertsDir()
                .ifPresent(dir -> trusted.addAll(PairFiles.certificatesInDirectory(Path.of(dir), CLIENT_CERTS_DIR)));
        apiServer.https().tlsCaFile().ifPresent(file -> trusted.addAll(PairFiles.certificates(Path.of(file), CA_FILE)));
        return trusted;
    }

    /** {@code KUMA_GENERAL_WORK_DIR}, else {@code $HOME/.kuma}; Kuma fails when the home folder is unknown. */
    static Path workDir(KumaConfig config) {
        return workDir(config.general().workDir(), System.getenv("HOME"), System.getProperty("user.home"));
    }

    /**
     * The work directory from the setting, else {@code $HOME} (Kuma: {@code os.UserHomeDir} in {@code pkg/core/bootstrap/autoconfig.go}), else the JVM's
     * {@code user.home} (the passwd entry, for a process started without {@code HOME}); the CLI finds its config file
     * in the same order ({@code cli/Main.Context.home}).
     *
     * @throws ConfigurationException when none is known ({@code ?} is the JDK's answer for a user without a passwd
     *     entry)
     */
    static Path workDir(Optional<String> configured, String envHome, String userHome) {
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        String home = Optional.ofNullable(envHome).filter(h -> !h.isBlank()).orElse(userHome);
        if (home == null || home.isBlank() || "?".equals(home)) {
            throw new ConfigurationException(
                    WorkDirCertificate.WORK_DIR_SETTING + ": not set and the home directory is unknown; set it");
        }
        return Path.of(home, ".kuma");
    }
}
