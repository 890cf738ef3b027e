-- V5: the control plane's own values, one row per key, such as the cluster id (Kuma keeps them as system Config
-- resources: kuma-cluster-id, pkg/clusterid/creator.go). Each is written once, with insert ... on conflict do nothing,
-- so replicas starting together on an empty database agree on the first value committed.
create table control_plane_metadata (
    key           text collate "C" primary key,
    value         text not null,
    creation_time timestamptz not null default now()
);
