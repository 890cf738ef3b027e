package io.meshtrust.certificates;

import io.meshtrust.access.AccessDeniedException;
import io.meshtrust.access.AdminResourceAccess;
import io.meshtrust.authn.RequestIdentity;
import io.meshtrust.authn.UnauthenticatedException;
import io.meshtrust.tokens.InvalidTokenException;
import io.meshtrust.tokens.PresentedToken;
import io.meshtrust.tokens.dataplane.DataplaneIdentity;
import io.meshtrust.tokens.dataplane.DataplaneTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may ask for a dataplane's certificate or report its heartbeat: an admin (Kuma's {@code adminResources} access
 * list, localhost-admin included), or the data plane itself with a dataplane token of that mesh. The token's claims are
 * checked as Kuma's DP server does (docs/kuma-tokens.md §11.3): {@code Name} must be the dataplane's name, every {@code Tags}
 * entry must be among the dataplane's tags or labels with an allowed value, {@code Workload} must equal the
 * {@code kuma.io/workload} label; ingress and egress tokens are not accepted.
 */
@ApplicationScoped
public class DataplaneCallers {

    private final AdminResourceAccess admins;
    private final DataplaneTokenValidator tokens;

    public DataplaneCallers(AdminResourceAccess admins, DataplaneTokenValidator tokens) {
        this.admins = admins;
        this.tokens = tokens;
    }

    /** The caller: an admin, or a data plane whose token checked out for the path's mesh and name. */
    public sealed interface Caller {
        record Admin() implements Caller {}

        record Dataplane(DataplaneIdentity token) implements Caller {}
    }

    /**
     * What can be decided before the dataplane is read (so that nobody learns which dataplanes exist).
     *
     * @throws UnauthenticatedException when a presented token is neither a user token nor a valid dataplane token
     * @throws AccessDeniedException    when the caller is neither admin nor this data plane
     */
    public Caller identify(RequestIdentity identity, String mesh, String name) {
        Optional<PresentedToken> presented = identity.deferredToken(PresentedToken.class);
        if (presented.isEmpty() && admins.isAdmin(identity.user())) {
            return new Caller.Admin();
        }
        if (presented.isPresent()) {
            DataplaneIdentity token;
            try {
                token = tokens.validate(presented.get(), mesh);
            } catch (InvalidTokenException e) {
                throw new UnauthenticatedException(e.getMessage());
            }
            if (!token.name().isEmpty() && !token.name().equals(name)) {
                throw new AccessDeniedException(
                        "proxy name from requestor: " + name + " is different than in token: " + token.name());
            }
            if (!token.type().isEmpty() && !token.type().equals("dataplane")) {
                throw new AccessDeniedException("a token of type \"" + token.type()
                        + "\" cannot be used by a dataplane; issue one with type dataplane");
            }
            return new Caller.Dataplane(token);
        }
        throw new AccessDeniedException("user \"" + identity.user() + "\" cannot access the certificate of "
                + "dataplane \"" + name + "\" in mesh \"" + mesh + "\": present a dataplane token for it, or be admin");
    }

    /**
     * The checks that need the dataplane: the token's tags and workload.
     *
     * @throws AccessDeniedException when the token is bound to tags or a workload the dataplane does not have
     */
    public void checkBinding(Caller caller, Map<String, Set<String>> available, Map<String, String> labels) {
        if (!(caller instanceof Caller.Dataplane dp)) {
            return;
        }
        DataplaneIdentity token = dp.token();
        for (Map.Entry<String, List<String>> tag : token.tags().entrySet()) {
            Set<String> values = available.get(tag.getKey());
            if (values == null) {
                throw new AccessDeniedException("dataplane has no tag \"" + tag.getKey() + "\" required by the token");
            }
            for (String value : values) {
                if (!tag.getValue().contains(value)) {
                    throw new AccessDeniedException("dataplane contains tag \"" + tag.getKey() + "\" with value \""
                            + value + "\" which is not allowed with this token. Allowed values in token are "
                            + tag.getValue());
                }
            }
        }
        String workload = labels.getOrDefault(IdentityTags.WORKLOAD_LABEL, "");
        if (!token.workload().isEmpty() && !token.workload().equals(workload)) {
            throw new AccessDeniedException("workload from the token: " + token.workload()
                    + " is different than the dataplane's kuma.io/workload label: " + workload);
        }
    }
}
