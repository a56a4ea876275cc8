-- Hand-written: the calling-window test inlined into the queries that use it (issue 14): per
-- lead, without a function call per lead.
--
-- `private.in_calling_window` (20261122051500_calling_window.sql) read its zone list with
-- `from unnest(...)` and `bool_and`, and had `set search_path = ''`. Each of those keeps Postgres
-- from inlining a SQL function, so the campaign page's preview and the dialer's claim called it
-- once per lead: a separate executor per call, plus saving and restoring search_path for the SET.
-- The preview spent 3.3 s of its 5.5 s there for a campaign of 250,000 leads.
--
-- A lead's window is now checked by two functions the planner inlines: their bodies are single
-- expressions (no FROM, no aggregate, no SET), so the check becomes part of the query's own
-- expression. Only a lead whose number could be in several zones (`timezone_candidates`) still
-- calls the list function, which cannot be inlined because it reads a list of any length.
--
-- Why no `set search_path`: the bodies are SQL-standard (`return ...`), which Postgres parses and
-- binds when the function is created, as it does a view. Each name is resolved then, to the object
-- it named at creation (recorded as a dependency), and the search_path of whoever calls the
-- function later plays no part: that is the hijack `set search_path` guards against in a body kept
-- as a string. None of them is security definer either: they run with the caller's own rights, so
-- a caller has nothing to gain. Every function, type and operator is schema-qualified all the same
-- (`operator(pg_catalog.=)` and so on), so the text says exactly what it binds to. Inlining also
-- requires EXECUTE on the function, so the grants below are needed even though no call remains.
--
-- The rules are unchanged (TCPA, 47 CFR 64.1200(c)(1)): no call before 08:00 or at or after 21:00
-- in the called party's local time; a campaign's days and hours only narrow that, so the window is
-- [greatest(start_minute, 480), least(end_minute, 1260)) minutes after local midnight. Local time
-- comes from the server's time zone data for that instant (DST included). Fail closed: a null
-- instant, zone, day list or bound is outside; an unknown zone raises. `stable`, not `immutable`:
-- the time zone data can change with a tzdata update. src/lib/dialer/calling-window.ts is the
-- TypeScript twin, and tests/integration/calling-window.test.ts checks all three against it.

-- One zone: is `at` inside the window there?
create or replace function private.zone_in_calling_window(
  at timestamptz,
  zone text,
  days integer[],
  start_minute integer,
  end_minute integer
)
returns boolean
language sql
stable
parallel safe
return coalesce(
  (pg_catalog.date_part('dow', pg_catalog.timezone(zone, at))::pg_catalog.int4 operator(pg_catalog.=) any (days))
  and ((pg_catalog.timezone(zone, at)::pg_catalog.time operator(pg_catalog.-) '00:00'::pg_catalog.time)
    operator(pg_catalog.>=) pg_catalog.make_interval(mins => greatest(start_minute, 480)))
  and ((pg_catalog.timezone(zone, at)::pg_catalog.time operator(pg_catalog.-) '00:00'::pg_catalog.time)
    operator(pg_catalog.<) pg_catalog.make_interval(mins => least(end_minute, 1260)))
  -- greatest() and least() skip nulls: a missing bound must not turn into 08:00 or 21:00.
  and start_minute is not null
  and end_minute is not null,
  false
);

-- Every zone of a list (the same signature as before: the claim's callers and the grants stand).
-- Every zone is converted (bool_and reads every row), so a misspelt one raises rather than being
-- skipped. An empty or null list is outside.
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
parallel safe
return (
  select coalesce(pg_catalog.bool_and(private.zone_in_calling_window(at, zone.name, days, start_minute, end_minute)), false)
  from pg_catalog.unnest(zones) as zone(name)
);

-- A lead: its own zone, and when its number could be in several zones, every candidate too (the
-- candidates include its own zone; an empty list means none). The answer of
-- `in_calling_window(at, array[zone] || coalesce(candidates, '{}'), ...)`, inlined; when its own
-- zone is outside, the candidates are not read (an unknown one then gives false, not an error).
create or replace function private.lead_in_calling_window(
  at timestamptz,
  zone text,
  candidates text[],
  days integer[],
  start_minute integer,
  end_minute integer
)
returns boolean
language sql
stable
parallel safe
return private.zone_in_calling_window(at, zone, days, start_minute, end_minute)
  and (
    candidates is null
    or pg_catalog.cardinality(candidates) operator(pg_catalog.=) 0
    or private.in_calling_window(at, candidates, days, start_minute, end_minute)
  );

revoke all on function private.zone_in_calling_window(timestamptz, text, integer[], integer, integer) from public;
revoke all on function private.lead_in_calling_window(timestamptz, text, text[], integer[], integer, integer) from public;
grant execute on function private.zone_in_calling_window(timestamptz, text, integer[], integer, integer)
  to authenticated, service_role;
grant execute on function private.lead_in_calling_window(timestamptz, text, text[], integer[], integer, integer)
  to authenticated, service_role;
