package io.meshtrust.dataplanes;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DataplaneInspectTest} on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class DataplaneInspectOnPostgresTest extends DataplaneInspectTest {}
