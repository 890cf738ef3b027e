package io.meshtrust.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory the {@code dp certificate} agent keeps {@code cert.pem}, {@code key.pem} and {@code ca.pem} in, written
 * so that the three files always belong together.
 *
 * <p>Renaming three files one after the other cannot do that: between the renames of {@code key.pem} and
 * {@code cert.pem} the directory holds a new key with the old certificate, whatever the order. So the files are
 * switched together by one atomic rename, the layout of Kubernetes' {@code AtomicWriter} (secret volumes):
 * <pre>
 * DIR/..data       -&gt; ..4711…            (symlink, replaced by one rename(2) per renewal)
 * DIR/..4711…/     cert.pem key.pem ca.pem (a complete version, written and fsynced before the switch)
 * DIR/cert.pem     -&gt; ..data/cert.pem     (and key.pem, ca.pem: created once, never change)
 * </pre>
 * A new version is written into a fresh directory created next to the old ones (each file to its final name there,
 * {@code key.pem} 0600, the others 0644, the directory 0700), then a symlink to it is created as {@code ..data_tmp}
 * and moved over {@code ..data} with {@code ATOMIC_MOVE}. At every instant {@code DIR/cert.pem} and
 * {@code DIR/key.pem} therefore resolve to a matching pair, and a failure before the switch leaves the current files
 * untouched. A reader that opens the two files one after the other can still straddle a switch; it either resolves
 * {@code ..data} once and reads from that version, or reads {@code cert.pem} again after {@code key.pem} and starts
 * over if it changed. The previous version is kept until the next renewal, so a reader that resolved it just before
 * a switch still finds both files.
 *
 * <p>If {@code DIR/cert.pem} (or the others) is a plain file, for example written by another tool, it is replaced by
 * the symlink with one rename per file after the first switch; only that first migration has a window in which the
 * files may not match.
 */
final class CertificateDirectory {

    static final String CERT = "cert.pem";
    static final String KEY = "key.pem";
    static final String CA = "ca.pem";
    static final String DATA = "..data";
    private static final String DATA_TMP = "..data_tmp";
    private static final String VERSION_PREFIX = "..";
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;

    CertificateDirectory(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Creates the directory (and missing parents) with mode 0700 if it does not exist.
     *
     * @throws IOException when it cannot be created or is not a directory
     */
    void create() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PRIVATE_DIRECTORY);
        }
    }

    /**
     * Writes a new version and switches {@code cert.pem}, {@code key.pem} and {@code ca.pem} to it at once.
     *
     * @throws IOException when a file cannot be written or the switch fails; the previous files are then unchanged
     *     (a {@link java.nio.channels.ClosedByInterruptException} when the thread was interrupted meanwhile)
     */
    void write(String certificatePem, String keyPem, String caPem) throws IOException {
        Path version = Files.createTempDirectory(dir, VERSION_PREFIX, PRIVATE_DIRECTORY);
        Path previous = currentVersion();
        try {
            writeFile(version.resolve(KEY), keyPem, "rw-------");
            writeFile(version.resolve(CERT), certificatePem, "rw-r--r--");
            writeFile(version.resolve(CA), caPem, "rw-r--r--");
            sync(version);
            Path link = dir.resolve(DATA_TMP);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, version.getFileName());
            Files.move(link, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(version);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        sync(dir);
        for (String name : new String[] {KEY, CERT, CA}) {
            linkToData(name);
        }
        prune(version, previous);
    }

    /** The version directory {@code ..data} points at, or null. */
    private Path currentVersion() throws IOException {
        Path data = dir.resolve(DATA);
        return Files.isSymbolicLink(data)
                ? dir.resolve(Files.readSymbolicLink(data)).normalize()
                : null;
    }

    private static void writeFile(Path file, String text, String mode) throws IOException {
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
        try (var channel = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(permissions))) {
            var buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.setPosixFilePermissions(file, permissions); // exact, whatever the umask
    }

    /** {@code DIR/name -> ..data/name}, unless it already is that link. */
    private void linkToData(String name) throws IOException {
        Path file = dir.resolve(name);
        Path target = Path.of(DATA, name);
        if (Files.isSymbolicLink(file) && Files.readSymbolicLink(file).equals(target)) {
            return;
        }
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes old versions: all but the current one and the one before it. */
    private void prune(Path current, Path previous) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, VERSION_PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(DATA)
                        || name.equals(DATA_TMP)
                        || entry.equals(current)
                        || entry.equals(previous)
                        || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                deleteTree(entry);
            }
        }
    }

    private static void sync(Path directory) {
        try (var channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a directory be synced; the rename is still atomic
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
