package api

// importOperations document the CSV client import's steps (IM-1, issue 18, item 1), kept apart so other
// features' operations merge beside them. Owners and admins only; anyone else is 403.
var importOperations = []op{
	{"post", "/api/v1/client-imports", "Upload a CSV file of clients (multipart/form-data with a part named file, or the raw body as text/csv with ?name=). UTF-8 with or without BOM, UTF-16 and Windows-1252/Latin-1 are detected, and comma, semicolon or tab. Tend keeps the file and proposes a mapping from the header names. An empty file, a header without rows, binary data, more than 200 columns, two columns of one name, an unclosed quote or more than the limit (20 MB unless TEND_MAX_IMPORT_MB says otherwise, refused while it streams) is 422 with error.fields.file; nothing else is written", false, "multipart:ImportUpload", "201", "ClientImport", nil},
	{"get", "/api/v1/client-imports/{id}", "An import and where it stands (encoding, delimiter, header and sample until it is committed): uploaded, mapped, queued, running (written counts the clients written so far, committed together at the end), done (with the counts), failed (nothing was written; error says why), undone. Poll it after commit", false, "", "200", "ClientImport", nil},
	{"put", "/api/v1/client-imports/{id}/mapping", "Map the columns: mapping holds one field per column of the header, in order (\"\" leaves it out), date_order is mdy, dmy or \"\" (the file's dates and the practice's date format decide). First and last name are required; a field twice is 422", false, "ImportMapping", "200", "ClientImport", nil},
	{"get", "/api/v1/client-imports/{id}/preview", "What the import would do, with nothing written: the first 20 rows as stored, every problem by row, line and column, the duplicates by email within the file (only the first is imported) and against the practice (skipped unless chosen for update), the tags that would be created and the counts", false, "", "200", "ImportPreview", nil},
	{"post", "/api/v1/client-imports/{id}/commit", "Import it: a durable job writes every row without a problem in one transaction, all or nothing, invites nobody and audits one event with the counts. update_rows lists the duplicate rows that update the practice's client instead of being skipped. 202; poll GET /api/v1/client-imports/{id}", false, "ImportCommit", "202", "ClientImport", nil},
	{"post", "/api/v1/client-imports/{id}/undo", "Undo a finished import within 24 hours while nothing it created or updated has changed since: its clients are removed and updated clients get their details back. 422 otherwise", false, "", "200", "ClientImport", nil},
}

// importSchemas are the schemas of those routes.
var importSchemas = obj{
	"ImportUpload": object(obj{"file": obj{"type": "string", "format": "binary"}}, "file"),
	"ClientImport": object(obj{"id": str(), "file_name": str(), "size": obj{"type": "integer"},
		"state":    obj{"type": "string", "enum": []string{"uploaded", "mapped", "queued", "running", "done", "failed", "undone"}},
		"encoding": str(), "delimiter": obj{"type": "string", "enum": []string{"comma", "semicolon", "tab"}},
		"header": obj{"type": "array", "items": str()}, "mapping": obj{"type": "array", "items": str()}, "date_order": str(),
		"sample": obj{"type": "array", "items": obj{"type": "array", "items": str()}}, "rows": obj{"type": "integer"},
		"written": obj{"type": []string{"integer", "null"}}, "created": obj{"type": "integer"}, "updated": obj{"type": "integer"},
		"skipped": obj{"type": "integer"}, "error": str(), "can_undo": boolean(), "created_at": strf("date-time"),
		"committed_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
		"undone_at":    obj{"type": []string{"string", "null"}, "format": "date-time"}},
		"id", "state", "header", "mapping", "rows", "created", "updated", "skipped", "can_undo"),
	"ImportMapping": object(obj{"mapping": obj{"type": "array", "items": obj{"type": "string", "enum": importFields()}},
		"date_order": obj{"type": "string", "enum": []string{"", "mdy", "dmy"}}}, "mapping"),
	"ImportCommit": object(obj{"update_rows": obj{"type": "array", "items": obj{"type": "integer"}}}),
	"ImportPreview": object(obj{"import": ref("ClientImport"), "date_order": str(),
		"columns":      obj{"type": "array", "items": object(obj{"header": str(), "field": str()})},
		"first":        obj{"type": "array", "items": object(obj{"row": obj{"type": "integer"}, "values": obj{"type": "array", "items": str()}, "minor": boolean(), "ok": boolean()})},
		"problems":     obj{"type": "array", "items": object(obj{"row": obj{"type": "integer"}, "line": obj{"type": "integer"}, "column": str(), "message": str()})},
		"problem_rows": obj{"type": "integer"},
		"duplicates": obj{"type": "array", "items": object(obj{"row": obj{"type": "integer"}, "line": obj{"type": "integer"}, "email": str(),
			"of_row": obj{"type": "integer"}, "client_id": str(), "can_update": boolean(), "update": boolean()})},
		"new_tags": obj{"type": "array", "items": str()}, "minors": obj{"type": "integer"}, "creates": obj{"type": "integer"},
		"skips": obj{"type": "integer"}, "updates": obj{"type": "integer"}}),
}
