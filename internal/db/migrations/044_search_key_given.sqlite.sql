-- Issue 18, speed: the bulk client import gives its charts their search_key itself (the next free
-- numbers, taken once for the whole batch) and indexes them in one statement, instead of this
-- trigger's UPDATE of every new row, the row read back and one full-text insert per row. A chart
-- inserted without a key (every other path: a new client, the archive import) is keyed and indexed
-- by the trigger as before; the row's own values are indexed, with no read back.
DROP TRIGGER charts_fts_insert;
CREATE TRIGGER charts_fts_insert AFTER INSERT ON charts WHEN new.search_key IS NULL BEGIN
    UPDATE charts SET search_key = (SELECT COALESCE(MAX(search_key), 0) + 1 FROM charts) WHERE id = new.id;
    INSERT INTO charts_fts(rowid, search_text) SELECT search_key, new.search_text FROM charts WHERE id = new.id;
END;
