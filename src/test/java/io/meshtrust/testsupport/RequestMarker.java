package io.meshtrust.testsupport;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** Test-only request-scoped bean: one id per request, shared by the filter and the resource of that request. */
@RequestScoped
public class RequestMarker {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
