package io.meshtrust.tokens;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DataplaneAndZoneTokensTest} on PostgreSQL (embedded, or `MESHTRUST_TEST_POSTGRES_URL`). */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class DataplaneAndZoneTokensOnPostgresTest extends DataplaneAndZoneTokensTest {}
