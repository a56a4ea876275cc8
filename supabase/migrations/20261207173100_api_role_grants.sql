-- Hand-written: the API roles (anon, authenticated, service_role) hold exactly what the *_rls.sql
-- migrations grant them, and nothing Supabase's default privileges add on top.
--
-- Supabase's first script, run as postgres (the role `supabase db push` applies migrations as),
-- says `alter default privileges in schema public grant all on tables, sequences and functions to
-- anon, authenticated, service_role`. So every table our migrations create starts with ALL for all
-- three. The *_rls.sql migrations take everything back from anon and authenticated and grant the
-- DML each needs, but they only add to service_role, which kept TRUNCATE, REFERENCES and TRIGGER,
-- and they never touch sequences, so anon could call nextval() on audit_log_id_seq. The bootstrap
-- (src/lib/db/bootstrap.ts) sets the same default privileges on PGlite and plain Postgres, so this
-- migration meets the same grants everywhere; tests/integration/rls-matrix.test.ts checks the result
-- role by role.

-- service_role: DML only. anon: nothing (the *_rls.sql migrations already revoked it table by table).
revoke truncate, references, trigger on all tables in schema public from anon, authenticated, service_role;
revoke all on all tables in schema public from anon;

-- Sequences: nobody. Our ids are identity columns, which draw their values without a privilege
-- on the sequence; USAGE would only let a role burn ids, UPDATE reset them with setval().
revoke all on all sequences in schema public from anon, authenticated, service_role;

-- Functions: none live in public today; a future one is granted explicitly, like those in private.
revoke all on all functions in schema public from anon, authenticated, service_role;

-- And for what later migrations create here: nothing by default, each grant written out. These are
-- the migrating role's own default privileges (postgres on Supabase, which may change its own);
-- supabase_admin's, which postgres can't change, apply only to objects supabase_admin creates.
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;
