-- V4: what a data plane said it runs (Kuma's Version JSON: kumaDp, envoy, dependencies; api/mesh/v1alpha1/
-- dataplane_insight.proto), as the last heartbeat that carried one gave it. Null when none did. Read back whole with
-- the insight and never queried by its content, so a JSON object without indexes.
alter table dataplane_insights add column version jsonb;
