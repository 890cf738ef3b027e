-- V1: the resource table, its indexes and the change notification trigger.

-- Kuma lists by mesh then name in byte order; with "C" collation on the key columns the primary key index
-- already has that order, so a page is read from the index without sorting.
create table resources (
    type              text collate "C" not null,
    mesh              text collate "C" not null default '',
    name              text collate "C" not null,
    version           bigint not null,
    creation_time     timestamptz not null,
    modification_time timestamptz not null,
    labels            jsonb not null default '{}'::jsonb,
    spec              jsonb not null,
    constraint resources_pkey primary key (type, mesh, name)
);

-- Label equality filters are containment (labels @> '{"k":"v"}'); jsonb_path_ops is the compact GIN class for @>.
create index resources_labels_idx on resources using gin (labels jsonb_path_ops);

-- Name substring filters: a trigram index when pg_trgm can be had. pg_trgm is a trusted extension (PostgreSQL 13+),
-- but some managed databases hide it or deny CREATE; the store works without it (the filter then reads the
-- type's range of the primary key).
do $$
declare
    trgm_schema text;
begin
    if not exists (select 1 from pg_extension where extname = 'pg_trgm')
            and exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
        begin
            create extension pg_trgm;
        exception when insufficient_privilege then
            raise notice 'pg_trgm not installed (insufficient privilege): name filters will not use a trigram index';
        end;
    end if;
    select n.nspname into trgm_schema
        from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'pg_trgm';
    if trgm_schema is not null then
        -- Qualified, because the extension may live in a schema that is not on this search_path.
        execute format('create index resources_name_trgm_idx on resources using gin (name %I.gin_trgm_ops)',
                       trgm_schema);
    end if;
end
$$;

-- Every committed write is announced to every replica (LISTEN meshtrust_resources), as Kuma's resource_notify_event
-- trigger does. NOTIFY is transactional: a rolled back write announces nothing. The payload names the resource
-- only; its spec and labels never leave the table this way.
create function resources_notify() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('meshtrust_resources',
            json_build_object('kind', 'DELETED', 'type', old.type, 'mesh', old.mesh, 'name', old.name)::text);
        return old;
    end if;
    perform pg_notify('meshtrust_resources',
        json_build_object('kind', case tg_op when 'INSERT' then 'CREATED' else 'UPDATED' end,
                          'type', new.type, 'mesh', new.mesh, 'name', new.name)::text);
    return new;
end
$$;

create trigger resources_notify
    after insert or update or delete on resources
    for each row execute function resources_notify();
