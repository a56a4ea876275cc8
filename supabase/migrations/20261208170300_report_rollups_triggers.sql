-- Hand-written: how the report rollups (the migration before this one) stay exact, their
-- row-level security, and their backfill. docs/decisions/0014-report-rollups.md says why.
--
-- Every write to `calls` and `emails`, whatever path makes it (the claim, dispatch, a webhook's
-- outcome, the reconciler, a cancel, an erase, a cascade), fires a statement trigger that adds the
-- new rows' facts and takes the old rows' facts back out, in the same transaction. A replayed
-- event that changes nothing adds nothing; a call updated twice moves its counts twice.

-- What one call contributes to the reports. The report queries call the same function on the raw
-- rows for the part of a period no whole bucket covers, so both sides count alike.
create or replace function private.call_report_facts(
  p_status public.call_status,
  p_result public.call_result,
  p_outcome public.call_outcome,
  p_provider public.voice_provider,
  p_duration_seconds integer,
  p_cost_cents integer
)
returns table (
  placed integer, simulated integer, in_flight integer, ended integer, answered integer,
  voicemail integer, no_answer integer, busy integer, failed integer, conversations integer,
  booked integer, talk_seconds bigint, talk_calls integer, cost_cents bigint, costed integer
)
language sql
immutable
parallel safe
as $$
  select
    1,
    (p_provider = 'simulator')::integer,
    (p_status <> 'ended')::integer,
    (p_status = 'ended')::integer,
    coalesce(p_result = 'answered', false)::integer,
    coalesce(p_result = 'voicemail', false)::integer,
    coalesce(p_result = 'no_answer', false)::integer,
    coalesce(p_result = 'busy', false)::integer,
    coalesce(p_result = 'failed', false)::integer,
    -- A conversation: the lead answered and the call reached a verdict beyond "unknown".
    coalesce(p_result = 'answered' and p_outcome <> 'unknown', false)::integer,
    coalesce(p_outcome = 'booked', false)::integer,
    case when p_result = 'answered' then coalesce(p_duration_seconds, 0) else 0 end::bigint,
    coalesce(p_result = 'answered' and p_duration_seconds is not null, false)::integer,
    coalesce(p_cost_cents, 0)::bigint,
    (p_cost_cents is not null)::integer
$$;

-- What one email contributes: follow-ups only (not a test send to oneself). "Sent" is every email
-- that left, or in local mode went to the outbox (counted apart, so the page can say so).
create or replace function private.email_report_facts(p_kind public.email_kind, p_status public.email_status)
returns table (emails_sent integer, emails_outboxed integer, emails_delivered integer, emails_bounced integer)
language sql
immutable
parallel safe
as $$
  select
    (p_kind <> 'test' and p_status in ('sent', 'outboxed', 'delivered', 'bounced', 'complained'))::integer,
    (p_kind <> 'test' and p_status = 'outboxed')::integer,
    -- A complaint comes from a delivered email.
    (p_kind <> 'test' and p_status in ('delivered', 'complained'))::integer,
    (p_kind <> 'test' and p_status = 'bounced')::integer
$$;

-- The lead's zone at the time of the call, kept on the call: the heatmap counts in it, and a later
-- change of the lead's zone must not move calls already counted.
create or replace function private.fill_call_lead_timezone()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.lead_timezone is null then
    new.lead_timezone := (select l.timezone from public.leads l where l.id = new.lead_id);
  end if;
  return new;
end;
$$;

create trigger calls_lead_timezone before insert on public.calls
  for each row execute function private.fill_call_lead_timezone();

update public.calls c set lead_timezone = l.timezone
  from public.leads l where l.id = c.lead_id and c.lead_timezone is null;

-- The statement triggers. `d` is the changed rows with a sign: +1 for new rows, -1 for old ones.
-- Rows are upserted in key order, so two statements never wait on each other's rows in a cycle.
-- An organization being deleted (its rows cascade) gets nothing written back.
create or replace function private.report_calls_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src text := case tg_op
    when 'INSERT' then 'select 1 as s, n.* from new_rows n'
    when 'DELETE' then 'select -1 as s, o.* from old_rows o'
    else 'select 1 as s, n.* from new_rows n union all select -1 as s, o.* from old_rows o'
  end;
  t record;
