package io.meshtrust.secrets;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SecretRolesTest} on PostgreSQL: refusals store nothing there either, and planted rows are read as broken. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class SecretRolesOnPostgresTest extends SecretRolesTest {}
