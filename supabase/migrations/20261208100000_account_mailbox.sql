-- Hand-written: the local mailbox. Local mode sends no email, so the emails about an account
-- itself (finish signing up, reset your password, you already have an account) are kept here and
-- shown at /mailbox, where the person at the laptop opens their links. Only local mode listening
-- on this machine writes or shows it; on Supabase it stays empty. In `private`: no API role but
-- the service role may touch it, and row-level security is on with no policy, so even a grant
-- given by mistake would show nothing.
create table if not exists private.account_emails (
  id uuid primary key default gen_random_uuid(),
  recipient text not null,
  subject text not null,
  html text not null,
  text text not null,
  created_at timestamptz not null default now()
);
create index if not exists account_emails_created_at_idx on private.account_emails (created_at desc, id desc);
alter table private.account_emails enable row level security;
revoke all on private.account_emails from public, anon, authenticated, service_role;
grant select, insert, delete on private.account_emails to service_role;
