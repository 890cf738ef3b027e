package io.meshtrust.store;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs store work from outside a request: on a fresh duplicated Vert.x context, which Hibernate Reactive requires.
 */
public final class OnVertx {

    private OnVertx() {}

    /** Subscribes to the Uni on a new duplicated context. */
    public static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom()
                .emitter(emitter -> VertxContext.getOrCreateDuplicatedContext(vertx)
                        .runOnContext(ignored -> work.get().subscribe().with(emitter::complete, emitter::fail)));
    }

    /**
     * Runs the work and waits for it: for startup code on the main thread only, never on an event loop.
     *
     * @throws IllegalStateException when it fails or takes longer than {@code timeout}
     */
    public static <T> T await(Vertx vertx, Duration timeout, String what, Supplier<Uni<T>> work) {
        var result = new CompletableFuture<T>();
        run(vertx, work).subscribe().with(result::complete, result::completeExceptionally);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }
}
