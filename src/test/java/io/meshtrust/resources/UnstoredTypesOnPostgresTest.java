package io.meshtrust.resources;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link UnstoredTypesTest} on PostgreSQL: the mesh check reads the store. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class UnstoredTypesOnPostgresTest extends UnstoredTypesTest {}
