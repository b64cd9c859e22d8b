package api

// taskOperations document the tasks routes, staff and portal (TK-1, issue 17, item 1), kept apart so
// other features' operations merge beside them.
var taskOperations = []op{
	{"get", "/api/v1/clients/{id}/tasks", "A chart's tasks and private to-dos, newest first, 50 a page (pass next_page as page), with the client's replies; status filters open, overdue (open and due before the practice's today) or done. The read is audited. 404 for billing staff, and for admins unless the practice's admin_sees_clinical is on", false, "", "200", "TaskList", []string{"status", "page"}},
	{"post", "/api/v1/clients/{id}/tasks", "Assign a task (TK-1): title required (200 characters at most), instructions in Markdown (shown sanitized; 20 KB at most), an optional due_on, on a couple or family chart an optional member_id (a member chart: private to that member and staff, PT-12; none means all members, and whichever member marks it done completes it for all), an optional document_request_id of the chart, an optional file_id (one of the chart's files, shared with the client unless the task is private), and private for a staff to-do the portal never shows. A due_on before the practice's today is 422 with fields due_on and confirm_past_due: send again with confirm_past_due true to keep it. Nothing is stored on 422", false, "TaskInput", "201", "Task", nil},
	{"get", "/api/v1/clients/{id}/tasks/{task_id}", "One task with its completion and the client's reply; audited", false, "", "200", "Task", nil},
	{"patch", "/api/v1/clients/{id}/tasks/{task_id}", "Change a task's title, instructions, due_on (a past day wants confirm_past_due, as on POST), private, document_request_id or file_id; or, on its own, status done (mark done) or open (reopen: it shows in the portal again, keeping the earlier reply). member_id cannot change", false, "TaskInput", "200", "Task", nil},
	{"delete", "/api/v1/clients/{id}/tasks/{task_id}", "Delete a task for good, from the portal too", false, "", "204", "", nil},
	{"get", "/api/v1/portal/charts/{id}/tasks", "The chart's tasks (id: the access id) for a portal user with the tasks permission (else 404): every open one and the 20 latest done. Never a private to-do, and on a couple or family chart never another member's task (PT-12). Audited", true, "", "200", "PortalTaskList", nil},
	{"get", "/api/v1/portal/charts/{id}/tasks/{task_id}", "One task: its instructions as sanitized HTML, due day, and the document that goes with it when you may open documents; another member's task or a private to-do is 404. Audited", true, "", "200", "PortalTask", nil},
	{"post", "/api/v1/portal/charts/{id}/tasks/{task_id}/done", "Mark a task done, with an optional plain-text reply (2,000 characters at most; longer is 422). A task already done (another member may have finished an all-members task) is 409", true, "PortalTaskDone", "200", "PortalTask", nil},
}

var taskDay = obj{"type": []string{"string", "null"}, "description": "A calendar day, YYYY-MM-DD, in the practice's time zone; null for none"}

// taskSchemas are the schemas of those routes.
var taskSchemas = obj{
	"Task": object(obj{"id": str(), "client_id": str(),
		"member_person_id": obj{"type": []string{"string", "null"}, "description": "On a couple or family chart, the person of the one member it is for; null for all members"},
		"member_name":      str(), "private": obj{"type": "boolean", "description": "A staff to-do: the portal never shows it"},
		"title": str(), "instructions": obj{"type": "string", "description": "Markdown source"},
		"instructions_html": obj{"type": "string", "description": "The instructions rendered and sanitized"},
		"due_on":            taskDay, "document_request_id": obj{"type": []string{"string", "null"}},
		"file_id":    obj{"type": []string{"string", "null"}, "description": "One of the chart's files that goes with the task; null for none"},
		"status":     obj{"type": "string", "enum": []string{"open", "done"}},
		"overdue":    obj{"type": "boolean", "description": "Open and due before the practice's today"},
		"done_at":    obj{"type": []string{"string", "null"}, "format": "date-time"},
		"done_by":    obj{"type": []string{"string", "null"}, "enum": []any{"client", "staff", nil}},
		"reply":      obj{"type": "string", "description": "The client's reply when they marked it done; plain text"},
		"created_by": str(), "created_at": strf("date-time"), "updated_at": strf("date-time")},
		"id", "client_id", "private", "title", "instructions", "instructions_html", "due_on", "status", "overdue", "reply", "created_at", "updated_at"),
	"TaskList": object(obj{"items": obj{"type": "array", "items": ref("Task")}, "next_page": obj{"type": "string", "description": "Pass as page for the next page; empty on the last"},
		"can_change": boolean()}, "items", "next_page", "can_change"),
	"TaskInput": object(obj{"title": obj{"type": "string", "maxLength": 200}, "instructions": obj{"type": "string", "description": "Markdown, 20 KB at most"},
		"due_on": obj{"type": "string", "description": "YYYY-MM-DD, or empty for none"}, "private": boolean(),
		"member_id":           obj{"type": "string", "description": "POST only: a member chart of this couple or family chart; empty for all members"},
		"document_request_id": obj{"type": "string", "description": "One of the chart's document requests; empty for none"},
		"file_id":             obj{"type": "string", "description": "One of the chart's files; empty for none. A task for the client takes only a file shared with them (422 on file_id otherwise); a private to-do takes any of the chart's files"},
		"confirm_past_due":    obj{"type": "boolean", "description": "Keep a due_on before today"},
		"status":              obj{"type": "string", "enum": []string{"open", "done"}, "description": "PATCH only, on its own: mark done, or reopen"}}),
	"PortalTask": object(obj{"id": str(), "title": str(), "instructions_html": str(), "due_on": taskDay, "overdue": boolean(),
		"status": obj{"type": "string", "enum": []string{"open", "done"}}, "done_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
		"reply": str(), "document_url": obj{"type": []string{"string", "null"}, "description": "The API address of the document that goes with it, when you may open documents"},
		"url": str(), "done_url": str()}, "id", "title", "instructions_html", "due_on", "overdue", "status", "reply", "url", "done_url"),
	"PortalTaskList": object(obj{"open": obj{"type": "array", "items": ref("PortalTask")}, "done": obj{"type": "array", "items": ref("PortalTask"),
		"description": "The 20 latest done"}}, "open", "done"),
	"PortalTaskDone": object(obj{"reply": obj{"type": "string", "maxLength": 2000, "description": "Optional, plain text"}}),
}
