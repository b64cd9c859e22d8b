-- Fast "any part of" search (LS-2) on SQLite: a trigram full-text index over charts.search_text,
-- kept in step by triggers. LIKE '%abc%' on it uses the index for terms of three characters or more.
CREATE VIRTUAL TABLE charts_fts USING fts5(search_text, content='charts', content_rowid='rowid', tokenize='trigram');

CREATE TRIGGER charts_fts_insert AFTER INSERT ON charts BEGIN
    INSERT INTO charts_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER charts_fts_delete AFTER DELETE ON charts BEGIN
    INSERT INTO charts_fts(charts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER charts_fts_update AFTER UPDATE OF search_text ON charts BEGIN
    INSERT INTO charts_fts(charts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO charts_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO charts_fts(charts_fts) VALUES ('rebuild');

-- Counting a practice's clients by status reads this index alone.
CREATE INDEX charts_practice_state ON charts (practice_id, record_state, portal_state);

-- A search term so common that the trigram index would return a large share of every practice's
-- charts is answered by scanning this practice's entries of this index instead (never the table).
CREATE INDEX charts_practice_search ON charts (practice_id, search_text);
