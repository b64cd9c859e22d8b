package api

// archiveOperations document the practice archive (IM-2, issue 18), kept apart so other features'
// operations merge beside them.
var archiveOperations = []op{
	{"get", "/api/v1/practice/archive", "Owners only: the whole practice as one archive (application/zip), streamed: a JSON-lines file per table under tables/, each file's content under files/{id}, and manifest.json with the Tend and schema versions, the rows per table and the SHA-256 of every entry. Psychotherapy notes only with psychotherapy_notes=true. Audited, with that choice. tend import --archive FILE rebuilds the practice on another installation", false, "", "200", "", []string{"psychotherapy_notes"}},
}
