package io.meshtrust.certificates;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.ca.LocalKeySigner;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, point 8: a minting storm (server-generated RSA keys and CSR signatures, more requests than the crypto pool
 * has threads) runs its private-key work on {@code meshtrust-crypto} threads only, and {@code GET /who-am-i} keeps
 * being answered while the pool is saturated. Thread dumps are sampled during the storm; no timings are asserted.
 */
@QuarkusTest
class MintingOffEventLoopTest {

    static boolean privateKeyWork(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.contains("RSAKeyPairGenerator")
                || c.contains("ECKeyPairGenerator")
                // the signer's own frame while it signs (loading the material and handing work to the pool are not
                // private-key work, and do run on the event loop)
                || (c.equals(LocalKeySigner.class.getName())
                        && frame.getMethodName().equals("sign"))
                || c.contains("RSACore")
                || c.contains("ECDSASignature");
    }

    @Test
    void signingAndKeyGenerationStayOffTheEventLoopWhileOtherRequestsAreServed() throws Exception {
        new DataplaneCertificatesTest().meshWithBuiltinCa();
        String csr = DataplaneCertificatesTest.json(DataplaneCertificatesTest.csr(DataplaneCertificatesTest.rsa(2048)));
        int storm = 48;
        ExecutorService clients = Executors.newFixedThreadPool(12);
        List<CompletableFuture<Integer>> mints = new ArrayList<>();
        try {
            for (int i = 0; i < storm; i++) {
                String body = i % 2 == 0 ? "{\"keyType\":\"rsa2048\"}" : csr;
                mints.add(CompletableFuture.supplyAsync(
                        () -> DataplaneCertificatesTest.mint(DataplaneCertificatesTest.MESH, "web-1", body)
                                .statusCode(),
                        clients));
            }
            var all = CompletableFuture.allOf(mints.toArray(CompletableFuture[]::new));
            int onCryptoPool = 0;
            int onEventLoop = 0;
            int answeredDuringStorm = 0;
            while (!all.isDone()) {
                for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                    boolean working =
                            Arrays.stream(t.getStackTrace()).anyMatch(MintingOffEventLoopTest::privateKeyWork);
                    if (working && t.getThreadName().startsWith("meshtrust-crypto")) {
                        onCryptoPool++;
                    }
                    if (working && t.getThreadName().startsWith("vert.x-eventloop")) {
                        onEventLoop++;
                    }
                }
                if (given().get("/who-am-i").statusCode() == 200 && !all.isDone()) {
                    answeredDuringStorm++;
                }
            }
            for (var mint : mints) {
                assertThat(mint.get()).isEqualTo(200);
            }
            assertThat(onEventLoop).as("private-key work seen on an event loop").isZero();
            assertThat(onCryptoPool)
                    .as("private-key work seen on the crypto pool")
                    .isPositive();
            assertThat(answeredDuringStorm)
                    .as("who-am-i answers while the storm was running")
                    .isPositive();
        } finally {
            clients.shutdownNow();
        }
    }
}
