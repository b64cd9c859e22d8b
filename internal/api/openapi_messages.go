package api

// messageOperations document secure messaging (MS-1, issue 17, item 3), kept apart so other features'
// operations merge beside them.
var messageOperations = []op{
	{"get", "/api/v1/conversations", "The conversations on the charts you reach, those with a message you have not read first, then newest; paged by key (page: the next_page of the page before). Billing, and admins unless the practice lets them see clinical information, get 404", false, "", "200", "ConversationList", []string{"page"}},
	{"get", "/api/v1/conversations/{id}/messages", "A conversation's newest messages (or those before seq before), oldest first; marks them read for you; audited with ids only. With after=seq, only the messages since (for polling; nothing is recorded when there are none)", false, "", "200", "MessageThread", []string{"before", "after"}},
	{"post", "/api/v1/conversations/{id}/messages", "Send a message (plain text, at most 10,000 characters; 422 with a field error on body otherwise). With a file, send multipart/form-data: the body field, then the file part (the checks of file uploads; 422 with error.fields.file). The text may then be empty. The file is kept on the chart, not shared; the portal user downloads it through the conversation. 422 when the conversation is read-only: messaging is off for the client, the chart is not in care, or the portal user's access is disabled; a file is then refused before it is read. Nothing is stored when anything is refused. The portal user is emailed that a message waits, without its text, at most once per 15 minutes", false, "MessageSend|multipart:MessageUpload", "201", "Message", nil},
	{"get", "/api/v1/conversations/{id}/files/{file_id}", "Download a file sent with a message of the conversation (always an attachment, with its type, nosniff and a sandbox); audited. A file on no message of this conversation is 404; 409 when its stored copy no longer matches its SHA-256", false, "", "200", "", nil},
	{"post", "/api/v1/clients/{id}/conversations", "Open the conversation with a registered portal user of the chart (access_id), making it when there is none; answers its id", false, "ConversationStart", "200", "ConversationID", nil},
	{"get", "/api/v1/portal/charts/{id}/messages", "Your conversation with the care team of a chart (id: the access id), with the messaging permission (else 404); marks it read; audited. With after=seq, only what came since: polling never keeps an idle session alive", true, "", "200", "MessageThread", []string{"before", "after"}},
	{"post", "/api/v1/portal/charts/{id}/messages", "Send a message to the care team (plain text, at most 10,000 characters), with a file as multipart/form-data (the body field, then the file part); the messaging permission covers the file. The chart's clinician is emailed that a message waits, at most once per 15 minutes", true, "MessageSend|multipart:MessageUpload", "201", "Message", nil},
	{"get", "/api/v1/portal/charts/{id}/messages/files/{file_id}", "Download a file sent with a message of your own conversation on the chart; any other file is 404", true, "", "200", "", nil},
}

// messageSchemas are the schemas of those routes.
var messageSchemas = obj{
	"Conversation": object(obj{"id": str(), "client_id": str(), "client_name": str(), "portal_user_name": str(),
		"last_message_at": nullable("string"), "unread": boolean()}, "id", "client_id", "client_name", "portal_user_name", "last_message_at", "unread"),
	"ConversationList": object(obj{"items": obj{"type": "array", "items": ref("Conversation")}, "next_page": str()}, "items", "next_page"),
	"Message": object(obj{"id": str(), "seq": integer(), "body": obj{"type": "string", "description": "Plain text as written"},
		"html":        obj{"type": "string", "description": "The text escaped, with http and https addresses linked (rel=noopener noreferrer nofollow)"},
		"from_client": boolean(), "author": str(), "file_id": nullable("string"),
		"file_name":  obj{"type": []string{"string", "null"}, "description": "The attachment's name; null without one, or when it was deleted from the chart since"},
		"file_size":  obj{"type": []string{"integer", "null"}, "description": "The attachment's size in bytes"},
		"created_at": strf("date-time")},
		"id", "seq", "body", "html", "from_client", "author", "file_id", "file_name", "file_size", "created_at"),
	"MessageThread": object(obj{"items": obj{"type": "array", "items": ref("Message")}, "last_seq": integer(),
		"older":     obj{"type": "integer", "description": "Pass as before for the earlier messages; 0 when there are none"},
		"can_send":  boolean(),
		"read_only": obj{"type": "string", "description": "Why nobody may write now; empty when the conversation is open"}},
		"items", "last_seq", "older", "can_send", "read_only"),
	"MessageSend": object(obj{"body": str()}, "body"),
	"MessageUpload": object(obj{"body": obj{"type": "string", "description": "Send it before the file; may be empty with a file"},
		"file": obj{"type": "string", "format": "binary"}}, "body"),
	"ConversationStart": object(obj{"access_id": str()}, "access_id"),
	"ConversationID":    object(obj{"id": str()}, "id"),
}
