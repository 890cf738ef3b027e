-- V2: dataplane insights (Kuma's DataplaneInsight, owned by its Dataplane) with the mTLS statistics and meshtrust's
-- record of the current certificate as typed columns, so that dashboards filter and sort by certificate state with
-- indexes instead of reading JSON.

create table dataplane_insights (
    -- Always 'Dataplane': part of the foreign key, so deleting the Dataplane (or its Mesh) deletes the insight.
    type               text collate "C" not null default 'Dataplane' check (type = 'Dataplane'),
    mesh               text collate "C" not null,
    name               text collate "C" not null,
    creation_time      timestamptz not null,
    modification_time  timestamptz not null,
    -- Kuma's subscriptions (a JSON array kept as text: Hibernate Reactive reads only JSON objects; queries cast it to
    -- jsonb) and metadata (a JSON object).
    subscriptions      text not null default '[]',
    metadata           jsonb,
    -- Kuma's mTLS statistics; all null (and regenerations 0) when the insight has no mTLS section.
    cert_expiration    timestamptz,
    cert_generation    timestamptz,
    cert_regenerations bigint not null default 0,
    issued_backend     text,
    supported_backends text,  -- a JSON array of names, as text (cast to jsonb to query it)
    -- The current certificate (never its key).
    cert_serial        text,
    cert_not_before    timestamptz,
    renew_after        timestamptz,
    cert_identity      text,
    cert_mtls          text,
    -- Last contact from the data plane (certificate request or heartbeat).
    first_seen         timestamptz,
    last_seen          timestamptz,
    constraint dataplane_insights_pkey primary key (mesh, name),
    constraint dataplane_insights_dataplane_fkey foreign key (type, mesh, name)
        references resources (type, mesh, name) on delete cascade
);

-- certExpiresBefore / certState / soonest expirations, across meshes and within one mesh.
create index dataplane_insights_expiration_idx on dataplane_insights (cert_expiration, mesh, name)
    where cert_expiration is not null;
create index dataplane_insights_mesh_expiration_idx on dataplane_insights (mesh, cert_expiration, name)
    where cert_expiration is not null;
-- The rotation sweep and certState=renew-due|valid.
create index dataplane_insights_renew_idx on dataplane_insights (renew_after, mesh, name)
    where renew_after is not null;
create index dataplane_insights_mesh_renew_idx on dataplane_insights (mesh, renew_after, name)
    where renew_after is not null;
