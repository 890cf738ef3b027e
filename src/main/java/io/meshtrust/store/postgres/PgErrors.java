package io.meshtrust.store.postgres;

import io.meshtrust.store.StoreException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.hibernate.JDBCException;

/**
 * Reads PostgreSQL failures, wherever Hibernate Reactive or the Vert.x client wrapped them.
 */
final class PgErrors {

    /** SQLSTATE of a unique constraint violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private PgErrors() {}

    /** The SQLSTATE of the first database error in the cause chain. */
    static Optional<String> sqlState(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return Optional.of(pg.getSqlState());
            }
            if (t instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return Optional.of(jdbc.getSQLState());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    static boolean isUniqueViolation(Throwable failure) {
        return sqlState(failure).filter(UNIQUE_VIOLATION::equals).isPresent();
    }

    /**
     * Whether the failure means the database cannot be reached (as opposed to a rejected statement): refused or
     * timed-out connections, connections closed or reset under us (a {@link SocketException} on a connection in use
     * when the server goes away), a server shutting down or out of connection slots.
     */
    static boolean isUnavailable(Throwable failure) {
        var state = sqlState(failure);
        if (state.isPresent()) {
            var s = state.get();
            // 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now; 53300: too many connections
            return s.startsWith("08")
                    || s.equals("57P01")
                    || s.equals("57P02")
                    || s.equals("57P03")
                    || s.equals("53300");
        }
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SocketException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof ClosedConnectionException
                    || t instanceof ClosedChannelException
                    || t instanceof TimeoutException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
            // The client reports a pool whose connection went away this way, without a dedicated type.
            if (t instanceof VertxException v
                    && v.getMessage() != null
                    && v.getMessage().contains("Connection is not active")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The store's view of an unexpected failure: {@link StoreException.Unavailable} when the database cannot be
     * reached, the failure itself otherwise. Store exceptions pass unchanged.
     */
    static Throwable translate(Throwable failure) {
        if (failure instanceof StoreException) {
            return failure;
        }
        if (isUnavailable(failure)) {
            return new StoreException.Unavailable("the PostgreSQL store cannot be reached", failure);
        }
        return failure;
    }

    /** The innermost message, for diagnostics that name the cause without a stack trace. */
    static String rootMessage(Throwable failure) {
        var root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
