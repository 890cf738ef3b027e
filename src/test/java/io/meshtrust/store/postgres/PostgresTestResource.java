package io.meshtrust.store.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a Quarkus test application on PostgreSQL: a fresh database of {@link PostgresTestServer} (embedded, or the
 * external server of {@code MESHTRUST_TEST_POSTGRES_URL}), configured the way a user would, through
 * {@code kuma.store.type} and {@code kuma.store.postgres.*}. Use it through {@link PostgresTestProfile}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return PostgresTestServer.newDatabase().kumaStoreProperties();
    }

    @Override
    public void stop() {
        // The server is shared by the JVM's test profiles and stops at exit.
    }
}
