package io.meshtrust.tls;

import io.meshtrust.crypto.CertType;
import io.meshtrust.crypto.CertificateAndKey;
import io.meshtrust.crypto.KeyType;
import io.meshtrust.crypto.SelfSignedCertificates;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The control plane's own certificate in the work dir ({@code kuma-cp.crt}, {@code kuma-cp.key}): reused when both
 * files exist and are non-empty, otherwise generated with Kuma's self-signed server profile (Kuma's
 * {@code autoconfigureTLS}).
 *
 * <p>Files are created with mode 0600 in a folder created with mode 0700, written to a temporary file and renamed, so
 * the key is never readable by others and a crash never leaves a half-written file. A lock file serialises
 * replicas that share a work dir, so they cannot end up with one's key and another's certificate.
 */
final class WorkDirCertificate {

    static final String CERT_FILE = "kuma-cp.crt";
    static final String KEY_FILE = "kuma-cp.key";
    static final String LOCK_FILE = ".kuma-cp.lock";
    static final String WORK_DIR_SETTING = "KUMA_GENERAL_WORK_DIR";

    private static final Logger LOG = Logger.getLogger(WorkDirCertificate.class);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private WorkDirCertificate() {}

    /**
     * Returns the pair in {@code workDir}, generating it first when missing.
     *
     * @param workDir the work dir; created (0700) when missing
     * @param hosts the SANs for a generated certificate (only called when generating)
     * @param clock issuance time
     * @return the pair and whether it was generated
     * @throws ConfigurationException when the folder or files cannot be used
     */
    static Loaded loadOrGenerate(Path workDir, Supplier<List<String>> hosts, InstantSource clock) {
        Path certFile = workDir.resolve(CERT_FILE);
        Path keyFile = workDir.resolve(KEY_FILE);
        try {
            createPrivateDirectories(workDir);
            try (FileChannel lockChannel = FileChannel.open(
                            workDir.resolve(LOCK_FILE),
                            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                            privateFile());
                    FileLock lock = lockChannel.lock()) {
                if (nonEmpty(certFile) && nonEmpty(keyFile)) {
                    return new Loaded(PairFiles.load(certFile, WORK_DIR_SETTING, keyFile, WORK_DIR_SETTING), false);
                }
                LOG.infof("Generating a self-signed TLS certificate for the API server in %s", workDir);
                CertificateAndKey generated =
                        SelfSignedCertificates.generate(KeyType.rsa, CertType.server, hosts.get(), clock.instant());
                // Key first: a crash between the two renames leaves no certificate, so the next start regenerates both.
                writePrivately(keyFile, generated.privateKeyPem());
                writePrivately(certFile, generated.certificatePem());
                return new Loaded(generated, true);
            }
        } catch (IOException e) {
            throw new ConfigurationException(
                    WORK_DIR_SETTING + ": cannot create or read the TLS certificate in " + workDir + ": " + e);
        }
    }

    /** A pair from the work dir. */
    record Loaded(CertificateAndKey pair, boolean generated) {}

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return; // like Go's MkdirAll: an existing folder keeps the mode its owner chose
        }
        if (POSIX) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static boolean nonEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    private static FileAttribute<?>[] privateFile() {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }

    /** Writes to a 0600 temporary file in the same folder, syncs it and renames it over {@code target}. */
    static void writePrivately(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp", privateFile());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
