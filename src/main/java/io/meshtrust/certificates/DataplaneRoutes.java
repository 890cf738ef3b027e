package io.meshtrust.certificates;

import io.meshtrust.authn.SelfAuthenticatingRoutes;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The routes of {@link DataplaneCertificateResource} ({@code /meshes/{mesh}/dataplanes/{name}/certificate} and
 * {@code .../heartbeat}, any method): their endpoint verifies a dataplane token against the path's mesh itself
 * ({@link DataplaneCallers}), so request authentication leaves such a token to it.
 */
@ApplicationScoped
public class DataplaneRoutes implements SelfAuthenticatingRoutes {

    @Override
    public boolean matches(String routedPath) {
        // "", "meshes", mesh, "dataplanes", name, endpoint; -1 keeps a trailing empty segment, which never matches
        String[] segments = routedPath.split("/", -1);
        return segments.length == 6
                && segments[0].isEmpty()
                && segments[1].equals("meshes")
                && !segments[2].isEmpty()
                && segments[3].equals("dataplanes")
                && !segments[4].isEmpty()
                && (segments[5].equals("certificate") || segments[5].equals("heartbeat"));
    }
}
