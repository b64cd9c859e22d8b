-- Issue 19: every client search asks for one practice's charts, but the trigram index held every
-- practice's, so in an installation of 250,000 clients a search read and rejected the matches of the
-- other practices chart by chart (3,208 candidates for 543 of the practice's for "munoz"), twice: once
-- to count and once for the page. The index now starts with the practice (btree_gin lets a GIN index
-- hold a plain column), so a search reads the practice's matches only. Same name, so the search index
-- check and rebuild (db.CheckSearchIndex, db.RebuildSearchIndex) keep working. btree_gin ships with
-- PostgreSQL and, like pg_trgm, is a trusted extension (a database owner may create it).
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX charts_search_trgm;
CREATE INDEX charts_search_trgm ON charts USING gin (practice_id, search_text gin_trgm_ops);
