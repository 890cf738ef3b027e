package io.meshtrust.signingkeys;

import io.meshtrust.crypto.CryptoWorker;
import io.meshtrust.crypto.PemCodec;
import io.meshtrust.crypto.PemException;
import io.meshtrust.crypto.RsaKeys;
import io.meshtrust.secrets.SecretData;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.StoreException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The write side of signing keys (Kuma's {@code SigningKeyManager}): creates a family's first key exactly once, and
 * finds the key that signs new tokens (highest serial), read from the store on every issuance as Kuma does.
 */
@ApplicationScoped
public class SigningKeyManager {

    private static final Logger LOG = Logger.getLogger(SigningKeyManager.class);

    private final ResourceStore store;
    private final CryptoWorker crypto;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public SigningKeyManager(ResourceStore store, CryptoWorker crypto) {
        this.store = store;
        this.crypto = crypto;
    }

    /**
     * Creates key serial 1 unless the family already has a key. Safe when several replicas call it at once: the key
     * is generated off the event loop, then created atomically; a replica that loses the race drops its key.
     *
     * @return true when this call created the key
     */
    public Uni<Boolean> ensureDefault(SigningKeyFamily family, String mesh) {
        return keys(family, mesh).chain(existing -> {
            if (!existing.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return crypto.generateKeys(() -> PemCodec.encodePrivateKey(RsaKeys.generate(RsaKeys.SIGNING_KEY_BITS)))
                    .chain(pem -> store.create(Resource.draft(
                            family.keyFor(mesh, 1),
                            Map.of(),
                            SecretData.spec(pem.getBytes(StandardCharsets.US_ASCII)))))
                    .map(created -> {
                        LOG.infof("default signing key created: %s", created.key());
                        return true;
                    })
                    .onFailure(StoreException.AlreadyExists.class)
                    .recoverWithItem(false);
        });
    }

    /**
     * The newest key of the family (strictly highest serial, first listed on ties). A newest key whose secret does
     * not hold a usable key is not skipped for an older one: the highest serial is the operator's rotation, and
     * signing with the key being rotated away would hide the fault and mint tokens that die with that key.
     *
     * @throws SigningKeyException.NotFound (failed Uni) when the family has no key
     * @throws SigningKeyException.Unusable (failed Uni, 503) when the newest key's secret is not a usable key,
     *                                   e.g. planted before role validation existed or written into the database
     */
    public Uni<SigningKey> latest(SigningKeyFamily family, String mesh) {
        return keys(family, mesh).chain(page -> {
            Resource newest = null;
            long best = -1;
            for (Resource r : page) {
                OptionalLong serial = family.serial(mesh, r.name());
                if (serial.isPresent() && serial.getAsLong() > best) {
                    best = serial.getAsLong();
                    newest = r;
                }
            }
            if (newest == null) {
                return Uni.createFrom().failure(new SigningKeyException.NotFound(family.notFoundMessage(mesh, "1")));
            }
            Resource chosen = newest;
            String kid = Long.toString(best);
            byte[] data;
            try {
                data = SecretData.of(chosen.spec());
            } catch (RuntimeException e) {
                // Only a spec written past the API (straight into the database) holds data that is not base64.
                return Uni.createFrom().failure(unusable(chosen, "stored data that is not base64"));
            }
            return crypto.submit(() -> new SigningKey(kid, SigningKeyData.read(data)))
                    .onFailure(PemException.class)
                    .transform(e -> unusable(chosen, e.getMessage()));
        });
    }

    private SigningKeyException.Unusable unusable(Resource secret, String got) {
        String where =
                secret.key().type().meshScoped() ? " in mesh \"" + secret.key().mesh() + "\"" : "";
        String message = "signing key " + secret.name() + where + " is not a valid RSA private key (got: " + got
                + "); replace or delete it";
        // Once per stored version, not per request; the reason never quotes the data.
        if (reported.add(secret.key() + "@" + secret.version())) {
            if (reported.size() > 1000) {
                reported.clear();
            }
            LOG.warn(message);
        }
        return new SigningKeyException.Unusable(message);
    }

    private Uni<List<Resource>> keys(SigningKeyFamily family, String mesh) {
        String prefix = family.prefix(mesh);
        var query = new ListQuery(
                family.type(),
                family.type().meshScoped() ? Optional.of(mesh) : Optional.empty(),
                prefix,
                Map.of(),
                0,
                ListQuery.MAX_PAGE_SIZE);
        return store.list(query)
                .map(page -> page.items().stream()
                        .filter(r -> r.name().startsWith(prefix))
                        .toList());
    }
}
