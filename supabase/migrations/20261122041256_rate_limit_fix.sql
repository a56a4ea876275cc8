-- Hand-written. `private.hit_rate_limit` failed on every call: in plpgsql the conflict target
-- `(bucket, window_start)` is ambiguous with the parameter `bucket` ("column reference is
-- ambiguous"). Same function, with the conflict target named by its constraint.
create or replace function private.hit_rate_limit(bucket text, window_seconds integer, max_hits integer)
returns table (allowed boolean, remaining integer, reset_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  start timestamptz := to_timestamp(floor(extract(epoch from now()) / window_seconds) * window_seconds);
  n integer;
begin
  insert into private.rate_limits as r (bucket, window_start, hits)
  values (hit_rate_limit.bucket, start, 1)
  on conflict on constraint rate_limits_pkey do update set hits = r.hits + 1
  returning r.hits into n;
  -- Old windows are dropped as we go, a few at a time, so the table stays small without a job.
  delete from private.rate_limits
  where ctid in (
    select ctid from private.rate_limits
    where window_start < now() - make_interval(secs => window_seconds * 2) limit 100
  );
  return query select n <= max_hits, greatest(max_hits - n, 0), start + make_interval(secs => window_seconds);
end;
$$;
revoke all on function private.hit_rate_limit(text, integer, integer) from public;
grant execute on function private.hit_rate_limit(text, integer, integer) to service_role;
