package io.meshtrust.signingkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Signing keys: the first key of a family is created exactly once however many callers race, key naming and
 * serials follow Kuma (docs/kuma-tokens.md §6.3-6.4), and private-key work runs on the crypto pool, not an event loop.
 */
@QuarkusTest
class SigningKeysTest {

    @Inject
    SigningKeyManager keys;

    @Inject
    ResourceStore store;

    @Inject
    CryptoWorker crypto;

    @Inject
    Vertx vertx;

    @Test
    void concurrentFirstKeyCreationMakesExactlyOneKey() {
        String mesh = "race-" + System.nanoTime();
        List<Boolean> created = OnVertx.await(
                vertx,
                Duration.ofMinutes(2),
                "race",
                () -> Uni.join()
                        .all(IntStream.range(0, 6)
                                .mapToObj(i -> keys.ensureDefault(SigningKeyFamily.DATAPLANE, mesh))
                                .toList())
                        .andFailFast());
        assertThat(created).containsOnlyOnce(true);
        var page = OnVertx.await(
                vertx, Duration.ofSeconds(10), "list", () -> store.list(ListQuery.inMesh(ResourceType.SECRET, mesh)));
        assertThat(page.items())
                .extracting(r -> r.name())
                .containsExactly("dataplane-token-signing-key-" + mesh + "-1");
        var latest = OnVertx.await(
                vertx, Duration.ofSeconds(10), "latest", () -> keys.latest(SigningKeyFamily.DATAPLANE, mesh));
        assertThat(latest.kid()).isEqualTo("1");
        assertThat(latest.privateKey().getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void privateKeyWorkRunsOnTheCryptoPoolAndResumesOnTheCallersContext() {
        var threads = OnVertx.await(vertx, Duration.ofSeconds(30), "crypto", () -> {
            String caller = Thread.currentThread().getName();
            return crypto.submit(() -> Thread.currentThread().getName())
                    .map(worker ->
                            List.of(caller, worker, Thread.currentThread().getName()));
        });
        assertThat(threads.get(0)).startsWith("vert.x-eventloop");
        assertThat(threads.get(1)).startsWith("meshtrust-crypto");
        assertThat(threads.get(2)).isEqualTo(threads.get(0));
    }

    @Test
    void serialsAndNamesFollowKuma() {
        var user = SigningKeyFamily.USER;
        assertThat(user.serial("", "user-token-signing-key-2")).hasValue(2);
        assertThat(user.serial("", "user-token-signing-key-0002")).hasValue(2);
        assertThat(user.serial("", "user-token-signing-key")).hasValue(0);
        assertThat(user.serial("", "user-token-signing-key-abc")).hasValue(0);
        assertThat(user.serial("", "admin-user-token")).isEmpty();
        assertThat(user.keyFor("", "0").name()).isEqualTo("user-token-signing-key");
        assertThat(user.keyFor("", "7").name()).isEqualTo("user-token-signing-key-7");
        var dp = SigningKeyFamily.DATAPLANE;
        assertThat(dp.keyFor("default", "1").name()).isEqualTo("dataplane-token-signing-key-default-1");
        assertThat(dp.keyFor("default", "1").mesh()).isEqualTo("default");
        assertThat(dp.serial("default", "dataplane-token-signing-key-default-3"))
                .hasValue(3);
        assertThat(dp.notFoundMessage("m", "1"))
                .isEqualTo("there is no signing key with KID 1. Secret of name "
                        + "\"dataplane-token-signing-key-m-1\" in mesh \"m\" is not found. If signing key was rotated, "
                        + "regenerate the token");
    }
}
