package io.meshtrust.tokens;

import io.meshtrust.secrets.SecretData;
import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreMirror;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * Token revocation lists (kuma-tokens §8), served from memory and kept current on every replica through the change
 * feed: GlobalSecret {@code user-token-revocations}, and per mesh the Secret {@code dataplane-token-revocations-<mesh>}.
 * A list is the secret's text, one trailing newline removed, split on commas; entries match a {@code jti} exactly.
 */
@ApplicationScoped
public class Revocations {

    public static final String USER = "user-token-revocations";
    public static final String DATAPLANE_PREFIX = "dataplane-token-revocations-";

    private final StoreMirror<Set<String>> global;
    private final StoreMirror<Set<String>> meshed;

    public Revocations(ResourceStore store, ChangeFeed feed, Vertx vertx) {
        this.global = new StoreMirror<>("revocations", store, feed, vertx, ResourceType.GLOBAL_SECRET,
                USER::equals, r -> parse(SecretData.of(r.spec())));
        this.meshed = new StoreMirror<>("dataplane revocations", store, feed, vertx, ResourceType.SECRET,
                name -> name.startsWith(DATAPLANE_PREFIX), r -> parse(SecretData.of(r.spec())));
    }

    /** Loads both lists; called once at startup. */
    public void load(Duration timeout) {
        global.loadNow(timeout);
        meshed.loadNow(timeout);
    }

    public boolean loaded() {
        return global.loaded() && meshed.loaded();
    }

    public boolean userTokenRevoked(String jti) {
        return jti != null && global.get(ResourceKey.global(ResourceType.GLOBAL_SECRET, USER))
                .map(list -> list.contains(jti)).orElse(false);
    }

    public boolean dataplaneTokenRevoked(String mesh, String jti) {
        return jti != null && meshed.get(ResourceKey.inMesh(ResourceType.SECRET, mesh, DATAPLANE_PREFIX + mesh))
                .map(list -> list.contains(jti)).orElse(false);
    }

    /** Grows with every change to a list: a cached validation older than this is re-checked. */
    public long generation() {
        return global.generation() + meshed.generation();
    }

    static Set<String> parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() ? Set.of() : Set.of(text.split(",", -1)).stream()
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @PreDestroy
    void close() {
        global.close();
        meshed.close();
    }
}
