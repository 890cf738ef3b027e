package io.meshtrust.signingkeys;

import io.meshtrust.crypto.PemException;
import io.meshtrust.crypto.RsaKeys;
import io.meshtrust.secrets.SecretData;
import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreMirror;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The read side of signing keys (Kuma's {@code SigningKeyAccessor}): the public halves of every
 * {@code *-token-signing-key-*} secret, served from memory and following adds and deletes on every replica through
 * the change feed, so validating a token reads nothing from the store.
 */
@ApplicationScoped
public class SigningKeyAccessor {

    private final StoreMirror<PublicKey> global;
    private final StoreMirror<PublicKey> meshed;

    public SigningKeyAccessor(ResourceStore store, ChangeFeed feed, Vertx vertx) {
        this.global = new StoreMirror<>(
                "global signing keys",
                store,
                feed,
                vertx,
                ResourceType.GLOBAL_SECRET,
                name -> keyName(ResourceType.GLOBAL_SECRET, name),
                r -> publicHalf(SecretData.of(r.spec())));
        this.meshed = new StoreMirror<>(
                "dataplane signing keys",
                store,
                feed,
                vertx,
                ResourceType.SECRET,
                name -> keyName(ResourceType.SECRET, name),
                r -> publicHalf(SecretData.of(r.spec())));
    }

    public void load(Duration timeout) {
        global.loadNow(timeout);
        meshed.loadNow(timeout);
    }

    public boolean loaded() {
        return global.loaded() && meshed.loaded();
    }

    /** The public key for {@code kid} in the family (and mesh, for dataplane keys), if such a secret exists. */
    public Optional<PublicKey> publicKey(SigningKeyFamily family, String mesh, String kid) {
        var key = family.keyFor(mesh, kid);
        return family.type().meshScoped() ? meshed.get(key) : global.get(key);
    }

    /** Grows with every key change: cached validations older than this are re-checked. */
    public long generation() {
        return global.generation() + meshed.generation();
    }

    /** Whether {@code name} starts like a signing key of a family stored as {@code type}, every family counted. */
    private static boolean keyName(ResourceType type, String name) {
        return Arrays.stream(SigningKeyFamily.values())
                .anyMatch(family -> family.type() == type && name.startsWith(family.prefix("")));
    }

    // The same reader as issuing: a secret that could not sign is not a key to verify with either (401 as unknown).
    private static PublicKey publicHalf(byte[] data) {
        try {
            return RsaKeys.publicKeyOf(SigningKeyData.read(data));
        } catch (PemException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        global.close();
        meshed.close();
    }
}
