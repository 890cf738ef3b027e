package io.meshtrust.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshtrust.config.ApiServerPaths;
import io.meshtrust.config.KumaConfig;
import io.meshtrust.config.StartupPhases;
import io.meshtrust.secrets.SecretData;
import io.meshtrust.signingkeys.SigningKeyAccessor;
import io.meshtrust.signingkeys.SigningKeyException;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.signingkeys.SigningKeyManager;
import io.meshtrust.store.OnVertx;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import io.meshtrust.tokens.user.UserClaims;
import io.meshtrust.tokens.user.UserTokenIssuer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At startup, before the API serves: the first user and zone signing keys (exactly once across replicas), the
 * in-memory key and revocation mirrors, then the admin token (Kuma's {@code pkg/core/tokens/default_signing_key.go} and
 * {@code pkg/plugins/authn/api-server/tokens/admin_token_bootstrap.go}).
 */
@Singleton
public class TokenBootstrap {

    /** Runs after the store is ready (PostgreSQL migrations observe StartupEvent with a lower priority). */
    public static final int PRIORITY = 2000;

    public static final String ADMIN_TOKEN = "admin-user-token";
    static final Duration ADMIN_TOKEN_VALIDITY = Duration.ofHours(87600);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(TokenBootstrap.class);
    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");
    private static final ObjectMapper JSON = new ObjectMapper();

    void onStart(
            @Observes @Priority(PRIORITY) StartupEvent event,
            Vertx vertx,
            KumaConfig config,
            SigningKeyManager keys,
            SigningKeyAccessor accessor,
            Revocations revocations,
            UserTokenIssuer issuer,
            ResourceStore store,
            StartupPhases phases,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        phases.time(
                "default signing keys",
                () -> OnVertx.await(
                        vertx,
                        TIMEOUT,
                        "creating the default signing keys",
                        () -> keys.ensureDefault(SigningKeyFamily.USER, "")
                                .chain(() -> keys.ensureDefault(SigningKeyFamily.ZONE, ""))));
        phases.run("signing-key and revocation mirrors", () -> {
            accessor.load(TIMEOUT);
            revocations.load(TIMEOUT);
        });
        var tokens = config.apiServer().authn().tokens();
        if (config.apiServer().authn().type().equals("tokens") && tokens.bootstrapAdminToken()) {
            if (!tokens.enableIssuer()) {
                LOG.warn("The admin token is not generated: the user-token issuer is disabled "
                        + "(KUMA_API_SERVER_AUTHN_TOKENS_ENABLE_ISSUER=false)");
                return;
            }
            // Stored data must not stop the server: the API is where it gets fixed. Only the store itself failing
            // (unreachable, ...) still fails the start, as creating the signing keys above does.
            Optional<String> notGenerated = phases.time(
                    "admin token",
                    () -> OnVertx.await(
                            vertx,
                            TIMEOUT,
                            "bootstrapping the admin token",
                            () -> adminToken(store, issuer)
                                    .replaceWith(Optional.<String>empty())
                                    .onFailure(e -> !(e instanceof StoreException))
                                    .recoverWithItem(TokenBootstrap::why)));
            if (notGenerated.isPresent()) {
                LOG.errorf(
                        "The admin token is not generated: %s. Once that is fixed through the API, restart to "
                                + "generate the token",
                        notGenerated.get());
                return;
            }
            LOG.infof(
                    "The admin user token is in GlobalSecret %s. Read it with: curl http://localhost:%d%s"
                            + "/global-secrets/%s | jq -r .data | base64 -d  (disable with "
                            + "KUMA_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN=false)",
                    ADMIN_TOKEN,
                    httpPort,
                    ApiServerPaths.basePath(config).equals("/") ? "" : ApiServerPaths.basePath(config),
                    ADMIN_TOKEN);
        }
    }

    /**
     * Why issuing the admin token failed, for the log. A {@link SigningKeyException}'s or an
     * {@link IssuerDisabledException}'s message is quoted: it is written for API clients and never holds secret data
     * (an unusable key is named, its data is not, see {@code SigningKeyManager}). Any other failure, e.g. a signing key
     * whose stored data is not even base64, is named by its type only, since its message could quote what it failed to
     * read.
     */
    private static Optional<String> why(Throwable failure) {
        if (failure instanceof SigningKeyException || failure instanceof IssuerDisabledException) {
            return Optional.of(failure.getMessage());
        }
        return Optional.of("issuing it failed with " + failure.getClass().getSimpleName() + ", on stored data of the "
                + "newest user-token signing key (the warnings above name the secret)");
    }

    /** What {@code admin-user-token} must hold, for messages. */
    public static String adminTokenRequirement(String name) {
        return name + " must hold a user token: a JWT signed with RS256 that names its key (kid), as the admin-token "
                + "bootstrap writes";
    }

    /**
     * What is wrong with the data of {@code admin-user-token}, if anything: only its form (three base64url parts, a
     * JSON header with {@code alg RS256} and a string {@code kid}, as {@link Jwt} writes it); one trailing newline is allowed.
     * The signature is not checked here: a token for a key yet to be written is still a token.
     */
    public static Optional<String> adminTokenProblem(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return Optional.of("no data");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3
                || !Arrays.stream(parts)
                        .allMatch(part -> BASE64URL.matcher(part).matches())) {
            return Optional.of("not a JWT (header.payload.signature in base64url)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("a JWT whose header is not JSON");
        }
        if (header == null || !header.path("alg").asText("").equals("RS256")) {
            return Optional.of("a JWT not signed with RS256");
        }
        if (!header.path("kid").isTextual()) {
            return Optional.of("a JWT without a string kid header");
        }
        return Optional.empty();
    }

    /** Creates GlobalSecret {@code admin-user-token} unless it exists; a replica losing the race keeps the winner's. */
    static Uni<Void> adminToken(ResourceStore store, UserTokenIssuer issuer) {
        ResourceKey key = ResourceKey.global(ResourceType.GLOBAL_SECRET, ADMIN_TOKEN);
        return store.get(key).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().voidItem();
            }
            LOG.info("Admin User Token not found. Generating.");
            return issuer.issue(new UserClaims("mesh-system:admin", List.of("mesh-system:admin")), ADMIN_TOKEN_VALIDITY)
                    .chain(token -> store.create(
                            Resource.draft(key, Map.of(), SecretData.spec(token.getBytes(StandardCharsets.US_ASCII)))))
                    .replaceWithVoid()
                    .onFailure(StoreException.AlreadyExists.class)
                    .recoverWithNull();
        });
    }
}
