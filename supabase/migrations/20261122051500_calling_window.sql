-- Hand-written: the calling-window test the dialer's claim query uses, in SQL so eligibility is
-- decided at claim time inside the same statement that locks the lead.
--
-- The legal rule (TCPA, 47 CFR 64.1200(c)(1)): no call before 08:00 or after 21:00 in the called
-- party's local time. A campaign's days and hours can only narrow that, so the window used here is
-- [greatest(start_minute, 480), least(end_minute, 1260)) minutes after local midnight, end
-- exclusive. A lead whose zone is uncertain passes its candidate zones too: it is callable only
-- when every one of them is inside the window.
--
-- Daylight saving time: `at at time zone z` converts with the server's IANA data for that instant,
-- so spring-forward and fall-back nights give the true local wall time. That data can change with
-- a tzdata update, which is why the function is `stable`, not `immutable` (an immutable function
-- could be folded into an index or a plan and keep stale answers).
--
-- Fail closed: an empty or null zone list, a null zone, day list or bound is false, never true.
-- An unknown zone name raises ("time zone ... not recognized"): every zone is converted (bool_and
-- reads every row), so a misspelt zone can never be skipped. This mirrors `isCallableAt` in
-- src/lib/dialer/calling-window.ts, which the integration test checks it against.
create or replace function private.in_calling_window(
  at timestamptz,
  zones text[],
  days integer[],
  start_minute integer,
  end_minute integer
)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(
    bool_and(
      coalesce(
        extract(dow from local.ts)::integer = any(in_calling_window.days)
        and extract(hour from local.ts)::integer * 60 + extract(minute from local.ts)::integer
          >= greatest(in_calling_window.start_minute, 480)
        and extract(hour from local.ts)::integer * 60 + extract(minute from local.ts)::integer
          < least(in_calling_window.end_minute, 1260)
        and in_calling_window.start_minute is not null
        and in_calling_window.end_minute is not null,
        false
      )
    ),
    false
  )
  from unnest(in_calling_window.zones) as zone(name)
  cross join lateral (select in_calling_window.at at time zone zone.name as ts) as local
$$;
revoke all on function private.in_calling_window(timestamptz, text[], integer[], integer, integer) from public;
grant execute on function private.in_calling_window(timestamptz, text[], integer[], integer, integer)
  to authenticated, service_role;
