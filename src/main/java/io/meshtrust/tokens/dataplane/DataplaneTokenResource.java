package io.meshtrust.tokens.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.access.StaticAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.api.Violation;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.authn.User;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.tokens.TokenRequests;
import io.meshtrust.values.GoDuration;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tokens/dataplane} (Kuma's {@code pkg/tokens/builtin/server/webservice.go}
 * {@code handleIdentityRequest}): decode, validate, then access, then {@link DataplaneTokenIssuer} with the mesh's
 * {@code dataplane-token-signing-key-<mesh>}; claims {@link DataplaneIdentity}.
 */
@Path("/tokens/dataplane")
public class DataplaneTokenResource {

    /** Kuma's default when {@code validFor} is empty: ten years (kept for compatibility, issue kuma#4001). */
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(87600);

    private final DataplaneTokenIssuer issuer;
    private final RequestIdentity identity;
    private final StaticAccess access;

    public DataplaneTokenResource(DataplaneTokenIssuer issuer, RequestIdentity identity, KumaConfig config) {
        this.issuer = issuer;
        this.identity = identity;
        this.access = StaticAccess.of(config.access().staticAccess().generateDpToken());
    }

    record Request(
            String name, String mesh, Map<String, List<String>> tags, String type, String workload, String validFor) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issue(byte[] body) {
        User user = identity.user();
        Request r;
        try {
            JsonNode json = TokenRequests.object(body);
            r = new Request(
                    TokenRequests.text(json, "name"),
                    TokenRequests.text(json, "mesh"),
                    TokenRequests.tags(json, "tags"),
                    TokenRequests.text(json, "type"),
                    TokenRequests.text(json, "workload"),
                    TokenRequests.text(json, "validFor"));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Response.status(400).build());
        }
        Duration validFor;
        try {
            validFor = validate(r);
        } catch (ApiException.Invalid e) {
            return Uni.createFrom().failure(Titled.wrap(e, "Invalid request"));
        }
        if (!access.allows(user)) {
            return Uni.createFrom()
                    .failure(new ApiException.AccessDenied(
                            "user \"" + user + "\" cannot access generate dataplane token"));
        }
        var claims = new DataplaneIdentity(
                nullToEmpty(r.name()), r.mesh(), r.tags(), nullToEmpty(r.type()), nullToEmpty(r.workload()));
        return issuer.issue(claims, validFor)
                .map(token -> Response.ok(token, MediaType.TEXT_PLAIN_TYPE).build())
                .onFailure()
                .transform(Titled.as("Could not issue a token"));
    }

    static Duration validate(Request r) {
        List<Violation> v = new ArrayList<>();
        if (r.mesh() == null || r.mesh().isEmpty()) {
            v.add(new Violation("mesh", "cannot be empty"));
        }
        Duration validFor = DEFAULT_VALIDITY;
        try {
            validFor = GoDuration.validFor(r.validFor(), DEFAULT_VALIDITY);
        } catch (GoDuration.InvalidDurationException e) {
            v.add(new Violation("validFor", "is invalid: " + e.getMessage()));
        }
        if (r.type() != null && !r.type().isEmpty() && !r.type().equals("dataplane")) {
            v.add(new Violation("type", r.type() + " is not a valid proxy type"));
        }
        if (!v.isEmpty()) {
            throw new ApiException.Invalid(v);
        }
        return validFor;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
