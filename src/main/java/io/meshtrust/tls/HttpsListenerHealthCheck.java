package io.meshtrust.tls;

import io.meshtrust.config.KumaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the HTTPS API server is bound (or disabled), so a load balancer never sends TLS to a dead port. */
@Readiness
@ApplicationScoped
public class HttpsListenerHealthCheck implements HealthCheck {

    private final KumaConfig config;
    private final HttpsPort port;

    HttpsListenerHealthCheck(KumaConfig config, HttpsPort port) {
        this.config = config;
        this.port = port;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("api-server-https");
        if (!config.apiServer().https().enabled()) {
            return response.up().withData("enabled", false).build();
        }
        var bound = port.get();
        return bound.isPresent()
                ? response.up().withData("port", bound.getAsInt()).build()
                : response.down().withData("reason", "not listening").build();
    }
}
