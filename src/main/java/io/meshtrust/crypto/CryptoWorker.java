package io.meshtrust.crypto;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one bounded pool for private-key work (RSA key generation, JWT signing, certificate signing), so that no such
 * operation runs on a Vert.x event loop. A Uni returned here completes on the Vert.x context that subscribed to it,
 * so a chain can go on to use Hibernate Reactive afterwards.
 */
@ApplicationScoped
public class CryptoWorker {

    private final WorkerExecutor executor;

    public CryptoWorker(
            Vertx vertx,
            @ConfigProperty(name = "meshtrust.crypto.workers", defaultValue = "0") int workers) {
        int size = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        // RSA-4096 key generation can take seconds: the blocked-thread warning must not fire for it.
        this.executor = vertx.createSharedWorkerExecutor("meshtrust-crypto", size, 60, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code work} on the crypto pool. Tasks run concurrently (unordered) up to the pool size and queue beyond.
     *
     * @return a Uni with the result, or the exception {@code work} threw
     */
    public <T> Uni<T> submit(Callable<T> work) {
        return Uni.createFrom().completionStage(() -> executor.executeBlocking(work, false).toCompletionStage());
    }

    @PreDestroy
    void close() {
        executor.close();
    }
}
