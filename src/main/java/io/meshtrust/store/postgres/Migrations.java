package io.meshtrust.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The migrations shipped with meshtrust: the files listed, in order, by {@value #INDEX}.
 *
 * <p>An explicit index rather than a classpath scan because a native image cannot list resource directories.
 */
public final class Migrations {

    /** Where the migrations live on the class path. */
    public static final String DIRECTORY = "db/migration/";

    /** One file name per line; blank lines and {@code #} comments are ignored. */
    public static final String INDEX = DIRECTORY + "index.txt";

    private Migrations() {}

    /**
     * Reads the index and every file it names.
     *
     * @throws IllegalStateException when a listed file is missing or versions are not strictly increasing
     */
    public static List<Migration> shipped() {
        var loader = Migrations.class.getClassLoader();
        var migrations = new ArrayList<Migration>();
        for (var line : read(loader, INDEX).split("\n")) {
            var file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            var migration = Migration.fromFile(file, read(loader, DIRECTORY + file));
            if (!migrations.isEmpty() && migrations.get(migrations.size() - 1).version() >= migration.version()) {
                throw new IllegalStateException(INDEX + " must list migrations in strictly increasing order: " + file);
            }
            migrations.add(migration);
        }
        return List.copyOf(migrations);
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
