package io.meshtrust.certificates;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link HeartbeatVersionTest} on PostgreSQL: the stated version in {@code dataplane_insights.version}. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class HeartbeatVersionOnPostgresTest extends HeartbeatVersionTest {}
