package io.meshtrust.ca;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.testsupport.Meshes;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A 4096-bit builtin CA is generated on the crypto pool, never on an event loop, and other requests are answered
 * while it is being generated (issue 4, point 7). Thread dumps are sampled while the mesh is being created: key
 * generation shows up on a {@code meshtrust-crypto} thread and on no {@code vert.x-eventloop} thread. No timings
 * are asserted.
 */
@QuarkusTest
class CaKeyGenerationOffEventLoopTest {

    @Test
    void rsa4096RootIsGeneratedOnTheCryptoPoolWhileOtherRequestsAreServed() throws Exception {
        given().delete("/meshes/big-ca");
        CompletableFuture<Integer> create =
                CompletableFuture.supplyAsync(() -> given().header("Content-Type", "application/json")
                        .body(Meshes.plain("big-ca")
                                .builtinBackend("ca-1")
                                .rsaBits(4096)
                                .json())
                        .put("/meshes/big-ca")
                        .statusCode());
        int servedMeanwhile = 0;
        int keygenOnCryptoPool = 0;
        int keygenOnEventLoop = 0;
        while (!create.isDone()) {
            for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                boolean generating = Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getClassName().contains("RSAKeyPairGenerator"));
                if (generating && t.getThreadName().startsWith("meshtrust-crypto")) {
                    keygenOnCryptoPool++;
                }
                if (generating && t.getThreadName().startsWith("vert.x-eventloop")) {
                    keygenOnEventLoop++;
                }
            }
            if (given().get("/meshes").statusCode() == 200 && !create.isDone()) {
                servedMeanwhile++;
            }
        }
        assertThat(create.get()).isEqualTo(201);
        assertThat(keygenOnEventLoop).isZero();
        assertThat(keygenOnCryptoPool).isPositive();
        assertThat(servedMeanwhile).isPositive();
        given().get("/meshes/big-ca/secrets/big-ca.ca-builtin-cert-ca-1").then().statusCode(200);
    }
}
