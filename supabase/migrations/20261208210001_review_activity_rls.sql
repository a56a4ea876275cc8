-- Hand-written: row-level security for call reviews and review tags, and the activity feed's read
-- rule on the audit log (issue 16; docs/decisions/0016-review-activity.md).

-- review_tags: every member reads the organization's tags; owners and admins manage them.
create policy review_tags_select on public.review_tags
  for select to authenticated
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
create policy review_tags_insert on public.review_tags
  for insert to authenticated
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
create policy review_tags_update on public.review_tags
  for update to authenticated
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));
create policy review_tags_delete on public.review_tags
  for delete to authenticated
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));

-- call_reviews: every member reads reviews; owners and admins write them. A review names a call
-- and a campaign of its own organization (the member sees the call under its own RLS), so a
-- forged row cannot hang off another organization's call.
create policy call_reviews_select on public.call_reviews
  for select to authenticated
  using (org_id in (select m.org_id from private.user_org_ids() as m(org_id)));
create policy call_reviews_insert on public.call_reviews
  for insert to authenticated
  with check (
    org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id))
    and exists (select 1 from public.calls c
                where c.id = call_id and c.org_id = call_reviews.org_id and c.campaign_id = call_reviews.campaign_id));
create policy call_reviews_update on public.call_reviews
  for update to authenticated
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)))
  with check (
    org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id))
    and exists (select 1 from public.calls c
                where c.id = call_id and c.org_id = call_reviews.org_id and c.campaign_id = call_reviews.campaign_id));
create policy call_reviews_delete on public.call_reviews
  for delete to authenticated
  using (org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id)));

grant select, insert, update, delete on public.review_tags, public.call_reviews to authenticated;
grant select, insert, update, delete on public.review_tags, public.call_reviews to service_role;

-- audit_log: owners and admins read every entry (the audit page); a member reads the activity
-- that is theirs to know: what they did themselves, and what happened to campaigns (created,
-- started, paused, auto-paused with the reason, stopped). Everything else (members, keys,
-- credentials, erasures) stays with admins. Still written only by trusted code and triggers.
alter policy audit_log_select on public.audit_log
  using (
    org_id in (select m.org_id from private.user_org_ids('admin') as m(org_id))
    or (org_id in (select m.org_id from private.user_org_ids() as m(org_id))
        and (actor_id = (select auth.uid()) or target_type = 'campaigns'))
  );
