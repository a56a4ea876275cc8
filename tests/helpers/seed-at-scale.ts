import type { DbHandle } from "@/lib/db/client";

/**
 * An organization's worth of rows at a realistic size, written in a few set-based statements
 * (`insert … select … from generate_series`), not through the app: `leads` leads spread over four
 * campaigns (one in 100 of them in the trash), a status change in the history of each lead no
 * longer pending, one call per lead, an appointment for one lead in 20, an email for 13.5% of them,
 * do-not-call entries and audit entries for one in 20 and an import per 100 leads. The plan test (tests/integration/list-plans.test.ts)
 * and the page benchmark (bench/list-pages.ts) use it, so both look at the same shape of data the
 * issue measured (1,000,000 leads in 4 campaigns, ~1M calls, 50k appointments, 135k emails).
 *
 * Values are derived from the row number through `hashint4`, so a seed is the same on every run.
 * Triggers and foreign-key checks are off while it writes (`session_replication_role = replica`,
 * the owner connection is a superuser): the rows are consistent by construction, and checking a
 * million references would triple the time. Runs ANALYZE at the end.
 */
export async function seedOrgAtScale(
  handle: DbHandle,
  { orgId, leads, now }: { orgId: string; leads: number; now: Date },
): Promise<{ campaignIds: string[] }> {
  if (!Number.isInteger(leads) || leads < 4)
    throw new Error(`seedOrgAtScale: leads must be an integer ≥ 4, got ${leads}`);
  const at = now.toISOString();
  const campaigns = await handle.query<{ id: string }>(
    `insert into public.campaigns (org_id, name, default_timezone, status, calling_days,
       calling_start_minute, calling_end_minute, max_attempts, created_at, updated_at)
     select $1::uuid, 'Campaign ' || c, 'America/New_York', 'active', '{1,2,3,4,5}', 540, 1200, 3,
       $2::timestamptz - c * interval '1 day', $2::timestamptz
     from generate_series(1, 4) c
     returning id::text`,
    [orgId, at],
  );
  const campaignIds = campaigns.map((c) => c.id);
  // Literals, not parameters: a multi-statement script has none. Both are ours (a uuid, an ISO time).
  const org = `'${orgId}'::uuid`;
  const t = `'${at}'::timestamptz`;
  const camps = `array[${campaignIds.map((id) => `'${id}'::uuid`).join(", ")}]`;
  await handle.execScript(`
    set local session_replication_role = replica;

    -- Leads: US-heavy zones, one in 20 with candidate zones, one in 100 in the trash, created two
    -- seconds apart.
    insert into public.leads (org_id, campaign_id, phone, first_name, last_name, company, email,
      timezone, timezone_source, timezone_candidates, consent, status, attempts, next_attempt_at,
      last_called_at, created_at, updated_at, deleted_at)
    select ${org}, (${camps})[1 + i % 4],
      '+1' || (2000000000::bigint + i)::text, 'First' || (i % 997), 'Last' || (i % 1009),
      case when i % 3 = 0 then 'Company ' || (i % 211) end, 'lead' || i || '@example.com',
      zone, 'inferred', case when i % 20 = 0 then array[zone, 'America/Chicago'] end,
      case when i % 5 = 0 then null else i % 7 <> 0 end,
      status::public.lead_status,
      case when status = 'pending' and h < 45 then 0 else 1 + h % 3 end,
      case when status in ('pending', 'callback') and h >= 45
        then ${t} + ((h * 97 + i) % 4320 - 1440) * interval '1 minute' end,
      case when status = 'pending' and h < 45 then null else ${t} - (i % 10000) * interval '1 minute' end,
      ${t} - i * interval '2 seconds', ${t} - i * interval '1 second',
      case when i % 100 = 1 then ${t} - (i % 29) * interval '1 day' - i * interval '1 second' end
    from generate_series(1, ${leads}) i
    cross join lateral (select abs(hashint4(i)::bigint) % 100 as h) hh
    cross join lateral (
      select (array['America/New_York', 'America/New_York', 'America/New_York', 'America/Chicago',
        'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Los_Angeles',
        'America/Phoenix', 'America/Anchorage', 'Pacific/Honolulu', 'America/Toronto'])[1 + abs(hashint4(i + 7)::bigint) % 12] as zone,
        case
          when h < 55 then 'pending'
          when h < 58 then 'callback'
          when h < 59 then 'calling'
          when h < 64 then 'booked'
          when h < 74 then 'not_interested'
          when h < 84 then 'unreachable'
          when h < 90 then 'voicemail'
          when h < 94 then 'no_answer'
          when h < 96 then 'do_not_call'
          when h < 98 then 'invalid_number'
          else 'failed'
        end as status
    ) v;

    -- History: a status change for every lead no longer pending.
    insert into public.lead_events (org_id, lead_id, type, from_status, to_status, created_at)
    select l.org_id, l.id, 'status_changed', 'pending', l.status, l.updated_at
    from public.leads l
    where l.org_id = ${org} and l.status <> 'pending';

    -- One call per lead, at most a few hours after the lead arrived.
    -- Answered calls have a summary and a transcript: a few topics each shared by a fifth of
    -- them, and a rare word ('Zanzibar') in one answered call of about 5,000 (the calls log's search).
    insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider,
      provider_account, to_number, result, outcome, duration_seconds, cost_cents, queued_at,
      started_at, ended_at, deadline_at, outcome_applied_at, created_at, updated_at, summary, transcript)
    select l.org_id, l.campaign_id, l.id, 1, 'ended', 'simulator', 'simulator', l.phone, r,
      'unknown', abs(hashint4(x)::bigint) % 300, abs(hashint4(x)::bigint) % 50, c, c, c + interval '1 minute',
      c + interval '10 minutes', c + interval '1 minute', c, c,
      case when r = 'answered' then 'Talked about '
        || (array['pricing', 'a demo', 'the renewal', 'integrations', 'support'])[1 + abs(x::bigint) % 5]
        || case when abs(x::bigint) % 5000 = 7 then ' and a trip to Zanzibar' else '' end || '.' end,
      case when r = 'answered' then 'Agent: Hello, this is Ava calling about your account.' || chr(10)
        || 'User: Sure, tell me more about '
        || (array['costs', 'timing', 'contracts', 'setup', 'training'])[1 + abs(x::bigint / 7) % 5] || '.' end
    from public.leads l
    cross join lateral (select hashtext(l.phone) as x) xx
    cross join lateral (select l.created_at + (abs(x::bigint) % 14400) * interval '1 second' as c) cc
    cross join lateral (select (array['answered', 'answered', 'no_answer', 'no_answer', 'voicemail', 'busy', 'failed',
        'answered', 'no_answer', 'answered'])[1 + abs(hashint4(x)::bigint) % 10]::public.call_result as r) rr
    where l.org_id = ${org};

    -- Appointments for one lead in 20, half still to come.
    insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, status, start_at,
      end_at, timezone, title, created_at, updated_at)
    select c.org_id, c.lead_id, c.campaign_id, c.id, 'builtin', 'booked', s, s + interval '30 minutes',
      'America/New_York', 'Intro call', c.created_at, c.created_at
    from public.calls c
    cross join lateral (select abs(hashtext(c.to_number)::bigint) as x) xx
    cross join lateral (select ${t} + (x % 4000 - 2000) * interval '1 hour' + (x % 60) * interval '1 minute' as s) ss
    where c.org_id = ${org} and x % 20 = 0;

    -- Emails for 13.5% of the leads.
    insert into public.emails (org_id, lead_id, campaign_id, kind, dedupe_key, transport, status,
      to_address, from_address, subject, html, text, unsubscribe_token, created_at, updated_at)
    select l.org_id, l.id, l.campaign_id, 'missed_call', 'missed_call/' || l.id, 'outbox', 'outboxed',
      l.email, 'team@example.com', 'Sorry we missed you', '<p>Hello</p>', 'Hello', md5(l.id::text),
      l.created_at + interval '1 hour', l.created_at + interval '1 hour'
    from public.leads l
    where l.org_id = ${org} and abs(hashtext(l.phone)::bigint) % 1000 < 135;

    -- Do-not-call: one entry per 20 leads, half of them leads' numbers, added 100 at an instant
    -- (an import adds many at once).
    insert into public.do_not_call (org_id, phone, reason, source, created_at)
    select ${org}, '+1' || (2000000000::bigint + case when i % 2 = 0 then i * 10 else 900000000 + i end)::text,
      'asked', 'import', ${t} - (i / 100) * interval '1 hour'
    from generate_series(1, greatest(${leads} / 20, 1)) i;

    -- The audit log: an entry per 20 leads, a few an hour (bulk actions, settings changes).
    insert into public.audit_log (org_id, action, target_type, count, created_at)
    select ${org}, 'leads.trash', 'leads', i % 50 + 1, ${t} - i * interval '10 minutes'
    from generate_series(1, greatest(${leads} / 20, 1)) i;

    -- Imports: one per 100 leads, a few of them unfinished (staging or abandoned).
    insert into public.lead_imports (org_id, campaign_id, file_name, status, last_activity_at, created_at)
    select ${org}, (${camps})[1 + i % 4], 'leads-' || i || '.csv',
      (case when i % 97 = 0 then (case when i % 2 = 0 then 'staging' else 'abandoned' end) else 'completed' end)::public.import_status,
      ${t} - i * interval '1 hour', ${t} - i * interval '1 hour'
    from generate_series(1, greatest(${leads} / 100, 40)) i;
  `);
  await handle.execScript("analyze");
  return { campaignIds };
}
