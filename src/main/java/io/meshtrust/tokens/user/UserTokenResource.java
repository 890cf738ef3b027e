package io.meshtrust.tokens.user;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.access.StaticAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
import io.meshtrust.api.Violation;
import io.meshtrust.authn.RequestIdentity;
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

/**
 * {@code POST /tokens/user} (Kuma's {@code pkg/plugins/authn/api-server/tokens/ws/server/webservice.go}
 * {@code handleIdentityRequest}): access first, then the body, then validation, then {@link UserTokenIssuer}; the
 * token is returned as {@code text/plain}. Like Kuma, the path ignores the API base path.
 */
@Path("/tokens/user")
public class UserTokenResource {

    private final UserTokenIssuer issuer;
    private final RequestIdentity identity;
    private final StaticAccess access;

    public UserTokenResource(UserTokenIssuer issuer, RequestIdentity identity, KumaConfig config) {
        this.issuer = issuer;
        this.identity = identity;
        this.access = StaticAccess.of(config.access().staticAccess().generateUserToken());
    }

    /** The request body, decoded as Go does: field names case-insensitive, unknown fields ignored. */
    record Request(String name, List<String> groups, String validFor) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issue(byte[] body) {
        if (!access.allows(identity.user())) {
            return Uni.createFrom().failure(new ApiException.AccessDenied("action not allowed"));
        }
        Request request;
        try {
            request = decode(body);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Response.status(400).build()); // Kuma answers a decode error with no body
        }
        Duration validFor;
        try {
            validFor = validate(request);
        } catch (ApiException.Invalid e) {
            return Uni.createFrom().failure(Titled.wrap(e, "Invalid request"));
        }
        return issuer.issue(new UserClaims(request.name(), request.groups()), validFor)
                .map(token -> Response.ok(token, MediaType.TEXT_PLAIN_TYPE).build())
                .onFailure()
                .transform(Titled.as("Could not issue a token"));
    }

    static Duration validate(Request r) {
        List<Violation> v = new ArrayList<>();
        if (r.name() == null || r.name().isEmpty()) {
            v.add(new Violation("name", "cannot be empty"));
        }
        Duration validFor = Duration.ZERO;
        if (r.validFor() == null || r.validFor().isEmpty()) {
            v.add(new Violation("validFor", "cannot be empty"));
        } else {
            try {
                validFor = GoDuration.parse(r.validFor());
            } catch (GoDuration.InvalidDurationException e) {
                v.add(new Violation("validFor", "is invalid: " + e.getMessage()));
            }
            if (validFor.isZero()) {
                v.add(new Violation("validFor", "cannot be empty or nil"));
            }
        }
        if (!v.isEmpty()) {
            throw new ApiException.Invalid(v);
        }
        return validFor;
    }

    static Request decode(byte[] body) {
        JsonNode json = TokenRequests.object(body);
        return new Request(
                TokenRequests.text(json, "name"),
                TokenRequests.strings(json, "groups"),
                TokenRequests.text(json, "validFor"));
    }
}
