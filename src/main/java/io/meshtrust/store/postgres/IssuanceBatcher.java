package io.meshtrust.store.postgres;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit of one write statement ({@link PostgresInsightStore#recordIssuance}; README, "Benchmarks", the renewal
 * storm). While a batch is in flight, concurrent callers queue up; when it completes, everything queued goes as the
 * next batch: one pipelined {@code executeBatch} of the same prepared statement, so one round trip and one implicit
 * transaction (one commit) for the batch, yet each caller's row is still written by its own statement, in arrival
 * order, with exactly the single statement's semantics (two issuances of one dataplane in a batch both count, the
 * newest by generation wins). An idle store sends a recording at once: nothing lingers.
 *
 * <p>A batch fails as a whole (a missing Dataplane's foreign key aborts its transaction): it is then replayed one
 * statement per caller, so each caller gets its own outcome and only the missing dataplane's caller fails.
 */
final class IssuanceBatcher {

    /** The most statements in one batch (PostgreSQL's pipeline takes many; this bounds one batch's latency). */
    static final int MAX_BATCH = 128;

    private record Pending(Tuple tuple, UniEmitter<? super Row> emitter) {}

    private final Pool pool;
    private final String sql;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchedStatements = new AtomicLong();
    private boolean inFlight;

    /** @param sql a statement with {@code returning}, one row per execution */
    IssuanceBatcher(Pool pool, String sql) {
        this.pool = pool;
        this.sql = sql;
    }

    /** Runs the statement with {@code tuple}, alone or in a batch: the row it returned, or its own failure. */
    Uni<Row> execute(Tuple tuple) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending> batch;
            synchronized (this) {
                queue.add(new Pending(tuple, emitter));
                batch = inFlight ? null : take();
            }
            if (batch != null) {
                send(batch);
            }
        });
    }

    /** Batches sent so far, and the statements in them (the test of the batching reads them). */
    long batches() {
        return batches.get();
    }

    long batchedStatements() {
        return batchedStatements.get();
    }

    /** The next batch, marking it in flight; null when nothing is queued. Holds the lock. */
    private List<Pending> take() {
        if (queue.isEmpty()) {
            inFlight = false;
            return null;
        }
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(queue.poll());
        }
        inFlight = true;
        return batch;
    }

    private void send(List<Pending> batch) {
        batches.incrementAndGet();
        batchedStatements.addAndGet(batch.size());
        if (batch.size() == 1) {
            Pending only = batch.get(0);
            pool.preparedQuery(sql)
                    .execute(only.tuple())
                    .subscribe()
                    .with(
                            rows -> {
                                next();
                                only.emitter().complete(rows.iterator().next());
                            },
                            failure -> {
                                next();
                                only.emitter().fail(failure);
                            });
            return;
        }
        List<Tuple> tuples = batch.stream().map(Pending::tuple).toList();
        pool.preparedQuery(sql)
                .executeBatch(tuples)
                .subscribe()
                .with(
                        rows -> {
                            // The next batch goes out before the callers' own continuations run on this thread.
                            next();
                            RowSet<Row> each = rows;
                            for (Pending p : batch) {
                                Row row = each.iterator().next();
                                each = each.next();
                                try {
                                    p.emitter().complete(row);
                                } catch (RuntimeException e) {
                                    // one caller's continuation failing must not leave the others waiting
                                    Infrastructure.handleDroppedException(e);
                                }
                            }
                        },
                        failure -> replayOneByOne(batch).subscribe().with(ignored -> next(), ignored -> next()));
    }

    /** After a failed batch: each caller's statement alone, in order, each with its own outcome. */
    private Uni<Void> replayOneByOne(List<Pending> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending p : batch) {
            chain = chain.chain(() -> pool.preparedQuery(sql)
                    .execute(p.tuple())
                    .onItemOrFailure()
                    .transform((rows, failure) -> {
                        if (failure != null) {
                            p.emitter().fail(failure);
                        } else {
                            p.emitter().complete(rows.iterator().next());
                        }
                        return null;
                    }));
        }
        return chain.replaceWithVoid();
    }

    private void next() {
        List<Pending> batch;
        synchronized (this) {
            batch = take();
        }
        if (batch != null) {
            send(batch);
        }
    }
}
