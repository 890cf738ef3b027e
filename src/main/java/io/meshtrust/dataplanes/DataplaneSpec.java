package io.meshtrust.dataplanes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.api.Violation;
import io.meshtrust.resources.ResourceSpec;
import io.meshtrust.resources.SpecMapper;
import io.meshtrust.store.ResourceType;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decoding and rules of the Dataplane spec. A dataplane must be able to get an identity (kuma-ca-insights §4.1):
 * every inbound (and the gateway) carries {@code kuma.io/service}, unless the resource has the
 * {@code kuma.io/workload} label from which the identity is derived instead.
 */
@Singleton
public class DataplaneSpec implements ResourceSpec {

    public static final String SERVICE_TAG = "kuma.io/service";
    public static final String WORKLOAD_LABEL = "kuma.io/workload";

    @Override
    public ResourceType type() {
        return ResourceType.DATAPLANE;
    }

    @Override
    public ObjectNode decode(ObjectNode raw) {
        return SpecMapper.toJson(SpecMapper.bind(raw, Dataplane.class));
    }

    @Override
    public List<Violation> validate(String mesh, String name, Map<String, String> labels, ObjectNode spec) {
        Dataplane dp = SpecMapper.bind(spec, Dataplane.class);
        List<Violation> v = new ArrayList<>();
        Dataplane.Networking net = dp.networking();
        if (net == null) {
            v.add(new Violation("networking", "must be defined"));
            return v;
        }
        if (net.address() == null || net.address().isBlank()) {
            v.add(new Violation("networking.address", "address can't be empty"));
        }
        if (net.inbound().isEmpty() && net.gateway() == null) {
            v.add(new Violation("networking", "has to contain at least one inbound interface or gateway"));
        }
        if (!net.inbound().isEmpty() && net.gateway() != null) {
            v.add(new Violation("networking", "inbound cannot be defined both with gateway"));
        }
        boolean workload = labels.containsKey(WORKLOAD_LABEL) && !labels.get(WORKLOAD_LABEL).isEmpty();
        for (int i = 0; i < net.inbound().size(); i++) {
            Dataplane.Inbound in = net.inbound().get(i);
            String path = "networking.inbound[" + i + "]";
            if (in.port() == null || in.port() < 1 || in.port() > 65535) {
                v.add(new Violation(path + ".port", "port must be in the range [1, 65535]"));
            }
            if (in.servicePort() != null && (in.servicePort() < 1 || in.servicePort() > 65535)) {
                v.add(new Violation(path + ".servicePort", "port must be in the range [1, 65535]"));
            }
            v.addAll(serviceTag(path + ".tags", in.tags(), workload));
        }
        if (net.gateway() != null) {
            v.addAll(serviceTag("networking.gateway.tags", net.gateway().tags(), workload));
        }
        return v;
    }

    private static List<Violation> serviceTag(String path, Map<String, String> tags, boolean workload) {
        List<Violation> v = new ArrayList<>();
        String service = tags.get(SERVICE_TAG);
        if (service == null && !workload) {
            v.add(new Violation(path + "[\"" + SERVICE_TAG + "\"]",
                    "tag has to exist (or the Dataplane needs the kuma.io/workload label to derive its identity)"));
        } else if (service != null && service.isEmpty()) {
            v.add(new Violation(path + "[\"" + SERVICE_TAG + "\"]", "tag value cannot be empty"));
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty()) {
                v.add(new Violation(path, "tag name must be non-empty"));
            }
        });
        return v;
    }
}
