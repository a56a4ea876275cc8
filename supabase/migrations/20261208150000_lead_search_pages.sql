-- Hand-written: a common search term's page of the lead table through the indexes, whatever the
-- planner guesses under RLS (issue 14, item 3; docs/decisions/0012-search-and-import.md).
--
-- Under row-level security ILIKE is not leakproof, so the planner may not look at search_text's
-- statistics: it guesses how many leads '%example.com%' matches from the term's length alone
-- (≤ 50 of a million), and to show 50 of "50" it reads and sorts every lead (1.6 s at a million).
-- The candidate lookup (`private.lead_ids_matching`) already tells a common term from a rare one:
-- it returns more than the table's cap. For a common term the app asks this function for the
-- page's ids instead. It runs as its owner, who sees the statistics, for one organization the
-- caller belongs to, live leads only, with every filter of the table, in the table's order: a
-- term matching every lead walks the sort's index and stops after the page (its first page costs
-- what an unfiltered first page costs). The app then reads those ids' rows under RLS as before.
-- Without `sort_key` the rows come in no order (the capped count: at most `max_rows` of them).

-- The statement text, apart so that tests/integration/lead-search-plans.test.ts can EXPLAIN it.
-- Parameters: $1 org, $2 pattern, $3 statuses, $4 campaign, $5 zone, $6 fewest attempts,
-- $7 most attempts, $8 rows, $9 rows to skip. Only the ORDER BY is spliced in, from this list.
create or replace function private.lead_ids_page_sql(
  has_pattern boolean,
  has_statuses boolean,
  has_campaign boolean,
  has_timezone boolean,
  has_attempts_min boolean,
  has_attempts_max boolean,
  consent text,
  sort_key text,
  sort_dir text
)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  order_by text;
begin
  -- The same terms, nulls placement included, as `orderBy` in src/lib/db/queries/leads.ts: the
  -- rows read back under RLS are ordered by that, so both must agree (the test compares them).
  order_by := case coalesce(sort_key, '') || ' ' || coalesce(sort_dir, '')
    when ' ' then ''
    when 'created desc' then ' order by l.created_at desc nulls last, l.id desc nulls last'
    when 'created asc' then ' order by l.created_at asc nulls first, l.id asc nulls first'
    when 'name asc' then ' order by l.last_name asc, l.first_name asc, l.id asc'
    when 'name desc' then ' order by l.last_name desc, l.first_name desc, l.id desc'
    when 'status asc' then ' order by l.status asc, l.created_at desc nulls last, l.id desc nulls last'
    when 'status desc' then ' order by l.status desc, l.created_at asc nulls first, l.id asc nulls first'
    when 'company asc' then ' order by l.company asc, l.id asc'
    when 'company desc' then ' order by l.company desc, l.id desc'
    when 'attempts asc' then ' order by l.attempts asc, l.id asc'
    when 'attempts desc' then ' order by l.attempts desc, l.id desc'
    when 'lastCalled desc' then ' order by l.last_called_at desc nulls last, l.id desc nulls last'
    when 'lastCalled asc' then ' order by l.last_called_at asc nulls first, l.id asc nulls first'
    when 'timezone asc' then ' order by l.timezone asc, l.id asc'
    when 'timezone desc' then ' order by l.timezone desc, l.id desc'
  end;
  if order_by is null then
    raise exception 'unknown lead sort: % %', sort_key, sort_dir using errcode = '22023';
  end if;
  if consent is not null and consent not in ('yes', 'no', 'unknown') then
    raise exception 'unknown consent filter: %', consent using errcode = '22023';
  end if;
  return 'select l.id from public.leads l where l.org_id = $1 and l.deleted_at is null'
    || case when has_pattern then ' and l.search_text ilike $2' else '' end
    || case when has_statuses then ' and l.status = any($3)' else '' end
    || case when has_campaign then ' and l.campaign_id = $4' else '' end
    || case when has_timezone then ' and l.timezone = $5' else '' end
    || case when has_attempts_min then ' and l.attempts >= $6' else '' end
    || case when has_attempts_max then ' and l.attempts <= $7' else '' end
    || case consent when 'yes' then ' and l.consent' when 'no' then ' and not l.consent'
         when 'unknown' then ' and l.consent is null' else '' end
    || order_by
    || ' limit $8 offset $9';
end;
$$;
revoke all on function private.lead_ids_page_sql(boolean, boolean, boolean, boolean, boolean, boolean, text, text, text) from public;

create or replace function private.lead_ids_page(
  org_id uuid,
  pattern text,
  statuses public.lead_status[],
  campaign_id uuid,
  timezone text,
  attempts_min integer,
  attempts_max integer,
  consent text,
  sort_key text,
  sort_dir text,
  max_rows integer,
  skip_rows integer
)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  -- The caller's own organizations only (the RLS helper reads auth.uid()'s memberships).
  if lead_ids_page.org_id not in (select m.org_id from private.user_org_ids() as m(org_id)) then
    return;
  end if;
  -- Planned with this call's values (EXECUTE plans every time), by the owner, who may read the
  -- statistics: the sort's index for a common term, the trigram index for a rarer one.
  return query execute private.lead_ids_page_sql(
      pattern is not null, statuses is not null, lead_ids_page.campaign_id is not null,
      lead_ids_page.timezone is not null, attempts_min is not null, attempts_max is not null,
      lead_ids_page.consent, sort_key, sort_dir)
    using lead_ids_page.org_id, pattern, statuses, lead_ids_page.campaign_id, lead_ids_page.timezone,
      attempts_min, attempts_max, max_rows, skip_rows;
end;
$$;
revoke all on function private.lead_ids_page(uuid, text, public.lead_status[], uuid, text, integer, integer, text, text, text, integer, integer) from public;
grant execute on function private.lead_ids_page(uuid, text, public.lead_status[], uuid, text, integer, integer, text, text, text, integer, integer) to authenticated;
