package io.meshtrust.store;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link InsightQueriesTest} on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class InsightQueriesOnPostgresTest extends InsightQueriesTest {}
