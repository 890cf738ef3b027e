package io.meshtrust.testsupport;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test-only endpoints: a fixed answer, and an echo of what the filter and the request scope saw. */
@Path("/_test")
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

    private final RequestMarker marker;

    public EchoResource(RequestMarker marker) {
        this.marker = marker;
    }

    @GET
    @Path("/hello")
    public Uni<Map<String, Object>> hello() {
        return Uni.createFrom().item(Map.of("hello", "mesh", "n", 1));
    }

    @GET
    @Path("/echo")
    public Uni<Map<String, Object>> echo(@Context ContainerRequestContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceRequestId", marker.id());
        for (String name : new String[] {"requestId", "ssl", "protocol", "peerSerial", "peerSubject"}) {
            body.put(name, context.getProperty("filter." + name));
        }
        return Uni.createFrom().item(body);
    }
}
