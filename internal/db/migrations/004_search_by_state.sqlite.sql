-- A common search term (scanned rather than looked up in the trigram index) nearly always comes with a
-- status filter. With the states ahead of the search text, counting such a search reads this index
-- alone instead of visiting every chart row; a search over every status still scans it by practice.
CREATE INDEX charts_practice_state_search ON charts (practice_id, record_state, portal_state, search_text);
DROP INDEX charts_practice_search;
