-- Hand-written: an organization always keeps at least one owner, enforced by the database.
--
-- The services check the owner count before demoting or removing an owner, but a check and a
-- write in two statements is not atomic: two owners demoting (or removing) each other at once
-- both saw two owners and both succeeded, leaving none. This trigger runs after any change that
-- takes the owner role from a membership (demotion, removal, leaving, a deleted account), locks
-- the organization's row, and only then counts the owners that remain. Two such changes in one
-- organization therefore run one after the other: the second waits for the first to commit,
-- counts again with the first's change visible, and is refused.
--
-- The lock is FOR NO KEY UPDATE: it queues owner changes (and renames) of one organization, but
-- not inserts that reference the organization, which only take KEY SHARE.
create or replace function private.keep_an_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner' and new.org_id = old.org_id) then
    return null;
  end if;
  perform 1 from public.organizations o where o.id = old.org_id for no key update;
  -- The organization itself is being deleted (its memberships go by cascade): nothing to keep.
  if not found then
    return null;
  end if;
  if not exists (
    select 1 from public.memberships m where m.org_id = old.org_id and m.role = 'owner'
  ) then
    raise exception 'An organization needs at least one owner. Make someone else owner first.'
      using errcode = 'check_violation',
            constraint = 'memberships_keep_an_owner',
            table = 'memberships',
            schema = 'public';
  end if;
  return null;
end;
$$;
revoke all on function private.keep_an_owner() from public;

-- A constraint trigger so a transaction that hands ownership over in an unusual order can say
-- `set constraints memberships_keep_an_owner deferred`; by default it checks each statement.
create constraint trigger memberships_keep_an_owner
  after update of role, org_id or delete on public.memberships
  deferrable initially immediate
  for each row execute function private.keep_an_owner();
