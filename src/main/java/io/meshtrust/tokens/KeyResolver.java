package io.meshtrust.tokens;

import java.security.PublicKey;
import java.util.Optional;

/** Resolves a token's {@code kid} to the one public key that may verify it; unknown kids resolve to nothing. */
@FunctionalInterface
public interface KeyResolver {

    Optional<PublicKey> resolve(String kid);
}
