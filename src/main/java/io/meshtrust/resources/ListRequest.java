package io.meshtrust.resources;

import io.meshtrust.api.ApiException;
import io.meshtrust.api.PageRequest;
import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;

/**
 * A list endpoint's store query: Kuma's list parameters ({@link PageRequest}, which knows no store) over one type and
 * mesh. {@link PageRequest#MAX_PAGE_SIZE} and {@link ListQuery#MAX_PAGE_SIZE} are both Kuma's 1000.
 */
public final class ListRequest {

    private ListRequest() {}

    /**
     * @param mesh      the mesh of a mesh-scoped path, empty for all meshes or a global type
     * @param routePath the route template, used in filter violations (e.g. {@code /meshes/{mesh}/dataplanes})
     * @throws ApiException.InvalidPageSize for a bad {@code size}
     * @throws ApiException.InvalidArgument for a bad {@code offset}
     * @throws ApiException.Invalid         for unsupported filters
     */
    public static ListQuery parse(
            ResourceType type, Optional<String> mesh, MultivaluedMap<String, String> params, String routePath) {
        PageRequest page = PageRequest.parse(params, routePath);
        return new ListQuery(type, mesh, page.nameContains(), page.labels(), page.offset(), page.size());
    }
}
