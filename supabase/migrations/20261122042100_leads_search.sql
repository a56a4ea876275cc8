-- Hand-written: the lead table's search and status filter through their indexes under RLS.
--
-- With row-level security on, Postgres turns a condition into an index condition only when its
-- operator is leakproof. ILIKE is not, and neither is `=` on an enum (only a superuser can mark
-- them), so `search_text ilike '%term%'` and `status = any(...)` from the `authenticated` role
-- never reach leads_search_text_trgm_idx or leads_org_id_status_idx: a rare name, number or status
-- means reading all of an organization's leads, seconds at a million.
--
-- This function runs those two conditions as its owner, for one organization the caller belongs
-- to, and returns at most `max_rows` matching lead ids. The app asks for one more than it can use:
-- when fewer come back, the ids narrow its own query, which still reads the rows under RLS.
-- (The service role bypasses RLS, so its queries use the indexes directly.)
create or replace function private.lead_ids_matching(
  org_id uuid,
  pattern text,
  statuses public.lead_status[],
  max_rows integer
)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if lead_ids_matching.org_id not in (select private.user_org_ids()) then
    return;
  end if;
  -- Dynamic SQL is planned with this call's pattern and statuses, so the planner can choose the
  -- trigram index, the status index or both.
  return query execute
    'select l.id from public.leads l where l.org_id = $1'
    || case when pattern is null then '' else ' and l.search_text ilike $2' end
    || case when statuses is null then '' else ' and l.status = any($3)' end
    || ' limit $4'
    using lead_ids_matching.org_id, pattern, statuses, max_rows;
end;
$$;
revoke all on function private.lead_ids_matching(uuid, text, public.lead_status[], integer) from public;
grant execute on function private.lead_ids_matching(uuid, text, public.lead_status[], integer) to authenticated;
