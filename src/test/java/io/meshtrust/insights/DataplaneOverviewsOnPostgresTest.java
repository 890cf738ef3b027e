package io.meshtrust.insights;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DataplaneOverviewsTest} on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class DataplaneOverviewsOnPostgresTest extends DataplaneOverviewsTest {}
