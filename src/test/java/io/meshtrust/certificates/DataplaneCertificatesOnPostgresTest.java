package io.meshtrust.certificates;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DataplaneCertificatesTest} on PostgreSQL: statistics in the table, concurrent upserts, cascades. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class DataplaneCertificatesOnPostgresTest extends DataplaneCertificatesTest {}
