-- SQLite only (see the .sqlite.sql file): on PostgreSQL the pg_trgm index lives on charts itself,
-- and its rows are indexed by the insert that writes them.
SELECT 1;
