package io.meshtrust.api;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link KumaGuiEndpointsTest} on PostgreSQL (the store counts of {@code /global-insight} and mesh insights). */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class KumaGuiEndpointsOnPostgresTest extends KumaGuiEndpointsTest {}
