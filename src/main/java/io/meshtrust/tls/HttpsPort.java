package io.meshtrust.tls;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;

/** The port the HTTPS API server is bound to, which differs from the setting when that is 0 (tests). */
@ApplicationScoped
public class HttpsPort {

    private volatile int port = -1;

    /** @return the bound port; empty when HTTPS is disabled, not yet started or stopped */
    public OptionalInt get() {
        int current = port;
        return current < 0 ? OptionalInt.empty() : OptionalInt.of(current);
    }

    void bound(int port) {
        this.port = port;
    }

    void closed() {
        this.port = -1;
    }
}
