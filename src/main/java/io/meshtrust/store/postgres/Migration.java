package io.meshtrust.store.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One versioned schema migration: {@code V<version>__<description>.sql}.
 *
 * @param version     applied in ascending order, each exactly once per database (schema)
 * @param description the file name's description part, recorded in {@code schema_migrations}
 * @param sql         one or more statements, run in one transaction with the simple query protocol
 */
public record Migration(int version, String description, String sql) {

    private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    public Migration {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
    }

    /**
     * A migration named like {@code V2__add_owner.sql}.
     *
     * @throws IllegalArgumentException when the name does not follow that pattern
     */
    public static Migration fromFile(String fileName, String sql) {
        var m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration file name must look like V1__description.sql: " + fileName);
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), sql);
    }

    /** SHA-256 of the SQL, recorded so that an edited, already applied migration is noticed. */
    public String checksum() {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "V" + version + "__" + description;
    }
}
