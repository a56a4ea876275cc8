-- Hand-written, one-time data fix: a number whose prefix spans two or three time zones used to get
-- the first zone of libphonenumber's table as its main zone (+1 907 was America/Adak, where a few
-- hundred of Alaska's 730,000 people live). New leads get the most likely zone first
-- (src/lib/leads/normalize/zone-ranking.ts); this gives stored leads and staged import rows the
-- same answer from what they already store: the phone and the candidate zones.
--
-- Only the main zone and the candidates' order change, never the set the dialer checks: a row is
-- touched only when its candidates are exactly a ranked set, and its new main zone is one of them.
-- The one exception is Ireland, where the old table named three British zones for every +353
-- number; those become Europe/Dublin with no candidates (src/lib/leads/normalize/phone-timezone.ts).
-- Zones set explicitly or taken from the campaign default are left alone.
--
-- The ranking below is ZONE_RANKINGS as of this migration (tests/integration/lead-main-zone.test.ts
-- checks that they agree); a later change to the ranking needs a new migration like this one.

create temporary table lead_zone_fix (
  prefix text not null,
  -- The zones, most likely first.
  zones text[] not null,
  -- The stored candidates a row must have for the fix to apply; null: the same set as `zones`.
  candidates text[]
);

insert into lead_zone_fix (prefix, zones) values
    ('1907', array['America/Anchorage', 'America/Adak']),
    ('1208', array['America/Boise', 'America/Los_Angeles']),
    ('1986', array['America/Boise', 'America/Los_Angeles']),
    ('1775', array['America/Los_Angeles', 'America/Boise']),
    ('1605', array['America/North_Dakota/Center', 'America/Denver']),
    ('1701', array['America/North_Dakota/Center', 'America/Denver']),
    ('1928', array['America/Denver', 'America/Phoenix']),
    ('1709', array['America/St_Johns', 'America/Puerto_Rico']),
    ('1879', array['America/St_Johns', 'America/Puerto_Rico']),
    ('52200', array['America/Mexico_City', 'America/Tijuana']),
    ('52201', array['America/Mexico_City', 'America/New_York']),
    ('52649', array['America/Mexico_City', 'America/Mazatlan']),
    ('77', array['Asia/Almaty', 'Asia/Aqtobe']),
    ('7800', array['Europe/Moscow', 'Asia/Almaty', 'Asia/Aqtobe']),
    ('7808', array['Europe/Moscow', 'Asia/Almaty', 'Asia/Aqtobe']),
    ('7809', array['Europe/Moscow', 'Asia/Almaty', 'Asia/Aqtobe']),
    ('7810', array['Europe/Moscow', 'Asia/Almaty', 'Asia/Aqtobe']),
    ('7840', array['Europe/Moscow', 'Europe/Bucharest']),
    ('62', array['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
    ('628', array['Asia/Jakarta', 'Asia/Makassar']),
    ('621', array['Asia/Jakarta', 'Asia/Makassar']),
    ('62007', array['Asia/Jakarta', 'Asia/Makassar']),
    ('62379', array['Asia/Makassar', 'Asia/Jakarta']),
    ('62403', array['Asia/Makassar', 'Asia/Jayapura']),
    ('62458', array['Asia/Makassar', 'Asia/Jakarta']),
    ('62516', array['Asia/Makassar', 'Asia/Jakarta']),
    ('62539', array['Asia/Jakarta', 'Asia/Makassar']),
    ('62915', array['Asia/Jayapura', 'Asia/Jakarta']),
    ('62952', array['Asia/Jayapura', 'Asia/Jakarta']),
    ('6185', array['Australia/Perth', 'Australia/Adelaide']),
    ('6186', array['Australia/Perth', 'Australia/Adelaide']),
    ('6187', array['Australia/Adelaide', 'Australia/Perth']),
    ('6188', array['Australia/Adelaide', 'Australia/Perth']),
    ('6189', array['Australia/Perth', 'Australia/Adelaide']),
    ('6189', array['Australia/Eucla', 'Australia/Perth', 'Australia/Adelaide']),
    ('6189', array['Indian/Christmas', 'Australia/Perth', 'Australia/Adelaide']),
    ('6189', array['Indian/Cocos', 'Australia/Perth', 'Australia/Adelaide']),
    ('243', array['Africa/Kinshasa', 'Africa/Lubumbashi']),
    ('262', array['Indian/Reunion', 'Indian/Mayotte']),
    ('299', array['America/Nuuk', 'America/Scoresbysund', 'America/Thule']),
    ('34', array['Europe/Madrid', 'Atlantic/Canary']),
    ('351', array['Europe/Lisbon', 'Atlantic/Azores']),
    ('358', array['Europe/Helsinki', 'Europe/Mariehamn']),
    ('39', array['Europe/Rome', 'Europe/Vatican']),
    ('44', array['Europe/London', 'Europe/Guernsey', 'Europe/Isle_of_Man']),
    ('47', array['Europe/Oslo', 'Arctic/Longyearbyen']),
    ('56', array['America/Santiago', 'Pacific/Easter']),
    ('593', array['America/Guayaquil', 'Pacific/Galapagos']),
    ('599', array['America/Curacao', 'America/Kralendijk']),
    ('64', array['Pacific/Auckland', 'Pacific/Chatham']),
    ('686', array['Pacific/Tarawa', 'Pacific/Kiritimati', 'Pacific/Kanton']),
    ('689', array['Pacific/Tahiti', 'Pacific/Marquesas', 'Pacific/Gambier']),
    ('691', array['Pacific/Chuuk', 'Pacific/Pohnpei', 'Pacific/Kosrae']),
    ('976', array['Asia/Ulaanbaatar', 'Asia/Hovd']);

insert into lead_zone_fix (prefix, zones, candidates) values
    ('353', array['Europe/Dublin'], array['Europe/Guernsey', 'Europe/Isle_of_Man', 'Europe/London']);

-- The longest prefix whose candidate set matches, as zoneRanking() picks it.
create function pg_temp.fixed_zones(phone text, candidates text[]) returns text[]
language sql stable as $$
  select f.zones from lead_zone_fix f
  where starts_with(fixed_zones.phone, '+' || f.prefix)
    and coalesce(f.candidates, f.zones) @> fixed_zones.candidates
    and coalesce(f.candidates, f.zones) <@ fixed_zones.candidates
  order by length(f.prefix) desc
  limit 1
$$;

-- updated_at moves so API clients syncing with `updated_since` pick up the corrected zone.
update public.leads l
set timezone = f.zones[1],
    timezone_candidates = case when cardinality(f.zones) > 1 then f.zones end,
    updated_at = now()
from (
  select id, pg_temp.fixed_zones(phone, timezone_candidates) as zones
  from public.leads
  where timezone_source = 'inferred' and cardinality(timezone_candidates) >= 2
) f
where l.id = f.id and f.zones[1] <> l.timezone;

-- Rows staged by an import that has not been committed yet carry the normalized lead as JSON.
update public.lead_import_rows s
set lead = s.lead || jsonb_build_object(
      'timezone', f.zones[1],
      'timezoneCandidates', case when cardinality(f.zones) > 1 then to_jsonb(f.zones) else 'null'::jsonb end)
from (
  select import_id, row_number,
         lead ->> 'timezone' as timezone,
         pg_temp.fixed_zones(lead ->> 'phone',
           array(select jsonb_array_elements_text(lead -> 'timezoneCandidates'))) as zones
  from public.lead_import_rows
  where lead ->> 'timezoneSource' = 'inferred'
    -- A case, not an and: the planner may test the length before the type.
    and case when jsonb_typeof(lead -> 'timezoneCandidates') = 'array'
             then jsonb_array_length(lead -> 'timezoneCandidates') >= 2 else false end
) f
where s.import_id = f.import_id and s.row_number = f.row_number and f.zones[1] <> f.timezone;

drop function pg_temp.fixed_zones(text, text[]);
drop table lead_zone_fix;
