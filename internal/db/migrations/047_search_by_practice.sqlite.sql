-- PostgreSQL only (see the .postgres.sql file): SQLite's full-text index is unchanged.
SELECT 1;
