-- Seed data for a local Supabase stack (`supabase db reset`). Intentionally empty of users:
-- on Supabase, accounts are created through Supabase Auth (sign up in the app). The embedded
-- local mode seeds its own demo organization and user at first start (src/lib/services/demo).
select 1;
