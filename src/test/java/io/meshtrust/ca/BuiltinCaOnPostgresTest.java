package io.meshtrust.ca;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BuiltinCaTest} on PostgreSQL: the CA pair is written in one transaction. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class BuiltinCaOnPostgresTest extends BuiltinCaTest {}
