package io.meshtrust.tokens.zone;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshtrust.access.StaticAccess;
import io.meshtrust.api.ApiException;
import io.meshtrust.api.Titled;
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
import java.util.List;

/**
 * {@code POST /tokens/zone} (Kuma's {@code pkg/tokens/builtin/server/webservice.go}
 * {@code handleZoneIdentityRequest}): decode, access (before validation, as Kuma), validate {@code validFor} (empty ⇒
 * ten years), then {@link ZoneTokenIssuer} with the newest {@code zone-token-signing-key}; claims {@link ZoneClaims}.
 */
@Path("/tokens/zone")
public class ZoneTokenResource {

    static final Duration DEFAULT_VALIDITY = Duration.ofHours(87600);

    private final ZoneTokenIssuer issuer;
    private final RequestIdentity identity;
    private final StaticAccess access;

    public ZoneTokenResource(ZoneTokenIssuer issuer, RequestIdentity identity, KumaConfig config) {
        this.issuer = issuer;
        this.identity = identity;
        this.access = StaticAccess.of(config.access().staticAccess().generateZoneToken());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issue(byte[] body) {
        User user = identity.user();
        String zone;
        List<String> scope;
        String validForText;
        try {
            JsonNode json = TokenRequests.object(body);
            zone = TokenRequests.text(json, "zone");
            scope = TokenRequests.strings(json, "scope");
            validForText = TokenRequests.text(json, "validFor");
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Response.status(400).build());
        }
        if (!access.allows(user)) {
            return Uni.createFrom()
                    .failure(new ApiException.AccessDenied("user \"" + user
                            + "\" cannot access generate zone token for zone '" + (zone == null ? "" : zone) + "'"));
        }
        Duration validFor;
        try {
            validFor = GoDuration.validFor(validForText, DEFAULT_VALIDITY);
        } catch (GoDuration.InvalidDurationException e) {
            return Uni.createFrom()
                    .failure(Titled.wrap(
                            ApiException.Invalid.of("validFor", "is invalid: " + e.getMessage()), "Invalid request"));
        }
        return issuer.issue(new ZoneClaims(zone, scope), validFor)
                .map(token -> Response.ok(token, MediaType.TEXT_PLAIN_TYPE).build())
                .onFailure()
                .transform(Titled.as("Could not issue a token"));
    }
}
