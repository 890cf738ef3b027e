package io.meshtrust.resources;

import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.authn.User;
import io.meshtrust.config.ApiServerPaths;
import io.meshtrust.config.KumaConfig;
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

    private final String hostname = hostname();
    private final String instanceId =
            hostname + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final String version;
    private final String gui;
    private final ClusterIdentity cluster;
    private final RequestIdentity identity;

    public IndexResource(
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
            KumaConfig config,
            ClusterIdentity cluster,
            RequestIdentity identity) {
        this.version = version;
        this.gui = ApiServerPaths.guiUrl(config);
        this.cluster = cluster;
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
        // Kuma's clusterId (pkg/api-server/index_endpoints.go): the store's, the same on every replica
        body.put("clusterId", cluster.id());
        // Kuma 2.x writes the GUI's address here (guiUrl, pkg/api-server/server.go: GUI.RootUrl when set, else
        // GUI.BasePath, neither of which KUMA_API_SERVER_BASE_PATH or KUMA_API_SERVER_ROOT_URL changes); older
        // releases wrote a sentence. meshtrust's own dashboard is served at the GUI base path.
        body.put("gui", gui);
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
