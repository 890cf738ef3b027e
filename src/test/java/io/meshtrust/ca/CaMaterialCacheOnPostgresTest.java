package io.meshtrust.ca;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link CaMaterialCacheTest} on PostgreSQL: invalidation arrives through LISTEN/NOTIFY. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class CaMaterialCacheOnPostgresTest extends CaMaterialCacheTest {}
