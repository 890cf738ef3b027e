package io.meshtrust.http;

import io.meshtrust.config.ApiServerPaths;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.gui.GuiRoutes;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Installs the dashboard's {@link GuiRoutes} at {@code KUMA_API_SERVER_GUI_BASE_PATH} with the API's address for its
 * browser calls: {@code KUMA_API_SERVER_ROOT_URL} when set, else {@code KUMA_API_SERVER_BASE_PATH} (the path and the
 * {@code apiUrl} Kuma's {@code pkg/api-server/server.go} gives its GUI).
 */
@Singleton
public class DashboardRoute {

    private final GuiRoutes routes;

    public DashboardRoute(KumaConfig config) {
        this.routes = new GuiRoutes(
                ApiServerPaths.dashboardPath(config),
                ApiServerPaths.dashboardApiUrl(config),
                ApiServerPaths.dashboardApiOrigin(config));
    }

    void install(@Observes Router router) {
        routes.install(router);
    }
}
