-- Hand-written: row-level security and grants for the dialer's tables. Calls and webhook events
-- are written only by trusted server work (the tick, the dispatcher, webhook routes) through the
-- service role; members read their organization's calls, admins its raw webhook events (they
-- carry transcripts and phone numbers).

create policy calls_select on public.calls
  for select to authenticated using (org_id in (select private.user_org_ids()));

create policy webhook_events_select on public.webhook_events
  for select to authenticated using (org_id in (select private.user_org_ids('admin')));

revoke all on public.calls, public.webhook_events from anon, authenticated;
grant select on public.calls, public.webhook_events to authenticated;
grant select, insert, update, delete on public.calls, public.webhook_events to service_role;
grant usage, select on all sequences in schema public to service_role;
