package io.meshtrust.signingkeys;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SigningKeysTest} on PostgreSQL: the create race is decided by the database. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class SigningKeysOnPostgresTest extends SigningKeysTest {}
