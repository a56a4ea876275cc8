-- Hand-written: a common search term's page of the lead table through the indexes, whatever the
-- planner guesses under RLS (issue 14, item 3; docs/decisions/0012-search-and-import.md).
--
-- Under row-level security LIKE is not leakproof, so the planner may not look at search_text's
-- statistics: it guesses how many leads '%example.com%' matches from the term's length alone
-- (≤ 50 of a million), and to show 50 of "50" it reads and sorts every lead (1.6 s at a million).
-- So a search's count and page come from this function instead. It runs as its owner, for one
-- organization the caller belongs to, live leads only, with every filter of the table, in the
-- table's order, and the page's plan does not rest on a guess either:
--
--   1. walk (when the count reached the cap, so the matches are many): the first
--      `greatest(10000, 10 × (skip + rows))` leads in the sort's order (the other filters applied,
--      not the term: a walk of the sort's index under a LIMIT, no sort), keeping those the term
--      matches. A term matching a tenth of them fills its page here; a term matching every lead
--      costs what an unfiltered page costs, at any page up to the cap.
--   2. sorted (fewer than the cap match, or the walk did not fill the page: a sparser term, or
--      one whose matches come late in that order, as "company 2" sorted by company): every match
--      found through the indexes (trigram, or another filter's) and sorted; the OFFSET 0 fence
--      keeps the planner from walking the sort's index instead. At most 10,000 rows when the
--      count says so.
--
-- Without `sort_key` the statement is plain (the capped count: any `max_rows` matching ids).
-- The search column holds lowercase text and the pattern is lowered the same way, so the match is
-- LIKE, not ILIKE: the same leads, three times cheaper per row (no case folding of every lead).

-- The statement texts, apart so that tests/integration/list-plans.test.ts can EXPLAIN them.
-- Parameters: $1 org, $2 pattern, $3 statuses, $4 campaign, $5 zone, $6 fewest attempts,
-- $7 most attempts, $8 rows, $9 rows to skip, $10 rows to walk. Only the ORDER BY and the
-- conditions are spliced in, from fixed lists.
create or replace function private.lead_ids_page_sql(
  kind text,
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
  filters text;
  matches constant text := 'l.search_text like lower($2)';
  columns constant text := 'l.id, l.search_text, l.created_at, l.last_name, l.first_name, l.status, '
    || 'l.company, l.attempts, l.last_called_at, l.timezone';
begin
  -- The same terms, nulls placement included, as `orderBy` in src/lib/db/queries/leads.ts (the
  -- page's rows are read back under RLS in that order; list-plans compares both paths).
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
  if kind not in ('any', 'walk', 'sorted') or (kind = 'any') <> (order_by = '') then
    raise exception 'unknown lead page statement: % %', kind, sort_key using errcode = '22023';
  end if;
  filters := 'l.org_id = $1 and l.deleted_at is null'
    || case when has_statuses then ' and l.status = any($3)' else '' end
    || case when has_campaign then ' and l.campaign_id = $4' else '' end
    || case when has_timezone then ' and l.timezone = $5' else '' end
    || case when has_attempts_min then ' and l.attempts >= $6' else '' end
    || case when has_attempts_max then ' and l.attempts <= $7' else '' end
    || case consent when 'yes' then ' and l.consent' when 'no' then ' and not l.consent'
         when 'unknown' then ' and l.consent is null' else '' end;
  if kind = 'walk' then
    return 'select l.id from (select ' || columns || ' from public.leads l where ' || filters
      || order_by || ' limit $10) l'
      || case when has_pattern then ' where ' || matches else '' end
      || order_by || ' limit $8 offset $9';
  end if;
  filters := filters || case when has_pattern then ' and ' || matches else '' end;
  if kind = 'sorted' then
    return 'select l.id from (select ' || columns || ' from public.leads l where ' || filters
      || ' offset 0) l' || order_by || ' limit $8 offset $9';
  end if;
  return 'select l.id from public.leads l where ' || filters || ' limit $8 offset $9';
end;
$$;
revoke all on function private.lead_ids_page_sql(text, boolean, boolean, boolean, boolean, boolean, boolean, text, text, text) from public;

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
  skip_rows integer,
  walk boolean
)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found uuid[];
  walk_rows integer := greatest(10000, 10 * (skip_rows + max_rows));
begin
  -- The caller's own organizations only (the RLS helper reads auth.uid()'s memberships).
  if lead_ids_page.org_id not in (select m.org_id from private.user_org_ids() as m(org_id)) then
    return;
  end if;
  -- EXECUTE plans each statement with this call's values, as the function's owner.
  if sort_key is not null and walk then
    execute 'select array(' || private.lead_ids_page_sql('walk', pattern is not null, statuses is not null,
        lead_ids_page.campaign_id is not null, lead_ids_page.timezone is not null, attempts_min is not null,
        attempts_max is not null, lead_ids_page.consent, sort_key, sort_dir) || ')'
      into found
      using lead_ids_page.org_id, pattern, statuses, lead_ids_page.campaign_id, lead_ids_page.timezone,
        attempts_min, attempts_max, max_rows, skip_rows, walk_rows;
    if cardinality(found) = max_rows or pattern is null then
      return query select unnest(found);
      return;
    end if;
  end if;
  return query execute private.lead_ids_page_sql(case when sort_key is null then 'any' else 'sorted' end,
      pattern is not null, statuses is not null, lead_ids_page.campaign_id is not null,
      lead_ids_page.timezone is not null, attempts_min is not null, attempts_max is not null,
      lead_ids_page.consent, sort_key, sort_dir)
    using lead_ids_page.org_id, pattern, statuses, lead_ids_page.campaign_id, lead_ids_page.timezone,
      attempts_min, attempts_max, max_rows, skip_rows, walk_rows;
end;
$$;
revoke all on function private.lead_ids_page(uuid, text, public.lead_status[], uuid, text, integer, integer, text, text, text, integer, integer, boolean) from public;
grant execute on function private.lead_ids_page(uuid, text, public.lead_status[], uuid, text, integer, integer, text, text, text, integer, integer, boolean) to authenticated;

-- The candidate lookup this replaces (20261208120001_trash_rls.sql): its ids narrowed the page
-- under RLS, which planned that page with the same blind guess; the count now comes from
-- lead_ids_page too.
drop function if exists private.lead_ids_matching(uuid, text, public.lead_status[], integer);
