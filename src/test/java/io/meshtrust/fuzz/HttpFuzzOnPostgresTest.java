package io.meshtrust.fuzz;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link HttpFuzzTest} on PostgreSQL (embedded, or `MESHTRUST_TEST_POSTGRES_URL`), sharing its Quarkus boot. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class HttpFuzzOnPostgresTest extends HttpFuzzTest {}
