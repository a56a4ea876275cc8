-- Hand-written: the calls log's full-text search through calls_search_idx under RLS.
--
-- As with the lead search (20261122042100_leads_search.sql): with row-level security on, Postgres
-- makes a condition an index condition only when its operator is leakproof, and `@@` is not (only
-- a superuser can mark it). From the `authenticated` role a search therefore never reaches the GIN
-- index: a rare word meant computing the tsvector of every call of the organization (1.3 s at
-- 100,000 calls, measured in tests/integration/list-plans.test.ts's data).
--
-- This function runs the match as its owner, for one organization the caller belongs to, and
-- returns at most `max_rows` matching call ids. The app asks for one more than it can use: when
-- fewer come back, the ids narrow its own query, which still reads the rows under RLS; when that
-- many come back the word is common, and the page walks the organization's calls newest first
-- and stops at its 25 (docs/decisions/0015-calls-log-live.md).
create or replace function private.call_ids_matching(
  org_id uuid,
  query text,
  max_rows integer
)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if call_ids_matching.org_id not in (select m.org_id from private.user_org_ids() as m(org_id)) then
    return;
  end if;
  -- Dynamic SQL is planned with this call's words: a rare word takes the GIN index, and the
  -- expression must be written exactly as calls_search_idx's for that.
  return query execute
    'select c.id from public.calls c where c.org_id = $1'
    || ' and to_tsvector(''english''::regconfig, coalesce(c.summary, '''') || '' '' || coalesce(c.transcript, ''''))'
    || ' @@ websearch_to_tsquery(''english''::regconfig, $2) limit $3'
    using call_ids_matching.org_id, call_ids_matching.query, max_rows;
end;
$$;
revoke all on function private.call_ids_matching(uuid, text, integer) from public;
grant execute on function private.call_ids_matching(uuid, text, integer) to authenticated;
