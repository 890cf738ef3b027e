package io.meshtrust.store.postgres;

import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceChange;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL {@link ChangeFeed}: LISTENs on {@value #CHANNEL}, where the {@code resources} trigger announces
 * every committed write, on a dedicated connection (not from the pool: a pooled connection would stop listening
 * when returned).
 *
 * <p>A lost connection is re-established with capped exponential backoff, forever. Notifications sent while it was
 * down are lost, so after every reconnect {@link ResourceChange#resync()} is emitted.
 *
 * <p>Changes are emitted on the event loop of the LISTEN connection: subscribers must not block there.
 */
public final class PgChangeListener implements ChangeFeed {

    /** The NOTIFY channel written by the {@code resources_notify} trigger. */
    public static final String CHANNEL = "meshtrust_resources";

    private static final Logger LOG = Logger.getLogger(PgChangeListener.class);
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final String target;
    private final BroadcastProcessor<ResourceChange> changes = BroadcastProcessor.create();
    private final CompletableFuture<Void> firstListen = new CompletableFuture<>();
    private PgSubscriber subscriber;
    private boolean closed;

    /**
     * @param vertx   the Vert.x instance whose event loop runs the connection
     * @param options where to connect; the listener keeps its own copy
     */
    public PgChangeListener(Vertx vertx, PgConnectOptions options) {
        this.vertx = vertx;
        this.options = new PgConnectOptions(options);
        this.target = options.getHost() + ":" + options.getPort();
    }

    /**
     * Connects and LISTENs; completes once notifications are being received. Retries a failed first connection
     * with backoff until {@code timeout}.
     *
     * @return fails with the last connection error when the database could not be reached in time
     */
    public Uni<Void> start(Duration timeout) {
        return Uni.createFrom()
                .deferred(this::connect)
                .onFailure(PgErrors::isUnavailable)
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .expireIn(timeout.toMillis())
                .chain(() -> Uni.createFrom()
                        .completionStage(firstListen)
                        .ifNoItem()
                        .after(timeout)
                        .fail());
    }

    /** Closes the connection and completes {@link #changes()}. */
    public Uni<Void> close() {
        PgSubscriber current;
        synchronized (this) {
            closed = true;
            current = subscriber;
        }
        var closing = current == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(() -> current.close().toCompletionStage());
        return closing.eventually(() -> {
            synchronized (changes) {
                changes.onComplete();
            }
        });
    }

    // A PgSubscriber whose first connect failed cannot connect again; each first attempt gets a new one. Once
    // connected, the subscriber itself reconnects (reconnectDelay).
    private synchronized Uni<Void> connect() {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException("the change listener is closed"));
        }
        var attempt = PgSubscriber.subscriber(vertx, options).reconnectPolicy(this::reconnectDelay);
        attempt.channel(CHANNEL).handler(this::onNotification).subscribeHandler(v -> onListening());
        subscriber = attempt;
        return Uni.createFrom()
                .completionStage(() -> attempt.connect().toCompletionStage())
                .onFailure()
                .call(() -> Uni.createFrom()
                        .completionStage(() -> attempt.close().toCompletionStage())
                        .onFailure()
                        .recoverWithNull());
    }

    @Override
    public Multi<ResourceChange> changes() {
        return changes;
    }

    private void onListening() {
        // The first LISTEN starts the feed; any later one follows a reconnect, after which changes may be missing.
        if (!firstListen.complete(null)) {
            LOG.infof("Listening for store changes again (PostgreSQL at %s); asking caches to resync", target);
            emit(ResourceChange.resync());
        }
    }

    private Long reconnectDelay(Integer attempt) {
        if (attempt == 0) {
            LOG.warnf("Lost the store change notification connection (PostgreSQL at %s); reconnecting", target);
        }
        long delay = 100L << Math.min(attempt, 10);
        return Math.min(delay, MAX_BACKOFF_MILLIS);
    }

    private void onNotification(String payload) {
        ResourceChange change;
        try {
            var json = new JsonObject(payload);
            var type = ResourceType.byKumaName(json.getString("type", ""));
            if (type.isEmpty()) {
                // Another release may store types this one does not know; nothing here can cache them.
                LOG.debugf("Ignoring a change of an unknown resource type: %s", json.getString("type"));
                return;
            }
            var kind = ResourceChange.Kind.valueOf(json.getString("kind"));
            change = ResourceChange.of(
                    kind, new ResourceKey(type.get(), json.getString("mesh", ""), json.getString("name")));
        } catch (DecodeException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            LOG.warn("Malformed store change notification; asking caches to resync");
            change = ResourceChange.resync();
        }
        emit(change);
    }

    // Reactive Streams requires serial onNext calls.
    private void emit(ResourceChange change) {
        synchronized (changes) {
            changes.onNext(change);
        }
    }
}
