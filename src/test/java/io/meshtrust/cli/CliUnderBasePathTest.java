package io.meshtrust.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshtrust.testsupport.BasePathProfile;
import io.meshtrust.testsupport.Dataplanes;
import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a server with {@code KUMA_API_SERVER_BASE_PATH=/kuma}: a control-plane address with that path
 * ({@code http://h:5681/kuma}, as with kumactl) is checked, and online commands use it, lists of more than one page
 * included (the server's {@code next} links carry the base path, which the address already adds).
 */
@QuarkusTest
@TestProfile(BasePathProfile.class)
class CliUnderBasePathTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MESH = "cli-under-kuma";
    /** More than one page of Kuma's default page size (100). */
    static final int DATAPLANES = 103;

    private static boolean seeded;

    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        given().contentType("application/json")
                .body(Meshes.builtin(MESH).json())
                .put("/kuma/meshes/" + MESH)
                .then()
                .statusCode(201);
        for (int i = 0; i < DATAPLANES; i++) {
            String name = "dp-%03d".formatted(i);
            given().contentType("application/json")
                    .body(Dataplanes.web(MESH, name).json())
                    .put("/kuma/meshes/" + MESH + "/dataplanes/" + name)
                    .then()
                    .statusCode(201);
        }
        seeded = true;
    }

    private String address() {
        return "http://localhost:" + server.getPort() + BasePathProfile.BASE;
    }

    @Test
    void aControlPlaneAddressWithTheBasePathIsCheckedAndUsed() {
        var context = new Main.Context(InstantSource.system(), dir.resolve("config"));
        var r = Cli.run(context, "config", "control-planes", "add", "--name", "kuma", "--address", address());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        r = Cli.run(context, "generate", "dataplane-token", "--mesh", MESH, "--name", "dp-000", "--valid-for", "1h");
        assertThat(r.err()).isEmpty();
        assertThat(r.out().split("\\.")).hasSize(3);
    }

    @Test
    void anAddressWithoutTheBasePathIsRefusedWhenAdded() {
        var context = new Main.Context(InstantSource.system(), dir.resolve("config"));
        var r = Cli.run(
                context,
                "config",
                "control-planes",
                "add",
                "--name",
                "root",
                "--address",
                "http://localhost:" + server.getPort());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).startsWith("Error: ").contains("404");
    }

    @Test
    void listsOfSeveralPagesFollowNextUnderTheBasePath() throws Exception {
        var context = Cli.controlPlane(dir.resolve("config"), InstantSource.system(), address());
        var get = Cli.run(context, "get", "dataplanes", "-m", MESH, "-o", "json");
        assertThat(get.err()).isEmpty();
        JsonNode got = JSON.readTree(get.out());
        assertThat(got.path("items")).hasSize(DATAPLANES);
        var inspect = Cli.run(context, "inspect", "dataplanes", "-m", MESH, "-o", "json");
        assertThat(inspect.err()).isEmpty();
        assertThat(JSON.readTree(inspect.out()).path("items")).hasSize(DATAPLANES);
        var meshes = Cli.run(context, "inspect", "meshes");
        assertThat(meshes.err()).isEmpty();
        assertThat(meshes.out()).contains(MESH);
    }
}
