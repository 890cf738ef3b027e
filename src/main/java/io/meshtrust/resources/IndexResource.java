package io.meshtrust.resources;

import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.authn.User;
import io.meshtrust.config.ApiServerPaths;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /} (Kuma's index) and {@code GET /who-am-i}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class IndexResource {

    /** The Kuma release whose API meshtrust follows; Kuma clients read it from {@code basedOnKuma}. */
    public static final String BASED_ON_KUMA = "2.14.3";

    /**
     * Where meshtrust's dashboard is served (Kuma's default {@code KUMA_API_SERVER_GUI_BASE_PATH}): outside the API's
     * base path, which does not move it.
     */
    public static final String GUI_PATH = ApiServerPaths.DASHBOARD;

    private final String hostname = hostname();
    private final String instanceId =
            hostname + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final String version;
    private final RequestIdentity identity;

    public IndexResource(
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
            RequestIdentity identity) {
        this.version = version;
        this.identity = identity;
    }

    @GET
    @NonBlocking
    public Map<String, String> index() {
        var body = new LinkedHashMap<String, String>();
        body.put("hostname", hostname);
        body.put("tagline", "meshtrust");
        body.put("product", "meshtrust");
        body.put("version", version);
        body.put("basedOnKuma", BASED_ON_KUMA);
        body.put("instanceId", instanceId);
        // Kuma 2.x writes the GUI's base path here (GuiURL, pkg/api-server/server.go: GUI.BasePath or GUI.RootUrl,
        // neither of which KUMA_API_SERVER_BASE_PATH or KUMA_API_SERVER_ROOT_URL changes); older releases wrote a
        // sentence. meshtrust's own dashboard is served at /gui whatever the API's base path.
        body.put("gui", GUI_PATH);
        return body;
    }

    @GET
    @Path("who-am-i")
    @NonBlocking
    public Map<String, Object> whoAmI() {
        User user = identity.user();
        var body = new LinkedHashMap<String, Object>();
        body.put("name", user.name());
        body.put("groups", user.groups());
        return body;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
