package io.meshtrust.signingkeys;

import io.meshtrust.store.ResourceKey;
import io.meshtrust.store.ResourceType;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The three families of token signing keys and how Kuma names them (docs/kuma-tokens.md §6.1, §6.3, §6.4).
 */
public enum SigningKeyFamily {
    USER("user-token-signing-key", ResourceType.GLOBAL_SECRET),
    ZONE("zone-token-signing-key", ResourceType.GLOBAL_SECRET),
    DATAPLANE("dataplane-token-signing-key", ResourceType.SECRET);

    // Go's strconv.Atoi: optional sign, decimal digits (leading zeros allowed), 64-bit range.
    private static final Pattern ATOI = Pattern.compile("^[+-]?\\d{1,19}$");

    private final String base;
    private final ResourceType type;

    SigningKeyFamily(String base, ResourceType type) {
        this.base = base;
        this.type = type;
    }

    public ResourceType type() {
        return type;
    }

    /** The name prefix: {@code user-token-signing-key}, or {@code dataplane-token-signing-key-<mesh>}. */
    public String prefix(String mesh) {
        return type.meshScoped() ? base + "-" + mesh : base;
    }

    /** Where the key with {@code kid} lives: {@code kid "0"} is the unsuffixed legacy name. */
    public ResourceKey keyFor(String mesh, String kid) {
        String name = kid.equals("0") ? prefix(mesh) : prefix(mesh) + "-" + kid;
        return new ResourceKey(type, type.meshScoped() ? mesh : "", name);
    }

    public ResourceKey keyFor(String mesh, long serial) {
        return keyFor(mesh, Long.toString(serial));
    }

    /**
     * The serial of a secret named {@code name}, or empty when it is not a key of this family: Kuma removes every
     * {@code prefix-} from the name and parses the rest as a decimal, 0 when that fails.
     */
    public OptionalLong serial(String mesh, String name) {
        String prefix = prefix(mesh);
        if (!name.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        String rest = name.replace(prefix + "-", "");
        if (!ATOI.matcher(rest).matches()) {
            return OptionalLong.of(0);
        }
        try {
            return OptionalLong.of(Long.parseLong(rest));
        } catch (NumberFormatException overflow) {
            return OptionalLong.of(0);
        }
    }

    /**
     * What is wrong with the name of a secret of this family, if anything: it must be the bare prefix (legacy
     * {@code kid "0"}) or {@code prefix-<serial>} with a positive serial in canonical decimal. Kuma stores any
     * such name but signs with {@code kid = Itoa(serial)} and looks the key up by that kid (docs/kuma-tokens.md §6.3-6.4),
     * so {@code -0002}, {@code -abc} or {@code -0} make a key whose tokens never validate.
     */
    public Optional<String> nameProblem(String mesh, String name) {
        String prefix = prefix(mesh);
        if (!name.startsWith(prefix) || name.equals(prefix)) {
            return Optional.empty();
        }
        String rest = name.startsWith(prefix + "-") ? name.substring(prefix.length() + 1) : "";
        OptionalLong serial = serial(mesh, name);
        if (serial.isPresent()
                && serial.getAsLong() > 0
                && Long.toString(serial.getAsLong()).equals(rest)) {
            return Optional.empty();
        }
        return Optional.of("a signing key is named " + prefix + "-<serial>, the serial a decimal number from 1 "
                + "without sign or leading zeros"
                + (serial.isPresent() && serial.getAsLong() > 0
                        ? " (tokens signed with this key carry kid \"" + serial.getAsLong() + "\" and are checked "
                                + "against " + keyFor(mesh, serial.getAsLong()).name() + ")"
                        : ""));
    }

    /** Kuma's message when no key can be found. */
    public String notFoundMessage(String mesh, String kid) {
        ResourceKey key = keyFor(mesh, kid);
        return type.meshScoped()
                ? "there is no signing key with KID " + kid + ". Secret of name \"" + key.name() + "\" in mesh \""
                        + mesh + "\" is not found. If signing key was rotated, regenerate the token"
                : "there is no signing key with KID " + kid + ". GlobalSecret of name \"" + key.name()
                        + "\" is not found. If signing key was rotated, regenerate the token";
    }
}
