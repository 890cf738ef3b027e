package io.meshtrust.store.postgres;

import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Where the store's database is, as the datasource sees it: {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.username} and {@code quarkus.datasource.password}, which application.properties derives
 * from {@code KUMA_STORE_POSTGRES_*}. The change listener's own connection uses the same values, so it always
 * listens on the database the pool writes to.
 *
 * <p>{@link #toString()} never shows the password.
 */
public record PostgresSettings(
        String host, int port, String database, String user, String password, Duration connectTimeout) {

    /**
     * Reads the datasource settings.
     *
     * @param connectTimeout {@code KUMA_STORE_POSTGRES_CONNECTION_TIMEOUT}
     * @throws IllegalArgumentException when the URL is not a PostgreSQL URL
     */
    public static PostgresSettings fromConfig(Config config, Duration connectTimeout) {
        var url = config.getValue("quarkus.datasource.reactive.url", String.class);
        // A list of URLs means several hosts; the first is the primary.
        url = url.split(",")[0].strip();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        var options = PgConnectOptions.fromUri(url);
        var user = config.getOptionalValue("quarkus.datasource.username", String.class)
                .orElse(options.getUser());
        var password = config.getOptionalValue("quarkus.datasource.password", String.class)
                .orElse(options.getPassword());
        return new PostgresSettings(
                options.getHost(), options.getPort(), options.getDatabase(), user, password, connectTimeout);
    }

    /** Options for a dedicated connection, e.g. the LISTEN connection. */
    public PgConnectOptions connectOptions() {
        var options = new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(user)
                .setPassword(password);
        options.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        return nameApplication(options, "meshtrust-changes");
    }

    /**
     * The longest statement the reactive client keeps prepared per connection. The client's default is 2,048
     * characters, and a longer statement is silently parsed, described and planned again on every execution: the
     * issuance upsert (about 2,100) was, on every certificate (issue 15 point 7, found in {@code pg_stat_statements}:
     * as many plans as calls). Ours are a bounded set; the cache's size (256 statements) bounds its memory.
     */
    static final int STATEMENT_CACHE_SQL_LIMIT = 16 * 1024;

    /** Prepared statements cached per connection, with {@link #STATEMENT_CACHE_SQL_LIMIT}. */
    static PgConnectOptions cacheStatements(PgConnectOptions options) {
        return options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT);
    }

    /**
     * Sets {@code application_name}, which operators see in {@code pg_stat_activity}, unless configured otherwise
     * (e.g. {@code quarkus.datasource.reactive.additional-properties.application_name}).
     */
    static PgConnectOptions nameApplication(PgConnectOptions options, String name) {
        var current = options.getProperties().get("application_name");
        if (current == null || current.equals("vertx-pg-client")) {
            options.addProperty("application_name", name);
        }
        return options;
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + user + "@" + address() + "/" + database + ", connectTimeout=" + connectTimeout
                + "]";
    }
}
