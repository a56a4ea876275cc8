-- Hand-written: staged import rows are scratch data that live for minutes. Unlogged, they skip the
-- write-ahead log, which roughly halves the cost of staging a large file. After a crash Postgres
-- empties the table: an import interrupted that way is simply started again (no lead is
-- written before the commit, so nothing is lost or half-done).
alter table public.lead_import_rows set unlogged;
