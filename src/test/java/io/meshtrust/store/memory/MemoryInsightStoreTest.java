package io.meshtrust.store.memory;

import io.meshtrust.store.InsightStore;
import io.meshtrust.store.InsightStoreContract;
import io.meshtrust.store.ResourceStore;

/** The insight contract on the in-memory store; a plain unit test. */
class MemoryInsightStoreTest extends InsightStoreContract {

    private MemoryResourceStore resources;
    private MemoryInsightStore insights;

    @Override
    protected void clear() {
        resources = new MemoryResourceStore(CLOCK);
        insights = new MemoryInsightStore(resources, CLOCK);
    }

    @Override
    protected ResourceStore resources() {
        return resources;
    }

    @Override
    protected InsightStore insights() {
        return insights;
    }
}
