-- Hand-written: the membership helper, row-level security policies and grants for the tenancy
-- tables. Drizzle's generated migration before this one created the tables and enabled RLS.
-- Tenancy is written one way: `org_id in (select private.user_org_ids(min_role))`, a security
-- definer function evaluated once per statement, and `(select auth.uid())` for the user's own rows.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- The organizations the signed-in user belongs to with at least `min_role`
-- (owner > admin > member). Policies use it as `org_id in (select private.user_org_ids(...))`:
-- the subquery is an init plan, evaluated once per statement rather than once per row, which is
-- what keeps a million-lead table fast under RLS. Security definer so policies on `memberships`
-- itself don't recurse.
create or replace function private.user_org_ids(min_role public.member_role default 'member')
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.org_id
  from public.memberships m
  where m.user_id = (select auth.uid())
    and case min_role
          when 'member' then true
          when 'admin' then m.role in ('owner', 'admin')
          when 'owner' then m.role = 'owner'
        end;
$$;

-- The users who share at least one organization with the signed-in user (themselves included).
create or replace function private.co_member_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct theirs.user_id
  from public.memberships mine
  join public.memberships theirs on theirs.org_id = mine.org_id
  where mine.user_id = (select auth.uid());
$$;

revoke all on function private.user_org_ids(public.member_role) from public;
revoke all on function private.co_member_ids() from public;
grant execute on function private.user_org_ids(public.member_role) to authenticated, service_role;
grant execute on function private.co_member_ids() to authenticated, service_role;

-- organizations: members read; admins rename and set defaults; owners delete.
-- Creating an organization happens in the sign-up service (service role), so no insert policy.
create policy organizations_select on public.organizations
  for select to authenticated using (id in (select private.user_org_ids()));
create policy organizations_update on public.organizations
  for update to authenticated
  using (id in (select private.user_org_ids('admin'))) with check (id in (select private.user_org_ids('admin')));
create policy organizations_delete on public.organizations
  for delete to authenticated using (id in (select private.user_org_ids('owner')));

-- memberships: members see their colleagues; admins add, change and remove members, but only an
-- owner may grant, change or remove the owner role; anyone may leave.
create policy memberships_select on public.memberships
  for select to authenticated using (org_id in (select private.user_org_ids()));
create policy memberships_insert on public.memberships
  for insert to authenticated
  with check (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))));
create policy memberships_update on public.memberships
  for update to authenticated
  using (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))))
  with check (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))));
create policy memberships_delete on public.memberships
  for delete to authenticated
  using (
    user_id = (select auth.uid())
    or (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))))
  );

-- profiles: your own, and those of people in your organizations.
create policy profiles_select on public.profiles
  for select to authenticated using (id = (select auth.uid()) or id in (select private.co_member_ids()));
create policy profiles_insert on public.profiles
  for insert to authenticated with check (id = (select auth.uid()));
create policy profiles_update on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- invitations: admins manage them; an owner invitation is created, changed or removed only by an owner.
create policy invitations_select on public.invitations
  for select to authenticated using (org_id in (select private.user_org_ids('admin')));
create policy invitations_insert on public.invitations
  for insert to authenticated
  with check (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))));
-- Without the owner rule on update, an admin could turn a member invitation into an owner one
-- and mint owners when it is accepted.
create policy invitations_update on public.invitations
  for update to authenticated
  using (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))))
  with check (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))));
create policy invitations_delete on public.invitations
  for delete to authenticated
  using (org_id in (select private.user_org_ids('admin')) and (role <> 'owner' or org_id in (select private.user_org_ids('owner'))));

-- audit_log: admins read; only trusted server code writes; nobody edits history.
create policy audit_log_select on public.audit_log
  for select to authenticated using (org_id in (select private.user_org_ids('admin')));

-- Grants. Supabase no longer grants new tables to anon/authenticated by default: say what each
-- role may do. anon gets nothing in public. The service role gets DML only, no DDL or TRUNCATE.
revoke all on all tables in schema public from anon, authenticated;
grant select, update, delete on public.organizations to authenticated;
grant select, insert, update, delete on public.memberships to authenticated;
grant select, insert, update on public.profiles to authenticated;
grant select, insert, update, delete on public.invitations to authenticated;
grant select on public.audit_log to authenticated;

grant usage on schema public to authenticated, service_role;
grant select, insert, update, delete on public.organizations, public.memberships, public.profiles,
  public.invitations, public.audit_log to service_role;
grant usage, select on all sequences in schema public to service_role;

-- Audit: changes to organizations, memberships and invitations are logged by trigger, so no code
-- path (user or service) can skip it. The actor is the signed-in user, or null for trusted jobs.
create or replace function private.audit_tenancy_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  org uuid;
  target text;
  payload jsonb;
begin
  if tg_op = 'DELETE' then
    payload := jsonb_build_object('old', to_jsonb(old) - 'token_hash');
  elsif tg_op = 'INSERT' then
    payload := jsonb_build_object('new', to_jsonb(new) - 'token_hash');
  else
    payload := jsonb_build_object('old', to_jsonb(old) - 'token_hash', 'new', to_jsonb(new) - 'token_hash');
  end if;
  if tg_table_name = 'organizations' then
    org := coalesce(new.id, old.id);
    target := org::text;
    -- Deleting an organization cascades to its audit log; nothing to record against.
    if tg_op = 'DELETE' then return old; end if;
  elsif tg_table_name = 'memberships' then
    org := coalesce(new.org_id, old.org_id);
    target := coalesce(new.user_id, old.user_id)::text;
    if not exists (select 1 from public.organizations o where o.id = org) then return coalesce(new, old); end if;
  else
    org := coalesce(new.org_id, old.org_id);
    target := coalesce(new.id, old.id)::text;
    if not exists (select 1 from public.organizations o where o.id = org) then return coalesce(new, old); end if;
  end if;
  insert into public.audit_log (org_id, actor_id, action, target_type, target_id, data)
  values (org, (select auth.uid()), tg_table_name || '.' || lower(tg_op), tg_table_name, target, payload);
  return coalesce(new, old);
end;
$$;
revoke all on function private.audit_tenancy_change() from public;

create trigger organizations_audit after insert or update or delete on public.organizations
  for each row execute function private.audit_tenancy_change();
create trigger memberships_audit after insert or update or delete on public.memberships
  for each row execute function private.audit_tenancy_change();
create trigger invitations_audit after insert or update or delete on public.invitations
  for each row execute function private.audit_tenancy_change();
