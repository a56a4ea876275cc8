-- A migration of its own: Postgres refuses to use an enum value in the transaction that adds it,
-- and the next migration's index names it.
ALTER TYPE "public"."import_status" ADD VALUE 'abandoned';