begin
  -- Per campaign, and per organization (all campaigns in one row an hour: the dashboard's read).
  for t in select * from (values ('report_hourly', 'campaign_id,', '1, 2, 3'), ('report_org_hourly', '', '1, 2'))
      as v(tbl, key, grp) loop
    execute format($q$
      insert into public.%2$s as r (org_id, %3$s hour, placed, simulated, in_flight,
        ended, answered, voicemail, no_answer, busy, failed, conversations, booked, talk_seconds,
        talk_calls, cost_cents, costed)
      select * from (
        select d.org_id, %3$s date_trunc('hour', d.created_at, 'UTC') as hour,
          sum(d.s * f.placed)::integer as placed, sum(d.s * f.simulated)::integer as simulated,
          sum(d.s * f.in_flight)::integer as in_flight, sum(d.s * f.ended)::integer as ended,
          sum(d.s * f.answered)::integer as answered, sum(d.s * f.voicemail)::integer as voicemail,
          sum(d.s * f.no_answer)::integer as no_answer, sum(d.s * f.busy)::integer as busy,
          sum(d.s * f.failed)::integer as failed, sum(d.s * f.conversations)::integer as conversations,
          sum(d.s * f.booked)::integer as booked, sum(d.s * f.talk_seconds)::bigint as talk_seconds,
          sum(d.s * f.talk_calls)::integer as talk_calls, sum(d.s * f.cost_cents)::bigint as cost_cents,
          sum(d.s * f.costed)::integer as costed
        from (%1$s) d
        cross join lateral private.call_report_facts(d.status, d.result, d.outcome, d.provider,
          d.duration_seconds, d.cost_cents) f
        where exists (select 1 from public.organizations o where o.id = d.org_id)
        group by %4$s
      ) g
      where (g.placed, g.simulated, g.in_flight, g.ended, g.answered, g.voicemail, g.no_answer, g.busy,
        g.failed, g.conversations, g.booked, g.talk_seconds, g.talk_calls, g.cost_cents, g.costed)
        is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::bigint, 0, 0::bigint, 0)
      order by %4$s
      on conflict (org_id, %3$s hour) do update set
        placed = r.placed + excluded.placed, simulated = r.simulated + excluded.simulated,
        in_flight = r.in_flight + excluded.in_flight, ended = r.ended + excluded.ended,
        answered = r.answered + excluded.answered, voicemail = r.voicemail + excluded.voicemail,
        no_answer = r.no_answer + excluded.no_answer, busy = r.busy + excluded.busy,
        failed = r.failed + excluded.failed, conversations = r.conversations + excluded.conversations,
        booked = r.booked + excluded.booked, talk_seconds = r.talk_seconds + excluded.talk_seconds,
        talk_calls = r.talk_calls + excluded.talk_calls, cost_cents = r.cost_cents + excluded.cost_cents,
        costed = r.costed + excluded.costed
    $q$, src, t.tbl, t.key, t.grp);
  end loop;

  -- Per campaign and UTC day; per organization and UTC hour (a row per lead zone called that hour).
  for t in select * from (values
      ('report_lead_hours', 'campaign_id,', '1, 2, 3, 4, 5', 'day', $b$(d.created_at at time zone 'UTC')::date$b$),
      ('report_org_lead_hours', '', '1, 2, 3, 4', 'hour', $b$date_trunc('hour', d.created_at, 'UTC')$b$))
      as v(tbl, key, grp, bucket, expr) loop
    execute format($q$
      insert into public.%2$s as r (org_id, %3$s %5$s, local_dow, local_hour,
        placed, ended, answered)
      select * from (
        select d.org_id, %3$s %6$s as bucket,
          extract(isodow from d.created_at at time zone coalesce(d.lead_timezone, 'UTC'))::smallint as local_dow,
          extract(hour from d.created_at at time zone coalesce(d.lead_timezone, 'UTC'))::smallint as local_hour,
          sum(d.s * f.placed)::integer as placed, sum(d.s * f.ended)::integer as ended,
          sum(d.s * f.answered)::integer as answered
        from (%1$s) d
        cross join lateral private.call_report_facts(d.status, d.result, d.outcome, d.provider,
          d.duration_seconds, d.cost_cents) f
        where exists (select 1 from public.organizations o where o.id = d.org_id)
        group by %4$s
      ) g
      where (g.placed, g.ended, g.answered) is distinct from (0, 0, 0)
      order by %4$s
      on conflict (org_id, %3$s %5$s, local_dow, local_hour) do update set
        placed = r.placed + excluded.placed, ended = r.ended + excluded.ended,
        answered = r.answered + excluded.answered
    $q$, src, t.tbl, t.key, t.grp, t.bucket, t.expr);
  end loop;

  execute format($q$
    insert into public.report_attempts as r (org_id, campaign_id, day, attempt_no, placed, ended,
      answered, booked)
    select * from (
      select d.org_id, d.campaign_id, (d.created_at at time zone 'UTC')::date as day, d.attempt_no,
        sum(d.s * f.placed)::integer as placed, sum(d.s * f.ended)::integer as ended,
        sum(d.s * f.answered)::integer as answered, sum(d.s * f.booked)::integer as booked
      from (%1$s) d
      cross join lateral private.call_report_facts(d.status, d.result, d.outcome, d.provider,
        d.duration_seconds, d.cost_cents) f
      where exists (select 1 from public.organizations o where o.id = d.org_id)
      group by 1, 2, 3, 4
    ) g
    where (g.placed, g.ended, g.answered, g.booked) is distinct from (0, 0, 0, 0)
    order by 1, 2, 3, 4
    on conflict (org_id, campaign_id, day, attempt_no) do update set
      placed = r.placed + excluded.placed, ended = r.ended + excluded.ended,
      answered = r.answered + excluded.answered, booked = r.booked + excluded.booked
  $q$, src);
  return null;
