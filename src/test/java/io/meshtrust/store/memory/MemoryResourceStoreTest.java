package io.meshtrust.store.memory;

import io.meshtrust.store.ChangeFeed;
import io.meshtrust.store.ResourceStore;
import io.meshtrust.store.ResourceStoreContract;

/** The store contract on the in-memory store; a plain unit test. */
class MemoryResourceStoreTest extends ResourceStoreContract {

    private MemoryResourceStore store;

    @Override
    protected void clear() {
        store = new MemoryResourceStore(CLOCK);
    }

    @Override
    protected ResourceStore store() {
        return store;
    }

    @Override
    protected ChangeFeed feed() {
        return store;
    }
}
