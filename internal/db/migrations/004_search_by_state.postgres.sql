-- SQLite only: the trigram index serves every search on PostgreSQL.
SELECT 1;
