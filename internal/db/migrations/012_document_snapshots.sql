-- Review of issue 6: a request keeps what it was sent as, whatever later edits of the template do (its
-- name, kind, scoring and legal-name use; the fields already live in the version), and a signature keeps
-- the exact bytes that were hashed, so the SHA-256 can be checked again at any time.
ALTER TABLE document_requests ADD COLUMN template_name TEXT NOT NULL DEFAULT '';
ALTER TABLE document_requests ADD COLUMN template_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE document_requests ADD COLUMN scoring TEXT NOT NULL DEFAULT '';
ALTER TABLE document_requests ADD COLUMN uses_legal_name BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE document_requests ADD COLUMN signed_content TEXT NOT NULL DEFAULT '';
