-- Issue 12, item 4.
--
-- An API token may end on a date; NULL is a token that works until it is revoked. The index serves the
-- sweep that deletes tokens long expired.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
CREATE INDEX api_tokens_expires ON api_tokens (expires_at) WHERE expires_at IS NOT NULL;

-- The confusable skeleton of an email (Unicode TR39: "раура1@x" and "paypal@x" share one), so that a new
-- address that merely looks like another record's is found with one indexed lookup in its practice.
-- It is computed in Go (model.EmailSkeleton) whenever an email is written; rows from before this
-- migration get theirs at start-up (store.FillEmailSkeletons), found through the *_missing indexes,
-- which are empty once that is done.
ALTER TABLE persons ADD COLUMN email_skeleton TEXT;
CREATE INDEX persons_email_skeleton ON persons (practice_id, email_skeleton) WHERE email_skeleton IS NOT NULL;
CREATE INDEX persons_email_skeleton_missing ON persons (id) WHERE email_norm IS NOT NULL AND email_skeleton IS NULL;
ALTER TABLE staff ADD COLUMN email_skeleton TEXT;
CREATE INDEX staff_email_skeleton ON staff (practice_id, email_skeleton) WHERE email_skeleton IS NOT NULL;
CREATE INDEX staff_email_skeleton_missing ON staff (id) WHERE email_skeleton IS NULL;
