package io.meshtrust.crypto;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The one bounded pool for private-key work (RSA key generation, JWT signing, certificate signing), so that no such
 * operation runs on a Vert.x event loop. A Uni returned here completes on the Vert.x context that subscribed to it,
 * so a chain can go on to use Hibernate Reactive afterwards. The bean is made by {@code config/CryptoWorkers} from
 * {@code meshtrust.crypto.*}.
 */
public class CryptoWorker {

    private final WorkerExecutor executor;
    private final WorkerExecutor keyGeneration;

    /**
     * @param workers        signing threads; 0 = one per core
     * @param keygenWorkers  RSA key-generation threads; 0 = half the cores (at least one). Key generation costs ~85
     *                       signatures each; on its own smaller pool a burst of it (server-key mode, new CAs) cannot take
     *                       every core from the event loops, and signing requests are not queued behind it
     */
    public CryptoWorker(Vertx vertx, int workers, int keygenWorkers) {
        int cores = Runtime.getRuntime().availableProcessors();
        int size = workers > 0 ? workers : cores;
        int keygen = keygenWorkers > 0 ? keygenWorkers : Math.max(1, cores / 2);
        // RSA-4096 key generation can take seconds: the blocked-thread warning must not fire for it.
        this.executor = vertx.createSharedWorkerExecutor("meshtrust-crypto", size, 60, TimeUnit.SECONDS);
        this.keyGeneration = vertx.createSharedWorkerExecutor("meshtrust-crypto-keygen", keygen, 120, TimeUnit.SECONDS);
    }

    /**
     * Runs work that generates a key pair (and may sign after it) on the key-generation pool.
     *
     * @return a Uni with the result, or the exception {@code work} threw
     */
    public <T> Uni<T> generateKeys(Callable<T> work) {
        return Uni.createFrom()
                .completionStage(
                        () -> keyGeneration.executeBlocking(work, false).toCompletionStage());
    }

    /**
     * Runs {@code work} on the crypto pool. Tasks run concurrently (unordered) up to the pool size and queue beyond.
     *
     * @return a Uni with the result, or the exception {@code work} threw
     */
    public <T> Uni<T> submit(Callable<T> work) {
        return Uni.createFrom()
                .completionStage(() -> executor.executeBlocking(work, false).toCompletionStage());
    }

    /** Closes both pools; work already queued is abandoned. */
    public void close() {
        executor.close();
        keyGeneration.close();
    }
}
