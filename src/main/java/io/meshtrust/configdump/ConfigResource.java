package io.meshtrust.configdump;

import io.meshtrust.access.AccessDeniedException;
import io.meshtrust.access.StaticAccess;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.authn.User;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.MeshtrustConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /config}: the control plane's configuration ({@link ConfigDump}), as Kuma's
 * {@code pkg/api-server/config_ws.go} serves it: rendered once at start, answered as {@code application/json} to
 * whoever the control-plane metadata access list allows ({@code KUMA_ACCESS_STATIC_CONTROL_PLANE_METADATA_USERS} /
 * {@code _GROUPS}; by default everyone, credentials or not), otherwise 403 with Kuma's message
 * ({@code pkg/core/access/metadata.go}).
 */
@Path("/config")
public class ConfigResource {

    private final RequestIdentity identity;
    private final StaticAccess access;
    private final String body;

    public ConfigResource(RequestIdentity identity, KumaConfig kuma, MeshtrustConfig meshtrust) {
        this.identity = identity;
        this.access = StaticAccess.of(kuma.access().staticAccess().controlPlaneMetadata());
        this.body = ConfigDump.of(kuma, meshtrust).toString();
    }

    @GET
    public Uni<Response> config() {
        User user = identity.user();
        if (!access.allows(user)) {
            return Uni.createFrom()
                    .failure(new AccessDeniedException("user \"" + user + "\" cannot access control-plane metadata"));
        }
        return Uni.createFrom()
                .item(Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build());
    }
}
