package io.meshtrust.tokens;

import io.meshtrust.config.KumaConfig;
import io.meshtrust.secrets.SecretData;
import io.meshtrust.signingkeys.SigningKeyAccessor;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import io.meshtrust.tokens.user.UserTokenIssuer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At startup, before the API serves: the first user and zone signing keys (exactly once across replicas), the
 * in-memory key and revocation mirrors, then the admin token (kuma-tokens §6.1, §10).
 */
@Singleton
public class TokenBootstrap {

    /** Runs after the store is ready (PostgreSQL migrations observe StartupEvent with a lower priority). */
    public static final int PRIORITY = 2000;
    public static final String ADMIN_TOKEN = "admin-user-token";
    static final Duration ADMIN_TOKEN_VALIDITY = Duration.ofHours(87600);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(TokenBootstrap.class);

    void onStart(
            @Observes @Priority(PRIORITY) StartupEvent event,
            Vertx vertx,
            KumaConfig config,
            SigningKeyManager keys,
            SigningKeyAccessor accessor,
            Revocations revocations,
            UserTokenIssuer issuer,
            ResourceStore store,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        OnVertx.await(vertx, TIMEOUT, "creating the default signing keys", () ->
                keys.ensureDefault(SigningKeyFamily.USER, "").chain(() -> keys.ensureDefault(SigningKeyFamily.ZONE, "")));
        accessor.load(TIMEOUT);
        revocations.load(TIMEOUT);
        var tokens = config.apiServer().authn().tokens();
        if (config.apiServer().authn().type().equals("tokens") && tokens.bootstrapAdminToken()) {
            if (!tokens.enableIssuer()) {
                LOG.warn("The admin token is not generated: the user-token issuer is disabled "
                        + "(KUMA_API_SERVER_AUTHN_TOKENS_ENABLE_ISSUER=false)");
                return;
            }
            OnVertx.await(vertx, TIMEOUT, "bootstrapping the admin token", () -> adminToken(store, issuer));
            LOG.infof("The admin user token is in GlobalSecret %s. Read it with: curl http://localhost:%d"
                    + "/global-secrets/%s | jq -r .data | base64 -d  (disable with "
                    + "KUMA_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN=false)", ADMIN_TOKEN, httpPort, ADMIN_TOKEN);
        }
    }

    /** Creates GlobalSecret {@code admin-user-token} unless it exists; a replica losing the race keeps the winner's. */
    static Uni<Void> adminToken(ResourceStore store, UserTokenIssuer issuer) {
        ResourceKey key = ResourceKey.global(ResourceType.GLOBAL_SECRET, ADMIN_TOKEN);
        return store.get(key).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().voidItem();
            }
            LOG.info("Admin User Token not found. Generating.");
            return issuer.issue("mesh-system:admin", List.of("mesh-system:admin"), ADMIN_TOKEN_VALIDITY)
                    .chain(token -> store.create(Resource.draft(key, Map.of(),
                            SecretData.spec(token.getBytes(StandardCharsets.US_ASCII)))))
                    .replaceWithVoid()
                    .onFailure(StoreException.AlreadyExists.class).recoverWithNull();
        });
    }
}
