package io.meshtrust.rotation;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link CaRotationTest} on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class CaRotationOnPostgresTest extends CaRotationTest {}
