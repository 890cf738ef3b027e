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
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Token revocation lists (docs/kuma-tokens.md §8), served from memory and kept current on every replica through the change
 * feed: GlobalSecret {@code user-token-revocations}, and per mesh the Secret {@code dataplane-token-revocations-<mesh>}.
 * A list is the secret's text, one trailing newline removed, split on commas; entries match a {@code jti} exactly.
 */
@ApplicationScoped
public class Revocations {

    public static final String USER = "user-token-revocations";
    public static final String DATAPLANE_PREFIX = "dataplane-token-revocations-";
    /** Historical (docs/kuma-tokens.md §8): zone tokens are no longer validated, the name still means a revocation list. */
    public static final String ZONE = "zone-token-revocations";

    static final int MAX_BYTES = 512 * 1024; // ~14 000 UUIDs; its base64 fits a 1 MiB request body
    static final int MAX_ENTRY = 256;

    private final StoreMirror<Set<String>> global;
    private final StoreMirror<Set<String>> meshed;

    public Revocations(ResourceStore store, ChangeFeed feed, Vertx vertx) {
        this.global = new StoreMirror<>(
                "revocations",
                store,
                feed,
                vertx,
                ResourceType.GLOBAL_SECRET,
                USER::equals,
                r -> parse(SecretData.of(r.spec())));
        this.meshed = new StoreMirror<>(
                "dataplane revocations",
                store,
                feed,
                vertx,
                ResourceType.SECRET,
                name -> name.startsWith(DATAPLANE_PREFIX),
                r -> parse(SecretData.of(r.spec())));
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
        return jti != null
                && global.get(ResourceKey.global(ResourceType.GLOBAL_SECRET, USER))
                        .map(list -> list.contains(jti))
                        .orElse(false);
    }

    public boolean dataplaneTokenRevoked(String mesh, String jti) {
        return jti != null
                && meshed.get(ResourceKey.inMesh(ResourceType.SECRET, mesh, DATAPLANE_PREFIX + mesh))
                        .map(list -> list.contains(jti))
                        .orElse(false);
    }

    /** Grows with every change to a list: a cached validation older than this is re-checked. */
    public long generation() {
        return global.generation() + meshed.generation();
    }

    /**
     * What is wrong with a revocation list, if anything, for role validation on write. Kuma stores any bytes and
     * matches entries exactly (docs/kuma-tokens.md §8), so {@code "a, b"} silently revokes nothing for {@code b}; meshtrust
     * refuses what cannot match a token id: empty entries, whitespace or control characters, entries over
     * {@value #MAX_ENTRY} characters, lists over {@value #MAX_BYTES} bytes. Empty data is an empty list.
     */
    public static Optional<String> problem(byte[] data) {
        if (data.length > MAX_BYTES) {
            return Optional.of("a list of " + data.length + " bytes (at most " + MAX_BYTES + ")");
        }
        String text = new String(data, StandardCharsets.ISO_8859_1);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] entries = text.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            String at = "entry " + (i + 1) + " of " + entries.length;
            if (entry.isEmpty()) {
                return Optional.of(at + " is empty");
            }
            if (!entry.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return Optional.of(at + " contains whitespace, a control or a non-ASCII character; entries are "
                        + "matched exactly, so it would revoke nothing");
            }
            if (entry.length() > MAX_ENTRY) {
                return Optional.of(at + " is longer than " + MAX_ENTRY + " characters");
            }
        }
        return Optional.empty();
    }

    /** What a revocation list must hold, for messages. */
    public static String requirement(String name) {
        return name + " must hold the ids (jti) of revoked tokens separated by commas, e.g. id1,id2 (one trailing "
                + "newline allowed)";
    }

    static Set<String> parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        // Set.copyOf, not Set.of: a list naming a token twice must still revoke it (Set.of throws on duplicates,
        // which left the whole list out of the mirror).
        return text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split(",", -1)));
    }

    @PreDestroy
    void close() {
        global.close();
        meshed.close();
    }
}
