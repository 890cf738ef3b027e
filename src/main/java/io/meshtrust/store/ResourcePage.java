package io.meshtrust.store;

import java.util.List;
import java.util.OptionalInt;

/**
 * One page of a list: the items, the count of all matching items, and the offset of the next page when more remain.
 */
public record ResourcePage(List<Resource> items, long total, OptionalInt nextOffset) {

    public ResourcePage {
        items = List.copyOf(items);
    }

    public static ResourcePage of(List<Resource> items, long total, int offset) {
        int next = offset + items.size();
        return new ResourcePage(items, total, next < total ? OptionalInt.of(next) : OptionalInt.empty());
    }
}
