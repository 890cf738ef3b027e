package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshtrust.store.StoreException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A PostgreSQL store whose database is not there: clear startup failure, Unavailable at run time. */
class UnreachablePostgresTest {

    private static final String PASSWORD = "s3cret-never-printed";

    private Vertx vertx;
    private PostgresSettings settings;

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        settings = new PostgresSettings("127.0.0.1", closedPort, "kuma", "kuma", PASSWORD, Duration.ofSeconds(1));
    }

    @AfterEach
    void tearDown() {
        vertx.closeAndAwait();
    }

    @Test
    void startupFailureNamesHostAndPortSettingsButNotThePassword() {
        var pool = PgBuilder.pool()
                .connectingTo(settings.connectOptions())
                .using(vertx)
                .build();

        var failure = catchThrowable(() -> PostgresStoreBootstrap.migrate(pool, Migrations.shipped(), settings));

        assertThat(failure)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + settings.port())
                .hasMessageContaining("KUMA_STORE_POSTGRES_HOST")
                .hasMessageContaining("KUMA_STORE_POSTGRES_PORT")
                .hasMessageNotContaining(PASSWORD);
        assertThat(settings.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void refusedConnectionIsUnavailable() {
        var pool = PgBuilder.pool()
                .connectingTo(settings.connectOptions())
                .using(vertx)
                .build();

        var failure =
                catchThrowable(() -> pool.query("select 1").execute().await().atMost(Duration.ofSeconds(30)));

        assertThat(PgErrors.isUnavailable(failure)).isTrue();
        assertThat(PgErrors.translate(failure)).isInstanceOf(StoreException.Unavailable.class);
    }

    @Test
    void listenerGivesUpStartingAfterTheTimeout() {
        var listener = new PgChangeListener(vertx.getDelegate(), settings.connectOptions());

        var failure = catchThrowable(
                () -> listener.start(Duration.ofSeconds(1)).await().atMost(Duration.ofSeconds(30)));

        assertThat(PgErrors.isUnavailable(failure)).isTrue();
        listener.close().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void rejectedStatementIsNotUnavailable() {
        var failure = new PgException("syntax error", "ERROR", "42601", null);

        assertThat(PgErrors.isUnavailable(failure)).isFalse();
        assertThat(PgErrors.translate(failure)).isSameAs(failure);
        assertThat(PgErrors.isUnavailable(new PgException("shutting down", "FATAL", "57P01", null)))
                .isTrue();
    }
}