end;
$$;

create trigger calls_report_insert after insert on public.calls
  referencing new table as new_rows
  for each statement execute function private.report_calls_changed();
create trigger calls_report_update after update on public.calls
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_calls_changed();
create trigger calls_report_delete after delete on public.calls
  referencing old table as old_rows
  for each statement execute function private.report_calls_changed();

create or replace function private.report_emails_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src text := case tg_op
    when 'INSERT' then 'select 1 as s, n.* from new_rows n'
    when 'DELETE' then 'select -1 as s, o.* from old_rows o'
    else 'select 1 as s, n.* from new_rows n union all select -1 as s, o.* from old_rows o'
  end;
  t record;
begin
  for t in select * from (values ('report_hourly', 'campaign_id,', '1, 2, 3'), ('report_org_hourly', '', '1, 2'))
      as v(tbl, key, grp) loop
    execute format($q$
      insert into public.%2$s as r (org_id, %3$s hour, emails_sent, emails_outboxed,
        emails_delivered, emails_bounced)
      select * from (
        select d.org_id, %3$s date_trunc('hour', d.created_at, 'UTC') as hour,
          sum(d.s * f.emails_sent)::integer as emails_sent,
          sum(d.s * f.emails_outboxed)::integer as emails_outboxed,
          sum(d.s * f.emails_delivered)::integer as emails_delivered,
          sum(d.s * f.emails_bounced)::integer as emails_bounced
        from (%1$s) d
        cross join lateral private.email_report_facts(d.kind, d.status) f
        where exists (select 1 from public.organizations o where o.id = d.org_id)
        group by %4$s
      ) g
      where (g.emails_sent, g.emails_outboxed, g.emails_delivered, g.emails_bounced)
        is distinct from (0, 0, 0, 0)
      order by %4$s
      on conflict (org_id, %3$s hour) do update set
        emails_sent = r.emails_sent + excluded.emails_sent,
        emails_outboxed = r.emails_outboxed + excluded.emails_outboxed,
        emails_delivered = r.emails_delivered + excluded.emails_delivered,
        emails_bounced = r.emails_bounced + excluded.emails_bounced
    $q$, src, t.tbl, t.key, t.grp);
  end loop;
  return null;
end;
$$;

create trigger emails_report_insert after insert on public.emails
  referencing new table as new_rows
  for each statement execute function private.report_emails_changed();
create trigger emails_report_update after update on public.emails
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.report_emails_changed();
create trigger emails_report_delete after delete on public.emails
  referencing old table as old_rows
  for each statement execute function private.report_emails_changed();

-- Trigger functions run as their owner; nobody calls them. The facts functions are read by the
-- report queries, which run as the signed-in user.
revoke all on function private.report_calls_changed(), private.report_emails_changed(),
  private.fill_call_lead_timezone() from public, anon, authenticated, service_role;
revoke all on function private.call_report_facts(public.call_status, public.call_result,
  public.call_outcome, public.voice_provider, integer, integer) from public, anon;
revoke all on function private.email_report_facts(public.email_kind, public.email_status) from public, anon;
grant execute on function private.call_report_facts(public.call_status, public.call_result,
  public.call_outcome, public.voice_provider, integer, integer) to authenticated, service_role;
grant execute on function private.email_report_facts(public.email_kind, public.email_status)
  to authenticated, service_role;

-- Members read their organization's reports; only the triggers write them.
create policy report_hourly_select on public.report_hourly
  for select to authenticated using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
create policy report_org_hourly_select on public.report_org_hourly
  for select to authenticated using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
create policy report_org_lead_hours_select on public.report_org_lead_hours
  for select to authenticated using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
create policy report_lead_hours_select on public.report_lead_hours
  for select to authenticated using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
create policy report_attempts_select on public.report_attempts
  for select to authenticated using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));

revoke all on public.report_hourly, public.report_org_hourly, public.report_lead_hours, public.report_org_lead_hours,
  public.report_attempts from anon, authenticated, service_role;
