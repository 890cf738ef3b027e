package io.meshtrust.store.postgres;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Hibernate Reactive sessions for the PostgreSQL stores. Sessions must be used on a Vert.x context: callers on a
 * duplicated Vert.x context (REST endpoints) stay on it; other callers (startup code, tests) are moved onto a new
 * duplicated context of {@code vertx}, never onto a worker thread. Every operation opens its own session, so
 * concurrent operations from one context do not share one. Failures that mean the database cannot be reached become
 * {@link io.meshtrust.store.StoreException.Unavailable}.
 */
final class PgSessions {

    private final Mutiny.SessionFactory sessions;
    private final Vertx vertx;

    PgSessions(Mutiny.SessionFactory sessions, Vertx vertx) {
        this.sessions = sessions;
        this.vertx = vertx;
    }

    <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return onVertxContext(() -> sessions.openSession()
                .chain(session ->
                        session.withTransaction(tx -> work.apply(session)).eventually(session::close)));
    }

    <T> Uni<T> inSession(Function<Mutiny.Session, Uni<T>> work) {
        return onVertxContext(() ->
                sessions.openSession().chain(session -> work.apply(session).eventually(session::close)));
    }

    private <T> Uni<T> onVertxContext(Supplier<Uni<T>> work) {
        Uni<T> uni;
        Context current = Vertx.currentContext();
        if (current != null && VertxContext.isDuplicatedContext(current)) {
            uni = Uni.createFrom().deferred(work::get);
        } else {
            Context target =
                    VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getOrCreateContext());
            uni = Uni.createFrom()
                    .emitter(emitter -> target.runOnContext(ignored -> {
                        try {
                            work.get().subscribe().with(emitter::complete, emitter::fail);
                        } catch (RuntimeException e) {
                            emitter.fail(e);
                        }
                    }));
        }
        return uni.onFailure().transform(PgErrors::translate);
    }
}
