package io.meshtrust.config;

import io.meshtrust.crypto.CryptoWorker;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the {@link CryptoWorker} from {@link MeshtrustConfig}, so that {@code crypto/} reads no configuration and
 * depends on nothing of ours (docs/architecture.md); closes its pools at shutdown.
 */
@Singleton
public class CryptoWorkers {

    @Produces
    @Singleton
    CryptoWorker cryptoWorker(Vertx vertx, MeshtrustConfig config) {
        return new CryptoWorker(
                vertx, config.crypto().workers(), config.crypto().keygenWorkers());
    }

    void close(@Disposes CryptoWorker worker) {
        worker.close();
    }
}
