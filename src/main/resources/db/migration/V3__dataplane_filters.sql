-- V3: indexes for the dataplane overview lists: Kuma's ?tag=k:v and ?gateway=... filters, and joins between
-- resources and dataplane_insights that are not derailed by the name trigram index.
--
-- What EXPLAIN ANALYZE showed on PostgreSQL 14 (shared 2-core machine, so times are rough) with 100,000 Dataplanes
-- in 10 meshes (1% gateways, half of them builtin) and 90,000 insights (2% expired, 17% renew-due), for the statements
-- of OverviewSql and PostgresInsightQueries, pages of 100:
--   * tag=kuma.io/service:svc-42 (2,200 matches): page and count are a Bitmap Index Scan on
--     resources_dataplane_tags_trgm_idx with the exact jsonpath check as a filter, ~40 ms each. Without the index
--     this is a sequential scan of every row (~1.1 s with the first flattening function, a SQL aggregate at ~11 us a
--     row; jsonb_path_query_array and jsonb_path_exists cost ~1 us a row). With filter[labels.team]=t3 as well:
--     BitmapAnd of resources_labels_idx and the tag index, 38 ms.
--   * tag=version:v1 (a third of the rows): the page walks resources_pkey in Kuma's order and filters, 0.7 ms; the
--     count must visit every match (bitmap scan of the tag index, ~280 ms). A *partial* tag index (where type =
--     'Dataplane') gave 10-row estimates for every pattern, because PostgreSQL ignores the expression statistics of
--     partial indexes: that page became a 1.3 s bitmap scan plus sort. Hence this index covers every row (other
--     types index as '[]', which has no trigrams).
--   * gateway=true|builtin|delegated: page and count on resources_dataplane_gateway_idx, < 7 ms. gateway=false: the
--     page walks resources_pkey (4 ms at offset 5,000); its count, 99% of the rows, is a parallel sequential scan
--     (37 ms), the right plan for counting nearly everything.
--   * certState=expired|renew-due|valid and certExpiresBefore without other filters: the page is read from
--     dataplane_insights alone (expiration / renew / primary-key index), then resources_pkey for its 100 keys:
--     0.5-1.8 ms. Counts: expired 0.3 ms and certExpiresBefore(+10 min) 0.3 ms (index-only scans of
--     dataplane_insights_expiration_idx), renew-due 9 ms (bitmap on dataplane_insights_renew_idx); valid, 80% of the
--     insights, is a sequential scan of dataplane_insights (16 ms). With a name or tag filter too: hash join of the
--     trigram index's matches with dataplane_insights_expiration_idx, 9-31 ms.
--   * certState=none (no certificate): the page is a merge anti join of resources_pkey and dataplane_insights_pkey
--     (it reads Dataplanes in order until the page is full: 100 ms when the first 30,000 all have certificates); its
--     count is a hash anti join over both tables (120 ms): absence cannot be looked up in an index.
--   * certificate-insights of one mesh: per-backend counts on dataplane_insights_mesh_expiration_idx (9 ms), the
--     Dataplane count an index-only scan of resources_pkey (6 ms), the soonest expirations the first entries of
--     dataplane_insights_mesh_expiration_idx (0.04 ms). Of every mesh: the counts aggregate every insight (parallel
--     sequential scan, 63 ms; there is no selective part), the soonest read dataplane_insights_expiration_idx.
--   * mesh-insights: one mesh 48 ms (dataplane_insights_pkey range; online needs the subscriptions text parsed);
--     every mesh 130 ms (sequential scan: the whole table is aggregated).
--   * Without the collation change below, the insight-driven pages above ran nested loops that probed resources with
--     "name = d.name" through resources_name_trgm_idx: pg_trgm 1.6 (PostgreSQL 14) supports = in gin_trgm_ops and the
--     planner prices a probe with a value unknown at plan time as cheap; each took 2-4 ms instead of 0.01 ms on
--     resources_pkey (0.66 s for a page of 100). So the name trigram index is rebuilt under the "POSIX" collation:
--     name filters ask for it (name collate "POSIX" like ...), while equality on name, in the column's "C"
--     collation, can no longer pick it. "C" and "POSIX" compare identically (bytes).

-- The tag maps of a Dataplane's inbounds and of its gateway, as a JSON array of objects: what Kuma's
-- MatchTagsFuzzy iterates over. Built-in functions only (no search_path dependence); inlined by the planner.
create function dataplane_tag_sets(spec jsonb) returns jsonb
    language sql immutable parallel safe as $$
    select jsonb_path_query_array(spec, '$.networking.inbound[*].tags')
        || jsonb_path_query_array(spec, '$.networking.gateway.tags')
$$;

-- ?gateway=true|builtin|delegated: gateways are few, so their keys in Kuma's order are a small partial index.
create index resources_dataplane_gateway_idx on resources (mesh, name)
    where type = 'Dataplane' and jsonb_typeof(spec -> 'networking' -> 'gateway') = 'object';

do $$
declare
    trgm_schema text;
begin
    select n.nspname into trgm_schema
        from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'pg_trgm';
    if trgm_schema is not null then
        -- ?tag=k:v is first narrowed with  cast(dataplane_tag_sets(spec) as text) like '%"k": "%v%'  (true for every
        -- Dataplane with a tag k whose value contains v, JSON-escaped, and for a few others), then checked exactly
        -- with jsonb_path_exists on the spec.
        execute format('create index resources_dataplane_tags_trgm_idx on resources'
                       ' using gin (cast(dataplane_tag_sets(spec) as text) %I.gin_trgm_ops)', trgm_schema);
        -- See above: the name trigram index, under a collation that only name filters ask for.
        drop index if exists resources_name_trgm_idx;
        execute format('create index resources_name_trgm_idx on resources'
                       ' using gin (name collate "POSIX" %I.gin_trgm_ops)', trgm_schema);
    end if;
end
$$;
