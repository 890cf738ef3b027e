package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.store.StoreException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** A connection reset under a query in flight (the database went away) is the store being unavailable: a 503. */
class PgErrorsTest {

    @Test
    void aResetConnectionIsUnavailableAndARejectedStatementIsNot() {
        var reset = new IllegalStateException("query failed", new SocketException("Connection reset"));
        assertThat(PgErrors.isUnavailable(reset)).isTrue();
        assertThat(PgErrors.translate(reset)).isInstanceOf(StoreException.Unavailable.class);
        assertThat(PgErrors.isUnavailable(new IllegalStateException("syntax error")))
                .isFalse();
    }
}
