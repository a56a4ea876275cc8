-- Hand-written: members record whether a booked meeting took place (issue 17).
--
-- Until now only trusted server work (in-call tools, Cal.com webhooks) wrote appointments. Any
-- member of the organization (owner, admin or member: the people who hold the meetings) may now
-- mark one completed or no-show, and only that: the update grant covers the status and updated_at
-- columns, so times, titles and Cal.com ids stay the calendar's. Which transitions are allowed
-- (booked <-> completed / no_show, after the start) is the service's rule
-- (src/lib/services/appointments/mark-appointment-attendance.ts); the change is audited there.
create policy appointments_update on public.appointments
  for update to authenticated
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));

grant update (status, updated_at) on public.appointments to authenticated;
