/**
 * What Supabase gives every project, recreated for databases that are not Supabase (embedded
 * PGlite and plain Postgres): the API roles and the default privileges Supabase gives them in
 * `public`, the `auth` schema with `auth.users`, and `auth.uid()` / `auth.role()` / `auth.jwt()`
 * with Supabase's own definitions. Never run on Supabase: `migrate` checks `IS_SUPABASE_SQL` first and
 * refuses.
 *
 * The built-in sign-in also keeps its sessions and login attempts in `auth` (tables Supabase
 * has its own versions of, unused by us there).
 */
export const SUPABASE_SHIM_SQL = /* sql */ `
do $$
begin
  begin create role anon nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  begin create role authenticated nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  begin create role service_role nologin noinherit bypassrls; exception when duplicate_object or unique_violation then null; end;
end
$$;

do $$
begin
  execute format('grant anon, authenticated, service_role to %I', current_user);
exception when others then null;
end
$$;

-- Supabase's own first script (supabase/postgres, migrations/db/init-scripts/
-- 00000000000000-initial-schema.sql) runs as postgres, the role that later applies our
-- migrations, and sets default privileges: every table, sequence and function that role creates
-- in public is granted ALL (TRUNCATE, REFERENCES and TRIGGER included) to the three API roles.
-- Reproduced once, when this database is first bootstrapped (auth does not exist yet), so the
-- migrations meet here what they meet on Supabase and must take back what they don't mean to give.
do $$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    grant usage on schema public to anon, authenticated, service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
  end if;
end
$$;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text,
  encrypted_password text,
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists users_email_key on auth.users (lower(email));

create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz not null default now(),
  not_after timestamptz not null,
  revoked_at timestamptz,
  user_agent text,
  ip text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text,
  succeeded boolean not null,
  created_at timestamptz not null default now()
);
create index if not exists login_attempts_email_idx on auth.login_attempts (lower(email), created_at desc);
create index if not exists login_attempts_ip_idx on auth.login_attempts (ip, created_at desc);

-- Sign-in throttle buckets (src/lib/integrations/auth/builtin/sign-in-throttle.ts): one row per
-- key, updated by a single upsert, so concurrent attempts can never all pass a count.
create table if not exists auth.sign_in_limits (
  key text primary key,
  attempts integer not null,
  window_started_at timestamptz not null,
  not_before timestamptz not null
);
create index if not exists sign_in_limits_window_idx on auth.sign_in_limits (window_started_at);

-- One-time links the built-in sign-in emails: sign-up confirmation (24 h) and password reset
-- (1 h). Only the token's SHA-256 is kept; \`pending\` holds what a sign-up asked for (its
-- password hash, organization or invitation) until the link is used.
create table if not exists auth.email_tokens (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  purpose text not null check (purpose in ('signup', 'recovery')),
  pending jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index if not exists email_tokens_user_id_idx on auth.email_tokens (user_id);
-- Databases bootstrapped before password resets existed allow 'signup' only.
do $$
begin
  if not exists (
    select 1 from pg_constraint
    where conrelid = 'auth.email_tokens'::regclass and conname = 'email_tokens_purpose_check'
      and pg_get_constraintdef(oid) like '%recovery%'
  ) then
    alter table auth.email_tokens drop constraint if exists email_tokens_purpose_check;
    alter table auth.email_tokens add constraint email_tokens_purpose_check
      check (purpose in ('signup', 'recovery'));
  end if;
end
$$;

revoke all on all tables in schema auth from anon, authenticated;

-- Supabase's definitions. nullif(..., '') first: a pooled connection that has run a local
-- set_config reads back '' afterwards, and ''::jsonb would throw.
create or replace function auth.uid() returns uuid language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$fn$;

create or replace function auth.role() returns text language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$fn$;

create or replace function auth.jwt() returns jsonb language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$fn$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;
`;

/** Query that is true on a Supabase database (its auth server has a role of its own). */
export const IS_SUPABASE_SQL = `select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as supabase`;
