package io.meshtrust.http;

import io.meshtrust.api.BasePath;
import io.meshtrust.config.ApiServerPaths;
import io.meshtrust.config.KumaConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Installs {@link BasePath} with {@code KUMA_API_SERVER_BASE_PATH} (Kuma's {@code pkg/api-server/server.go}, whose
 * API web service is rooted at {@code apiServer.basePath}); the dashboard's path ({@code KUMA_API_SERVER_GUI_BASE_PATH})
 * stays outside it. Here, not in
 * {@code api/}, because reading our configuration is composition ({@code docs/architecture.md}).
 */
@Singleton
public class BasePathRoute {

    private final BasePath basePath;

    public BasePathRoute(KumaConfig config) {
        this.basePath = new BasePath(ApiServerPaths.basePath(config), List.of(ApiServerPaths.dashboardPath(config)));
    }

    void install(@Observes Router router) {
        basePath.install(router);
    }
}
