-- Fast "any part of" search (LS-2) on PostgreSQL: a trigram index that LIKE '%abc%' uses directly.
-- pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX charts_search_trgm ON charts USING gin (search_text gin_trgm_ops);

-- Counting a practice's clients by status reads this index alone.
CREATE INDEX charts_practice_state ON charts (practice_id, record_state, portal_state);

-- Sort names byte by byte, as SQLite does, whatever the database's locale: the folded sort key makes
-- that the order people expect, and both engines then list clients in the same order.
ALTER TABLE charts ALTER COLUMN sort_name TYPE TEXT COLLATE "C";
