package io.meshtrust.dataplanes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.resources.ResourceSpec;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Decoding and rules of the Dataplane spec: Kuma's networking rules ({@link DataplaneValidator}, after
 * {@code pkg/core/resources/apis/mesh/dataplane_validator.go}) and meshtrust's identity rule: a dataplane must be able
 * to get an identity (docs/kuma-ca-insights.md §4.1), so every inbound (and the gateway) carries {@code kuma.io/service},
 * unless the resource has the {@code kuma.io/workload} label from which the identity is derived instead.
 */
@Singleton
public class DataplaneSpec implements ResourceSpec {

    public static final String SERVICE_TAG = DataplaneValidator.SERVICE_TAG;
    public static final String WORKLOAD_LABEL = "kuma.io/workload";

    @Override
    public ResourceType type() {
        return ResourceType.DATAPLANE;
    }

    @Override
    public ObjectNode decode(ObjectNode raw) {
        Dataplane dp = SpecMapper.bind(raw, Dataplane.class);
        DataplaneValidator.checkTypes(dp);
        return SpecMapper.toJson(dp);
    }

    @Override
    public List<Violation> validate(String mesh, String name, Map<String, String> labels, ObjectNode spec) {
        return DataplaneValidator.validate(SpecMapper.bind(spec, Dataplane.class), labels);
    }
}
