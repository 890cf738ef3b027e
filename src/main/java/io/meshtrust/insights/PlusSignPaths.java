package io.meshtrust.insights;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Kuma's {@code dataplanes+insights} paths (and the legacy {@code zones+insights}, {@code zoneingresses+insights}) also answer when the client percent-encodes the {@code +}
 * ({@code dataplanes%2Binsights}), as they do in Kuma, whose router matches the decoded path. Routes here match the
 * path as sent, so the one encoded form is rewritten before matching.
 */
public class PlusSignPaths {

    private static final Pattern ENCODED = Pattern.compile("/(dataplanes|zones|zoneingresses)%2[Bb]insights(?=/|$)");

    @ServerRequestFilter(preMatching = true)
    public void decodePlus(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path == null || path.indexOf('%') < 0) {
            return;
        }
        var m = ENCODED.matcher(path);
        if (m.find()) {
            String rewritten = m.replaceAll("/$1+insights");
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            request.setRequestUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + rewritten + query));
        }
    }
}
