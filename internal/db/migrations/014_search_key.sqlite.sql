-- The trigram index pointed at charts by SQLite's implicit rowid. charts has a TEXT primary key, so
-- that rowid is not a column: a dump and restore numbers the rows afresh while the index keeps the
-- old numbers, and a search for one client then found another. The index is keyed on search_key, a
-- real column that every copy keeps, given to each chart as it is inserted.
ALTER TABLE charts ADD COLUMN search_key INTEGER;
UPDATE charts SET search_key = rowid;
CREATE UNIQUE INDEX charts_search_key ON charts (search_key);

DROP TRIGGER charts_fts_insert;
DROP TRIGGER charts_fts_delete;
DROP TRIGGER charts_fts_update;
DROP TABLE charts_fts;
CREATE VIRTUAL TABLE charts_fts USING fts5(search_text, content='charts', content_rowid='search_key', tokenize='trigram');

-- One trigger gives the key and indexes the row, so the two can never happen in the other order.
-- Only this trigger sets search_key, and it never changes afterwards.
CREATE TRIGGER charts_fts_insert AFTER INSERT ON charts BEGIN
    UPDATE charts SET search_key = (SELECT COALESCE(MAX(search_key), 0) + 1 FROM charts)
        WHERE id = new.id AND search_key IS NULL;
    INSERT INTO charts_fts(rowid, search_text) SELECT search_key, search_text FROM charts WHERE id = new.id;
END;
CREATE TRIGGER charts_fts_delete AFTER DELETE ON charts BEGIN
    INSERT INTO charts_fts(charts_fts, rowid, search_text) VALUES ('delete', old.search_key, old.search_text);
END;
CREATE TRIGGER charts_fts_update AFTER UPDATE OF search_text ON charts BEGIN
    INSERT INTO charts_fts(charts_fts, rowid, search_text) VALUES ('delete', old.search_key, old.search_text);
    INSERT INTO charts_fts(rowid, search_text) VALUES (new.search_key, new.search_text);
END;
INSERT INTO charts_fts(charts_fts) VALUES ('rebuild');
