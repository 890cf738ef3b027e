package io.meshtrust.testsupport;

import io.meshtrust.store.ListQuery;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceType;
import io.meshtrust.store.StoreException;
import java.time.Duration;

/** Empties the store between test cases, through the store's own API. */
public final class StoreReset {

    private StoreReset() {}

    public static void clear(ResourceStore store) {
        for (ResourceType type : ResourceType.values()) {
            while (true) {
                var page = store.list(ListQuery.all(type)).await().atMost(Duration.ofSeconds(10));
                if (page.items().isEmpty()) {
                    break;
                }
                for (var r : page.items()) {
                    try {
                        store.delete(r.key()).await().atMost(Duration.ofSeconds(10));
                    } catch (StoreException.NotFound alreadyGone) {
                        // removed by a mesh cascade earlier in this loop
                    }
                }
            }
        }
    }
}
