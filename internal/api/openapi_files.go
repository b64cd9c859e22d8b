package api

// fileOperations document the file routes (issue 17, item 2). Uploads are multipart/form-data: send the
// optional "shared" field before the "file" part.
var fileOperations = []op{
	{"get", "/api/v1/clients/{id}/files", "A chart's files, newest first, 50 a page (pass next_page as page), with what you may do (the read is audited). 404 for billing staff, and for admins unless the practice's admin_sees_clinical is on", false, "", "200", "FileList", []string{"page"}},
	{"post", "/api/v1/clients/{id}/files", "Upload a file (multipart/form-data: an optional shared field, true or false, then the file part). The type is found in the content: PDF, PNG, JPEG, HEIC, DOCX, XLSX or UTF-8 text; anything else, an empty file, a name with a folder separator or control character, or more than the cap (25 MB unless TEND_MAX_UPLOAD_MB says otherwise, refused while it streams) is 422 with error.fields.file and nothing is stored", false, "multipart:FileUpload", "201", "File", nil},
	{"get", "/api/v1/files/{id}", "A file's details (the read is audited)", false, "", "200", "File", nil},
	{"patch", "/api/v1/files/{id}", "Share a file with the chart's portal users who have the files permission, or stop sharing it (audited)", false, "FileShare", "200", "File", nil},
	{"delete", "/api/v1/files/{id}", "Delete a file for good (audited)", false, "", "204", "", nil},
	{"get", "/api/v1/files/{id}/content", "Download a file (audited): always Content-Disposition: attachment, its found type, X-Content-Type-Options: nosniff and Content-Security-Policy: default-src 'none'; sandbox. The content is checked against its SHA-256: a stored copy damaged from its start is 409; one damaged further in is cut off mid-download (the connection is aborted), never served whole", false, "", "200", "", nil},
	{"get", "/api/v1/portal/charts/{id}/files", "The files of the chart of your access: those shared with you and your own uploads, newest first (needs the files permission; 404 otherwise)", false, "", "200", "PortalFileList", []string{"page"}},
	{"post", "/api/v1/portal/charts/{id}/files", "Upload a file to the chart of your access (multipart/form-data, a part named file; the same checks as staff uploads). Your upload is seen by you and staff until staff share it", false, "multipart:FileUpload", "201", "File", nil},
	{"get", "/api/v1/portal/charts/{id}/files/{file_id}", "One file shared with you, or your own upload", false, "", "200", "File", nil},
	{"get", "/api/v1/portal/charts/{id}/files/{file_id}/content", "Download a file shared with you, or your own upload, with the same headers and checks as staff downloads", false, "", "200", "", nil},
}

func fileSchema() obj {
	return object(obj{"id": str(), "client_id": str(), "name": str(),
		"content_type": obj{"type": "string", "description": "The type found in the content"},
		"size":         obj{"type": "integer", "description": "Bytes"},
		"sha256":       obj{"type": "string", "description": "Hex SHA-256 of the content, checked on every download"},
		"shared":       boolean(), "uploaded_by_staff_id": str(), "uploaded_by_account_id": str(),
		"created_at": strf("date-time"), "updated_at": strf("date-time")},
		"id", "client_id", "name", "content_type", "size", "sha256", "shared", "created_at")
}

// fileSchemas are the schemas of the file routes.
var fileSchemas = obj{
	"File": fileSchema(),
	"FileList": object(obj{"items": obj{"type": "array", "items": ref("File")}, "next_page": str(),
		"can": object(obj{"upload": boolean(), "change": boolean(), "delete": boolean()}, "upload", "change", "delete")}, "items", "next_page", "can"),
	"PortalFileList": object(obj{"items": obj{"type": "array", "items": ref("File")}, "next_page": str(), "can_upload": boolean()}, "items", "next_page", "can_upload"),
	"FileShare":      object(obj{"shared": boolean()}, "shared"),
	"FileUpload": object(obj{"shared": obj{"type": "string", "enum": []string{"true", "false"}, "description": "Staff only; send it before the file"},
		"file": obj{"type": "string", "contentMediaType": "application/octet-stream", "description": "The file, with its name"}}, "file"),
}
