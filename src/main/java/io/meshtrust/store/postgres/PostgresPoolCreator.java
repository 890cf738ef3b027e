package io.meshtrust.store.postgres;

import io.meshtrust.config.KumaConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the datasource's pool with Kuma's {@code KUMA_STORE_POSTGRES_CONNECTION_TIMEOUT}, which Quarkus has no
 * property for: it bounds both opening a connection and waiting for a free one in the pool. Everything else comes
 * from the datasource configuration. Used only when the datasource is active.
 */
@Singleton
public class PostgresPoolCreator implements PgPoolCreator {

    private final KumaConfig config;

    public PostgresPoolCreator(KumaConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        int seconds = config.store().postgres().connectionTimeout();
        List<SqlConnectOptions> connectOptions = new ArrayList<>();
        for (var options : input.pgConnectOptionsList()) {
            options.setConnectTimeout((int) TimeUnit.SECONDS.toMillis(seconds));
            PostgresSettings.nameApplication(options, "meshtrust");
            PostgresSettings.cacheStatements(options);
            connectOptions.add(options);
        }
        var poolOptions = input.poolOptions().setConnectionTimeout(seconds).setConnectionTimeoutUnit(TimeUnit.SECONDS);
        return PgBuilder.pool()
                .with(poolOptions)
                .connectingTo(connectOptions)
                .using(input.vertx())
                .build();
    }
}