grant select on public.report_hourly, public.report_org_hourly, public.report_lead_hours, public.report_org_lead_hours,
  public.report_attempts to authenticated;
grant select, insert, update, delete on public.report_hourly, public.report_org_hourly, public.report_lead_hours,
  public.report_org_lead_hours, public.report_attempts to service_role;

-- The backfill: every existing call and email, counted the way the triggers count them.
insert into public.report_hourly (org_id, campaign_id, hour, placed, simulated, in_flight, ended,
  answered, voicemail, no_answer, busy, failed, conversations, booked, talk_seconds, talk_calls,
  cost_cents, costed)
select c.org_id, c.campaign_id, date_trunc('hour', c.created_at, 'UTC'), sum(f.placed), sum(f.simulated),
  sum(f.in_flight), sum(f.ended), sum(f.answered), sum(f.voicemail), sum(f.no_answer), sum(f.busy),
  sum(f.failed), sum(f.conversations), sum(f.booked), sum(f.talk_seconds), sum(f.talk_calls),
  sum(f.cost_cents), sum(f.costed)
from public.calls c
cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
  c.duration_seconds, c.cost_cents) f
group by 1, 2, 3;

insert into public.report_hourly as r (org_id, campaign_id, hour, emails_sent, emails_outboxed,
  emails_delivered, emails_bounced)
select * from (
  select e.org_id, e.campaign_id, date_trunc('hour', e.created_at, 'UTC') as hour,
    sum(f.emails_sent)::integer as sent, sum(f.emails_outboxed)::integer as outboxed,
    sum(f.emails_delivered)::integer as delivered, sum(f.emails_bounced)::integer as bounced
  from public.emails e
  cross join lateral private.email_report_facts(e.kind, e.status) f
  group by 1, 2, 3
) g
where (g.sent, g.outboxed, g.delivered, g.bounced) is distinct from (0, 0, 0, 0)
on conflict (org_id, campaign_id, hour) do update set
  emails_sent = r.emails_sent + excluded.emails_sent,
  emails_outboxed = r.emails_outboxed + excluded.emails_outboxed,
  emails_delivered = r.emails_delivered + excluded.emails_delivered,
  emails_bounced = r.emails_bounced + excluded.emails_bounced;

-- The organization's hours: the sum of its campaigns' (and its campaign-less emails').
insert into public.report_org_hourly (org_id, hour, placed, simulated, in_flight, ended, answered, voicemail,
  no_answer, busy, failed, conversations, booked, talk_seconds, talk_calls, cost_cents, costed, emails_sent,
  emails_outboxed, emails_delivered, emails_bounced)
select org_id, hour, sum(placed), sum(simulated), sum(in_flight), sum(ended), sum(answered), sum(voicemail),
  sum(no_answer), sum(busy), sum(failed), sum(conversations), sum(booked), sum(talk_seconds), sum(talk_calls),
  sum(cost_cents), sum(costed), sum(emails_sent), sum(emails_outboxed), sum(emails_delivered), sum(emails_bounced)
from public.report_hourly
group by 1, 2;

insert into public.report_lead_hours (org_id, campaign_id, day, local_dow, local_hour, placed, ended, answered)
select c.org_id, c.campaign_id, (c.created_at at time zone 'UTC')::date,
  extract(isodow from c.created_at at time zone coalesce(c.lead_timezone, 'UTC'))::smallint,
  extract(hour from c.created_at at time zone coalesce(c.lead_timezone, 'UTC'))::smallint,
  sum(f.placed), sum(f.ended), sum(f.answered)
from public.calls c
cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
  c.duration_seconds, c.cost_cents) f
group by 1, 2, 3, 4, 5;

insert into public.report_org_lead_hours (org_id, hour, local_dow, local_hour, placed, ended, answered)
select c.org_id, date_trunc('hour', c.created_at, 'UTC'),
  extract(isodow from c.created_at at time zone coalesce(c.lead_timezone, 'UTC'))::smallint,
  extract(hour from c.created_at at time zone coalesce(c.lead_timezone, 'UTC'))::smallint,
  sum(f.placed), sum(f.ended), sum(f.answered)
from public.calls c
cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
  c.duration_seconds, c.cost_cents) f
group by 1, 2, 3, 4;

insert into public.report_attempts (org_id, campaign_id, day, attempt_no, placed, ended, answered, booked)
select c.org_id, c.campaign_id, (c.created_at at time zone 'UTC')::date, c.attempt_no,
  sum(f.placed), sum(f.ended), sum(f.answered), sum(f.booked)
from public.calls c
cross join lateral private.call_report_facts(c.status, c.result, c.outcome, c.provider,
  c.duration_seconds, c.cost_cents) f
group by 1, 2, 3, 4;

