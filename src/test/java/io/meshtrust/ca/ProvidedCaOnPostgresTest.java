package io.meshtrust.ca;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ProvidedCaTest} on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class ProvidedCaOnPostgresTest extends ProvidedCaTest {}
