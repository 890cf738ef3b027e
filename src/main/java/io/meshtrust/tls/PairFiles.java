package io.meshtrust.tls;

import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads certificate and key files named by settings, turning every problem into a {@link ConfigurationException} that
 * names the setting and the file. Messages never include file content.
 */
final class PairFiles {

    private PairFiles() {}

    /**
     * Loads a certificate chain and its private key and checks that they belong together.
     *
     * @param certFile PEM certificate (chain, leaf first)
     * @param certSetting the environment variable that named {@code certFile}
     * @param keyFile PEM private key (PKCS#1, SEC1 or PKCS#8)
     * @param keySetting the environment variable that named {@code keyFile}
     * @return the pair
     * @throws ConfigurationException when a file is unreadable, not PEM, or the key does not match
     */
    static CertificateAndKey load(Path certFile, String certSetting, Path keyFile, String keySetting) {
        List<X509Certificate> chain = certificates(certFile, certSetting);
        PrivateKey key;
        try {
            key = PemCodec.parsePrivateKey(read(keyFile, keySetting));
        } catch (PemException e) {
            throw new ConfigurationException(
                    keySetting + ": " + keyFile + " is not a usable private key: " + e.getMessage());
        }
        var pair = new CertificateAndKey(chain, key);
        if (!pair.keyMatchesCertificate()) {
            throw new ConfigurationException(keySetting + ": the private key in " + keyFile
                    + " does not match the certificate in " + certFile + " (" + certSetting + ")");
        }
        return pair;
    }

    /**
     * Loads every certificate of a PEM file.
     *
     * @param file PEM file
     * @param setting the environment variable that named it
     * @return its certificates, never empty
     * @throws ConfigurationException when unreadable or without certificates
     */
    static List<X509Certificate> certificates(Path file, String setting) {
        try {
            return PemCodec.parseCertificates(read(file, setting));
        } catch (PemException e) {
            throw new ConfigurationException(setting + ": " + file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /**
     * Loads every {@code *.pem} and {@code *.crt} file of a folder (Kuma's client certificates dir).
     *
     * @param dir the folder
     * @param setting the environment variable that named it
     * @return all certificates found; possibly empty
     * @throws ConfigurationException when the folder or a file cannot be read
     */
    static List<X509Certificate> certificatesInDirectory(Path dir, String setting) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException(setting + ": " + dir + " is not a readable directory");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".pem") || name.endsWith(".crt"))) {
                    certificates.addAll(certificates(file, setting));
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException(setting + ": cannot list " + dir + ": " + e);
        }
        return certificates;
    }

    private static String read(Path file, String setting) {
        try {
            // ISO-8859-1 never fails to decode: a binary (DER) file is then reported as "not PEM", not as a charset
            // error.
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // The exception's text is a file-system message (e.g. NoSuchFileException: path), never content.
            throw new ConfigurationException(setting + ": cannot read " + file + ": " + e);
        }
    }
}
