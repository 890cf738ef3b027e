package io.meshtrust.rotation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.PageRequest;
import io.meshtrust.api.Titled;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.insights.model.RotationQueries.Laggard;
import io.meshtrust.insights.model.RotationQueries.Reason;
import io.meshtrust.resources.ResourceEndpoints;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * {@code GET /meshes/{mesh}/ca-rotation} and {@code GET /ca-rotation} (meshtrust's; README, "CA rotation"): the
 * rotation progress of one mesh with the page of data planes holding its next step up
 * ({@code ?reason=lacks-root|old-issuer|stale-root|offline}, {@code ?name=} substring, {@code size}, {@code offset}),
 * and of every mesh ({@link AllCaRotationsResource}), paged as Kuma pages lists.
 */
@Path("/meshes/{mesh}/ca-rotation")
@Produces(MediaType.APPLICATION_JSON)
public class CaRotationResource {

    private final RequestIdentity identity;
    private final CaRotation rotation;

    public CaRotationResource(RequestIdentity identity, CaRotation rotation) {
        this.identity = identity;
        this.rotation = rotation;
    }

    @GET
    public Uni<Response> mesh(
            @PathParam("mesh") String mesh, @Context HttpServerRequest request, @Context UriInfo uri) {
        return rotation.mesh(identity.user(), mesh, () -> request(uri.getQueryParameters()))
                .map(found -> {
                    ObjectNode body = render(found.progress());
                    var page = found.laggards();
                    var asked = found.request();
                    int next = asked.offset() + page.items().size();
                    ObjectNode holdingUp = ResourceEndpoints.listBody(
                            page.total(),
                            page.items().stream()
                                    .map(CaRotationResource::render)
                                    .toList(),
                            next < page.total() && !page.items().isEmpty() ? OptionalInt.of(next) : OptionalInt.empty(),
                            request,
                            uri);
                    body.set("holdingUp", holdingUp);
                    return ResourceEndpoints.ok(body);
                })
                .onFailure()
                .transform(Titled.as(ResourceEndpoints.TITLE_GET));
    }

    private static CaRotation.LaggardRequest request(MultivaluedMap<String, String> params) {
        var page = PageRequest.parse(params, "/meshes/{mesh}/ca-rotation");
        Optional<Reason> reason = Optional.empty();
        String raw = params.getFirst("reason");
        if (raw != null && !raw.isEmpty()) {
            reason = Reason.parse(raw);
            if (reason.isEmpty()) {
                throw ApiException.Invalid.of(
                        "reason",
                        "unknown reason \"" + raw + "\": expected one of "
                                + Arrays.stream(Reason.values())
                                        .map(Reason::spelling)
                                        .collect(Collectors.joining(", ")));
            }
        }
        return new CaRotation.LaggardRequest(
                reason,
                page.nameContains().isEmpty() ? Optional.empty() : Optional.of(page.nameContains()),
                page.offset(),
                page.size());
    }

    /** The progress of one mesh (no data plane named: the list of laggards is {@code holdingUp}). */
    static ObjectNode render(RotationProgress p) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", "CaRotation");
        json.put("mesh", p.mesh());
        json.put("mtlsEnabled", p.mtlsEnabled());
        json.put("phase", p.phase().value());
        p.enabledBackend().ifPresent(b -> json.put("enabledBackend", b));
        p.target().ifPresent(b -> json.put("targetBackend", b));
        if (!p.retiring().isEmpty()) {
            ArrayNode retiring = json.putArray("retiringBackends");
            p.retiring().forEach(retiring::add);
        }
        json.put("nextStep", p.nextStep());
        ObjectNode dataplanes = json.putObject("dataplanes");
        dataplanes.set("withCertificate", counts(p.holders()));
        dataplanes.set("withoutCertificate", counts(p.withoutCertificate()));
        ArrayNode backends = json.putArray("backends");
        for (var b : p.backends()) {
            ObjectNode backend = backends.addObject();
            backend.put("name", b.name());
            backend.put("type", b.type());
            backend.put("enabled", b.enabled());
            backend.set("trustedBy", counts(b.trustedBy()));
            backend.set("issuerOf", counts(b.issuerOf()));
        }
        ObjectNode laggards = json.putObject("laggards");
        laggards.put("blocking", p.blockingLaggards());
        for (Reason r : Reason.values()) {
            laggards.put(camel(r.spelling()), p.laggards().getOrDefault(r, 0L));
        }
        return json;
    }

    private static ObjectNode render(Laggard l) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", l.name());
        json.put("reason", l.reason().label());
        json.put("issuedBackend", l.issuedBackend());
        ArrayNode supported = json.putArray("supportedBackends");
        l.supportedBackends().forEach(supported::add);
        put(json, "certificateExpirationTime", l.certificateExpirationTime());
        put(json, "renewAfter", l.renewAfter());
        put(json, "lastSeen", l.lastSeen());
        return json;
    }

    private static void put(ObjectNode json, String field, Instant value) {
        if (value != null) {
            json.put(field, value.toString());
        }
    }

    private static ObjectNode counts(RotationProgress.Counts c) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("total", c.total());
        json.put("online", c.online());
        json.put("offline", c.offline());
        return json;
    }

    /** {@code lacks-root} → {@code lacksRoot}. */
    static String camel(String spelling) {
        List<String> parts = List.of(spelling.split("-"));
        var out = new StringBuilder(parts.get(0));
        parts.stream()
                .skip(1)
                .forEach(p -> out.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1)));
        return out.toString();
    }
}
