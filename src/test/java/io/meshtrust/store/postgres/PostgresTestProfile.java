package io.meshtrust.store.postgres;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * {@code @TestProfile(PostgresTestProfile.class)}: the application on PostgreSQL instead of the memory store. All
 * test classes using this profile share one Quarkus boot and one database; a suite that should run on both stores
 * can subclass its tests with this profile.
 */
public class PostgresTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class));
    }
}
