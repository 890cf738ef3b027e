package io.meshtrust.api;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ListingTest} on PostgreSQL (embedded, or `MESHTRUST_TEST_POSTGRES_URL`). */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class ListingOnPostgresTest extends ListingTest {}
