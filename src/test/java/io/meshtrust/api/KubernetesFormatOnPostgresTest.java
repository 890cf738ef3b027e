package io.meshtrust.api;

import io.meshtrust.store.postgres.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link KubernetesFormatTest} on PostgreSQL (times and specs as that store returns them). */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class KubernetesFormatOnPostgresTest extends KubernetesFormatTest {}
