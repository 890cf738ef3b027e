package io.meshtrust.http;

import io.meshtrust.api.Cors;
import io.meshtrust.config.KumaConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Installs {@link Cors} with {@code KUMA_API_SERVER_CORS_ALLOWED_DOMAINS} (Kuma's {@code pkg/api-server/server.go},
 * which installs go-restful's {@code CrossOriginResourceSharing} with {@code apiServer.corsAllowedDomains}). Here,
 * not in {@code api/}, because reading our configuration is composition ({@code docs/architecture.md}).
 */
@Singleton
public class CorsRoute {

    private final Cors cors;

    public CorsRoute(KumaConfig config) {
        this.cors = from(config);
    }

    /** The filter for a configuration: the setting's entries, none when it is unset. */
    public static Cors from(KumaConfig config) {
        return new Cors(config.apiServer().corsAllowedDomains().orElse(List.of()));
    }

    void install(@Observes Router router) {
        cors.install(router);
    }
}
