package io.meshtrust.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** {@code KUMA_API_SERVER_BASE_PATH=/kuma}, nothing else: for the clients (browser, CLI) that must follow it. */
public class BasePathProfile implements QuarkusTestProfile {

    public static final String BASE = "/kuma";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kuma.api-server.base-path", BASE);
    }
}
