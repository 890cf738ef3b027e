package io.meshtrust.api;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link KumaCrudGoldenTest} on PostgreSQL (embedded, or `MESHTRUST_TEST_POSTGRES_URL`). */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class KumaCrudGoldenOnPostgresTest extends KumaCrudGoldenTest {}
