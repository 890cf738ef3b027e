package io.meshtrust.store.postgres;

import io.meshtrust.config.KumaConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Brings the PostgreSQL store up when {@code KUMA_STORE_TYPE=postgres}: waits (bounded) for the database, applies
 * the schema migrations, starts listening for changes, and builds the {@link PostgresResourceStore}.
 *
 * <p>The pool and the session factory are looked up only then: with the memory store the datasource is inactive and
 * resolving them would fail.
 */
@Singleton
public class PostgresStoreBootstrap {

    private static final Logger LOG = Logger.getLogger(PostgresStoreBootstrap.class);

    private final Instance<Mutiny.SessionFactory> sessionFactory;
    private final Instance<Pool> pool;
    private final Vertx vertx;
    private final InstantSource clock;
    private final KumaConfig kuma;
    private final Config config;
    private volatile PgChangeListener listener;

    public PostgresStoreBootstrap(
            Instance<Mutiny.SessionFactory> sessionFactory,
            Instance<Pool> pool,
            Vertx vertx,
            InstantSource clock,
            KumaConfig kuma,
            Config config) {
        this.sessionFactory = sessionFactory;
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.kuma = kuma;
        this.config = config;
    }

    /**
     * Starts the store. Blocks, so it runs at startup on the main thread (never on an event loop).
     *
     * @throws IllegalStateException naming the settings to check when the database cannot be reached within
     *                               {@code KUMA_STORE_POSTGRES_CONNECTION_TIMEOUT}, refuses the login, or a migration
     *                               fails
     */
    public PostgresResourceStore start() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("the PostgreSQL store must be started at startup, not on an event loop");
        }
        var settings = settings();
        LOG.infof("Using the PostgreSQL store at %s (KUMA_STORE_TYPE=postgres)", settings);
        var applied = migrate(pool.get(), Migrations.shipped(), settings);
        LOG.infof(applied.isEmpty() ? "Database schema is up to date" : "Applied schema migrations %s", applied);

        var changes = new PgChangeListener(vertx, settings.connectOptions());
        listener = changes;
        changes.start(settings.connectTimeout())
                .onFailure()
                .transform(e -> failure(settings, "cannot listen for changes", e))
                .await()
                .indefinitely();
        return new PostgresResourceStore(sessionFactory.get(), changes, clock, vertx, pool.get());
    }

    /** The insight store beside the resource store {@link #start()} returned. */
    public PostgresInsightStore insightStore() {
        return new PostgresInsightStore(sessionFactory.get(), clock, vertx, pool.get());
    }

    /** The insight queries beside the resource store {@link #start()} returned. */
    public PostgresInsightQueries insightQueries() {
        return new PostgresInsightQueries(sessionFactory.get(), vertx);
    }

    /** The CA-rotation queries beside the resource store {@link #start()} returned. */
    public PostgresRotationQueries rotationQueries() {
        return new PostgresRotationQueries(sessionFactory.get(), vertx);
    }

    /** The cluster id beside the resource store {@link #start()} returned. */
    public PostgresClusterIdStore clusterIds() {
        return new PostgresClusterIdStore(pool.get());
    }

    /** The settings the store connects with, from the datasource configuration. */
    public PostgresSettings settings() {
        return PostgresSettings.fromConfig(
                config, Duration.ofSeconds(Math.max(1, kuma.store().postgres().connectionTimeout())));
    }

    /**
     * Applies the migrations, first waiting up to {@link PostgresSettings#connectTimeout()} for the database.
     *
     * @return the versions applied
     * @throws IllegalStateException with a message naming the settings to check
     */
    static List<Integer> migrate(Pool pool, List<Migration> migrations, PostgresSettings settings) {
        var runner = new MigrationRunner(pool, migrations);
        return Uni.createFrom()
                .deferred(runner::migrate)
                // Replicas often start together with their database: wait for it, within the connection timeout.
                .onFailure(PgErrors::isUnavailable)
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .expireIn(settings.connectTimeout().toMillis())
                .onFailure()
                .transform(e -> failure(settings, "cannot prepare the schema", e))
                .await()
                .indefinitely();
    }

    @PreDestroy
    void stop() {
        var l = listener;
        if (l != null) {
            l.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    static IllegalStateException failure(PostgresSettings settings, String what, Throwable e) {
        var state = PgErrors.sqlState(e).orElse("");
        String hint;
        if (PgErrors.isUnavailable(e)) {
            hint = "PostgreSQL at " + settings.address() + " is unreachable after waiting "
                    + settings.connectTimeout().toSeconds() + "s; check KUMA_STORE_POSTGRES_HOST and "
                    + "KUMA_STORE_POSTGRES_PORT (and KUMA_STORE_POSTGRES_CONNECTION_TIMEOUT)";
        } else if (state.startsWith("28")) {
            hint = "PostgreSQL at " + settings.address() + " refused the login of user '" + settings.user()
                    + "'; check KUMA_STORE_POSTGRES_USER and KUMA_STORE_POSTGRES_PASSWORD";
        } else if (state.equals("3D000")) {
            hint = "database '" + settings.database() + "' does not exist at " + settings.address()
                    + "; check KUMA_STORE_POSTGRES_DB_NAME";
        } else if (e instanceof MigrationRunner.MigrationFailedException) {
            return new IllegalStateException("PostgreSQL store " + what + ": " + e.getMessage(), e);
        } else {
            hint = "PostgreSQL at " + settings.address() + " failed";
        }
        return new IllegalStateException(
                "PostgreSQL store " + what + ": " + hint + " (" + PgErrors.rootMessage(e) + ")", e);
    }
}
