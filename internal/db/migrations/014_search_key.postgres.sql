-- SQLite only: its full-text index is now keyed on a stable column (see the .sqlite.sql file). The
-- pg_trgm index on PostgreSQL lives on charts itself and has no key of its own to drift.
SELECT 1;
