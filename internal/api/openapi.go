package api

import (
	"net/http"
	"slices"
	"strings"

	"tend/internal/model"
	"tend/internal/password"
)

// op describes one operation of the OpenAPI document. It is written by hand, next to the route table but
// separate from it, so the test that compares the two catches a route that was added without documentation.
type op struct {
	method, path, summary string
	public                bool
	request               string // schema name of the JSON body, "" for none
	status                string // success status
	response              string // schema name of the success body, "" for none
	query                 []string
}

var operations = []op{
	{"post", "/api/v1/setup", "First-run setup: create the practice and its owner, and sign the owner in", true, "Setup", "201", "Me", nil},
	{"post", "/api/v1/auth/login", "Sign in with email and password; sets the session cookie. For an account with two-step sign-in the answer is 202 with TwoStepNeeded and a short-lived cookie instead: finish with POST /api/v1/auth/two-step", true, "Login", "200", "Me", nil},
	{"post", "/api/v1/auth/two-step", "Second step of a sign-in: the 6-digit code from the authenticator app or a recovery code, within five minutes of the password; sets the session cookie. A code already used, or of an older 30-second step than the last one used, is refused (422); wrong codes are throttled like passwords (429); 401 sign_in_expired when no sign-in waits", true, "TwoStepCode", "200", "Me", nil},
	{"post", "/api/v1/auth/logout", "End the current session", false, "", "204", "", nil},
	{"post", "/api/v1/auth/forgot", "Email a password reset link to a staff member (202 whether or not the email is known)", true, "Forgot", "202", "", nil},
	{"post", "/api/v1/auth/reset", "Set a new password with a reset link's token; every session of the person ends", true, "Reset", "204", "", nil},
	{"get", "/api/v1/me", "The signed-in staff member and their practice", false, "", "200", "Me", nil},
	{"get", "/api/v1/home", "Your dashboard: flagged documents first, the other finished documents to review, unfinished setups (10 a page, setups_page), open portal invitations (expired and expiring soon counted), charts missing someone after a delete; only charts you may see", false, "", "200", "Home", []string{"setups_page"}},
	{"post", "/api/v1/me/password", "Change your own password (the current one is required); your API tokens are revoked unless revoke_tokens is false", false, "StaffPasswordChange", "204", "", nil},
	{"get", "/api/v1/me/two-step", "Your two-step sign-in: on or off, since when, recovery codes left, whether the practice requires it", false, "", "200", "TwoStep", nil},
	{"post", "/api/v1/me/two-step/setup", "Start setting up two-step sign-in: a new secret, its otpauth:// URI and a QR code (PNG, base64); replaces an unconfirmed one (409 when already on)", false, "", "201", "TwoStepSetup", nil},
	{"post", "/api/v1/me/two-step/confirm", "Turn two-step sign-in on with a code from the authenticator app; returns ten single-use recovery codes, shown only here. Your other sessions end", false, "TwoStepCode", "200", "RecoveryCodes", nil},
	{"post", "/api/v1/me/two-step/disable", "Turn two-step sign-in off (your password is required)", false, "PasswordConfirm", "204", "", nil},
	{"post", "/api/v1/me/two-step/recovery-codes", "Replace your recovery codes with ten new ones (your password is required); the old ones stop working", false, "PasswordConfirm", "200", "RecoveryCodes", nil},
	{"get", "/api/v1/practice", "Your practice and its settings", false, "", "200", "Practice", nil},
	{"patch", "/api/v1/practice", "Change practice settings (owner, admin)", false, "PracticePatch", "200", "Practice", nil},
	{"get", "/api/v1/staff", "The practice's staff", false, "", "200", "StaffList", nil},
	{"post", "/api/v1/staff", "Add a staff member with a temporary password (owner, admin)", false, "StaffCreate", "201", "Staff", nil},
	{"get", "/api/v1/staff/{id}", "One staff member", false, "", "200", "Staff", nil},
	{"patch", "/api/v1/staff/{id}", "Change a staff member's name, role, supervisor or active state (owner, admin)", false, "StaffPatch", "200", "Staff", nil},
	{"post", "/api/v1/staff/{id}/two-step/reset", "Reset a colleague's two-step sign-in when they lost their phone and recovery codes: it turns off and their sessions end (owner, admin; only an owner resets an owner's; not your own)", false, "", "200", "Staff", nil},
	{"get", "/api/v1/tokens", "Your personal API tokens (without secrets), expired ones included until they are revoked or swept", false, "", "200", "TokenList", nil},
	{"post", "/api/v1/tokens", "Create a personal API token, optionally with an expiry (expires_at or expires_in_days); the secret is shown once", false, "TokenCreate", "201", "TokenCreated", nil},
	{"delete", "/api/v1/tokens/{id}", "Revoke one of your tokens (or delete an expired one)", false, "", "204", "", nil},
	{"get", "/api/v1/audit-events", "The practice's audit log, newest first (owner)", false, "", "200", "AuditList", []string{"actor_id", "record_id", "chart_id", "action", "from", "to", "page", "per_page"}},
	{"post", "/api/v1/clients", "Create a client: individual (first and last name), minor (plus at least one contact) or group (name and two or more members)", false, "ClientWrite", "201", "Client", nil},
	{"get", "/api/v1/clients", "List and search the clients you may see. sort: name (default), status (Active, Pending, Inactive, Archived), clinician (by name; unassigned last) or joined, each with - before it for the other direction. Paged by key: page is empty (or 1) for the first page, else the next_page or prev_page of another page; a page number past 1 is refused (422). total counts the matches up to 2000 (total_capped says there are more)", false, "", "200", "ClientList", []string{"q", "status", "tag", "clinician", "kind", "sort", "page", "per_page"}},
	{"post", "/api/v1/clients/bulk", "Deactivate, archive, delete, tag or untag many clients at once. Up to 250 clients: all or nothing, 200 with BulkResult; more: every client is checked first, then 202 with a BulkOperation that runs in the background", false, "Bulk", "200", "BulkResult", nil},
	{"get", "/api/v1/bulk-operations/{id}", "How far a bulk action running in the background got (whoever started it, owners, admins)", false, "", "200", "BulkOperation", nil},
	{"get", "/api/v1/clients/{id}", "One client (the view is audited)", false, "", "200", "Client", nil},
	{"get", "/api/v1/clients/{id}/overview", "A chart at a glance (CL-10): who the client is, what needs attention, the latest scores with their trend, documents waiting, active diagnoses, the last three notes, drafts to sign and the active treatment plans. A block the person may not see is absent, not empty: billing staff get no scores, documents or clinical blocks. Audited like opening the chart", false, "", "200", "Overview", nil},
	{"patch", "/api/v1/clients/{id}", "Change some of a client's fields; tag_ids replaces their tags", false, "ClientWrite", "200", "Client", nil},
	{"delete", "/api/v1/clients/{id}", "Delete a client for good (owner, admin)", false, "", "204", "", nil},
	{"post", "/api/v1/clients/{id}/deactivate", "Deactivate a client", false, "", "200", "Client", nil},
	{"post", "/api/v1/clients/{id}/reactivate", "Reactivate a client", false, "", "200", "Client", nil},
	{"post", "/api/v1/clients/{id}/archive", "Archive a client (data kept)", false, "", "200", "Client", nil},
	{"post", "/api/v1/clients/{id}/restore", "Restore an archived client", false, "", "200", "Client", nil},
	{"get", "/api/v1/clients/{id}/contacts", "A chart's contacts", false, "", "200", "ContactList", nil},
	{"post", "/api/v1/clients/{id}/contacts", "Add a contact: an existing person (person_id) or a new one (names)", false, "ContactWrite", "201", "Contact", nil},
	{"patch", "/api/v1/clients/{id}/contacts/{contact_id}", "Change a contact's relationship and flags, or a contact-only person's details", false, "ContactWrite", "200", "Contact", nil},
	{"delete", "/api/v1/clients/{id}/contacts/{contact_id}", "Remove a contact (a minor keeps at least one)", false, "", "204", "", nil},
	{"get", "/api/v1/clients/{id}/members", "A group chart's members", false, "", "200", "MemberList", nil},
	{"post", "/api/v1/clients/{id}/members", "Add a member: an existing client (client_id) or a new one (names)", false, "MemberWrite", "201", "Member", nil},
	{"patch", "/api/v1/clients/{id}/members/{client_id}", "Change a member's reminders and questionnaires, or give them the identified-patient or billing role", false, "MemberWrite", "200", "Member", nil},
	{"delete", "/api/v1/clients/{id}/members/{client_id}", "Take a client out of a group chart (a group keeps at least two)", false, "", "204", "", nil},
	{"get", "/api/v1/people", "Find people to link as a contact or member: visible clients and contacts", false, "", "200", "PersonList", []string{"q"}},
	{"get", "/api/v1/tags", "The practice's tags with how many clients carry each", false, "", "200", "TagList", nil},
	{"post", "/api/v1/tags", "Create a tag", false, "TagWrite", "201", "Tag", nil},
	{"patch", "/api/v1/tags/{id}", "Rename a tag", false, "TagWrite", "200", "Tag", nil},
	{"delete", "/api/v1/tags/{id}", "Delete a tag from every client", false, "", "204", "", nil},
	{"get", "/api/v1/mail", "The practice's outgoing email, newest first, without bodies (owner). Paged by key: page is empty for the newest page, else the next_page (older) or prev_page (newer) of another page; a plain number reads as the newest page. total counts up to 2000 (total_capped says there are more)", false, "", "200", "MailList", []string{"page"}},
	{"post", "/api/v1/mail/test", "Queue a test message to yourself (owner)", false, "", "202", "", nil},
	{"post", "/api/v1/mail/{id}/retry", "Queue a failed message again (owner)", false, "", "204", "", nil},
	{"get", "/api/v1/clients/{id}/portal", "A chart's possible portal users with their access, invitations and the client's status", false, "", "200", "ChartPortal", nil},
	{"post", "/api/v1/clients/{id}/invitations", "Invite the client (or a member, contact or person) to the portal: an emailed seven-day link, or a connection request when the email has an account", false, "Invite", "201", "PortalAccess", nil},
	{"post", "/api/v1/clients/{id}/contacts/{contact_id}/enroll", "Invite a contact as a portal user of the chart with permissions", false, "Enroll", "201", "PortalAccess", nil},
	{"post", "/api/v1/invitations/{id}/resend", "Send an open invitation again; the previous link stops working", false, "", "200", "PortalAccess", nil},
	{"delete", "/api/v1/invitations/{id}", "Withdraw an open invitation or request; its link stops working", false, "", "204", "", nil},
	{"post", "/api/v1/clients/{id}/portal-users/{user_id}/disable", "Disable a registered person's access; their portal sessions end at once", false, "", "200", "PortalAccess", nil},
	{"post", "/api/v1/clients/{id}/portal-users/{user_id}/enable", "Enable a disabled person's access again", false, "", "200", "PortalAccess", nil},
	{"patch", "/api/v1/clients/{id}/portal-users/{user_id}", "Replace a portal user's permissions", false, "Permissions", "200", "PortalAccess", nil},
	{"post", "/api/v1/portal/register", "Portal: create an account with an invitation's token; sets the portal session cookie", true, "PortalRegister", "201", "PortalMe", nil},
	{"post", "/api/v1/portal/login", "Portal: sign in; sets the portal session cookie", true, "Login", "200", "PortalMe", nil},
	{"post", "/api/v1/portal/logout", "Portal: end the session", true, "", "204", "", nil},
	{"post", "/api/v1/portal/forgot", "Portal: email a password reset link (202 whether or not the email has an account)", true, "Forgot", "202", "", nil},
	{"post", "/api/v1/portal/join/{slug}", "Portal: register on your own at a practice that allows it: emails a link proving the address (202 either way; 404 when the practice takes no registrations)", true, "Forgot", "202", "", nil},
	{"post", "/api/v1/portal/join/{slug}/complete", "Portal: finish a self-registration with the link's token, your name and a password; joins a pending invitation to the email or creates a new chart", true, "PortalJoin", "201", "PortalMe", nil},
	{"post", "/api/v1/portal/reset", "Portal: set a new password with a reset link's token; every portal session of the account ends", true, "Reset", "204", "", nil},
	{"get", "/api/v1/portal/me", "Portal: the signed-in account, the charts it can open and the connection requests waiting for it", true, "", "200", "PortalMe", nil},
	{"post", "/api/v1/portal/me/password", "Portal: change your password (the current one is required); your other sessions end", true, "PasswordChange", "204", "", nil},
	{"post", "/api/v1/portal/me/email", "Portal: change your email: a link goes to the new address (409 when it already has an account)", true, "EmailChange", "202", "", nil},
	{"post", "/api/v1/portal/email/confirm", "Portal: confirm an email change with the link's token; every session of the account ends", true, "LinkToken", "204", "", nil},
	{"get", "/api/v1/portal/requests", "Portal: connection requests waiting for the signed-in account", true, "", "200", "PortalChartList", nil},
	{"post", "/api/v1/portal/requests/{id}/approve", "Portal: approve a connection request", true, "", "200", "PortalChart", nil},
	{"post", "/api/v1/portal/requests/{id}/decline", "Portal: decline a connection request (final until the practice asks again)", true, "", "200", "PortalChart", nil},
	{"get", "/api/v1/portal/charts/{id}", "Portal: one chart's home: what to do now, completed documents, upcoming appointments, and where who opened the record is", true, "", "200", "PortalChartHome", nil},
	{"get", "/api/v1/portal/charts/{id}/opened", "Portal: who opened my record (PT-11): staff views and changes by day and role, never by name; the setup on the day the chart was added is one line. For the client, a guardian or a group member; 404 for another contact", true, "", "200", "WhoOpened", nil},
	{"get", "/api/v1/portal/charts/{id}/appointments", "Portal: the chart's next scheduled appointments, at most 5, the soonest first (the client, or a portal user with the appointments permission; 404 without it)", true, "", "200", "PortalAppointmentList", nil},
	{"get", "/api/v1/clients/{id}/psychotherapy-notes", "Your own psychotherapy notes on a chart, newest date first, 50 a page (page: the next_page of the page before). Only their author ever sees one: never the owner, a supervisor, an admin or billing (404); the open is audited", false, "", "200", "PsychotherapyNoteList", []string{"page"}},
	{"post", "/api/v1/clients/{id}/psychotherapy-notes", "Write a psychotherapy note (45 CFR 164.501): kept apart from the record, never in the portal, exports, the chart's payload or search. Not on a chart you may only read (403)", false, "PsychotherapyNoteWrite", "201", "PsychotherapyNote", nil},
	{"get", "/api/v1/clients/{id}/psychotherapy-notes/{pnote_id}", "One of your psychotherapy notes; anyone else's answers 404 like a missing one. The open is audited", false, "", "200", "PsychotherapyNote", nil},
	{"patch", "/api/v1/clients/{id}/psychotherapy-notes/{pnote_id}", "Change the date or text of one of your psychotherapy notes", false, "PsychotherapyNoteWrite", "200", "PsychotherapyNote", nil},
	{"delete", "/api/v1/clients/{id}/psychotherapy-notes/{pnote_id}", "Delete one of your psychotherapy notes for good", false, "", "204", "", nil},
	{"get", "/api/v1/clients/{id}/reflections", "A chart's reflections (notes written for the client), newest first, 50 a page (owner, clinician, supervisor; admin and billing get 404)", false, "", "200", "ReflectionList", []string{"page"}},
	{"post", "/api/v1/clients/{id}/reflections", "Write a reflection in Markdown (headings, lists, emphasis, links; raw HTML and images are dropped). It is not shared until POST …/share", false, "ReflectionWrite", "201", "Reflection", nil},
	{"get", "/api/v1/clients/{id}/reflections/{reflection_id}", "One reflection with its sanitized HTML", false, "", "200", "Reflection", nil},
	{"patch", "/api/v1/clients/{id}/reflections/{reflection_id}", "Change a reflection's title or text. A shared one stays shared: the client sees the new text at once, with its updated_at", false, "ReflectionWrite", "200", "Reflection", nil},
	{"delete", "/api/v1/clients/{id}/reflections/{reflection_id}", "Delete a reflection for good (it leaves the portal too)", false, "", "204", "", nil},
	{"post", "/api/v1/clients/{id}/reflections/{reflection_id}/share", "Show a reflection in the portal to the chart's portal users with the shared-notes permission; notify=true emails them a notice naming only the practice (no title, text or clinician name)", false, "", "200", "Reflection", []string{"notify"}},
	{"post", "/api/v1/clients/{id}/reflections/{reflection_id}/unshare", "Take a reflection out of the portal at once", false, "", "200", "Reflection", nil},
	{"get", "/api/v1/portal/charts/{id}/reflections", "Shared notes of a chart (id: the access id), newest first, for a portal user with the shared-notes permission (else 404); audited", true, "", "200", "PortalReflectionList", []string{"page"}},
	{"get", "/api/v1/portal/charts/{id}/reflections/{reflection_id}", "One shared note; an unshared or deleted one answers 404", true, "", "200", "PortalReflection", nil},
	{"get", "/api/v1/document-templates", "The template library, built-ins included; archived=true adds archived templates; kind= keeps one kind (kind=note: the practice's session note templates, offered for new notes and never sent to clients)", false, "", "200", "TemplateList", []string{"archived", "kind"}},
	{"post", "/api/v1/document-templates", "Create a template (version 1)", false, "TemplateWrite", "201", "Template", nil},
	{"get", "/api/v1/document-templates/{id}", "One template with its current version's fields", false, "", "200", "Template", nil},
	{"patch", "/api/v1/document-templates/{id}", "Change a template (new fields make a new version; sent requests keep theirs); archived archives or restores it", false, "TemplateWrite", "200", "Template", nil},
	{"get", "/api/v1/clients/{id}/documents", "A chart's document requests with state, notification delivery, score and severity", false, "", "200", "RequestList", nil},
	{"put", "/api/v1/clients/{id}/documents", "Manage documentation: the templates that should be open on the chart (new ones requested, unticked open ones withdrawn); notify emails the portal users", false, "Manage", "200", "RequestList", nil},
	{"get", "/api/v1/document-requests/{id}", "One request with its questions, answers, score and severity", false, "", "200", "Request", nil},
	{"post", "/api/v1/document-requests/{id}/resend", "Email an open request's portal users again", false, "", "200", "Request", nil},
	{"post", "/api/v1/document-requests/{id}/review", "Mark a completed or signed document reviewed", false, "", "200", "Request", nil},
	{"get", "/api/v1/document-requests/{id}/intake", "A finished built-in intake's answers beside the chart's values, field by field, with the chart values each answer proposes (422 for another form, an unfinished one, or a couple or family member's)", false, "", "200", "IntakeReview", nil},
	{"post", "/api/v1/document-requests/{id}/apply", "Apply to chart: copy the chosen answers of a finished built-in intake to the chart. Nothing is copied unless named in use; a value the chart refuses comes back as 422 under its chart field (phone, address.city…) and nothing is applied", false, "IntakeApply", "200", "Client", nil},
	{"get", "/api/v1/document-requests/{id}/pdf", "A completed or signed document as a PDF (application/pdf)", false, "", "200", "", nil},
	{"get", "/api/v1/clients/{id}/notes", "A chart's session notes, newest first by date of service, without bodies (NT-2): state=draft|signed, template, limit (1-100, default 25); cursor pages older (next_cursor), since pages newer (prev_cursor); nothing is counted. Admins get no mood score; billing 404", false, "", "200", "NotePage", []string{"state", "template", "cursor", "since", "limit"}},
	{"post", "/api/v1/clients/{id}/notes", "Start a draft session note with a template (soap, dap, birp, free, or a practice note template's id); the date of service defaults to the practice's today. A date more than a day ahead, a mood outside 0-10 or a body over 100 KB is 422", false, "NoteWrite", "201", "Note", nil},
	{"get", "/api/v1/clients/{id}/notes/{note}", "One session note with its sections, signature, co-signature and addenda; the read is audited. Admins and billing: 404", false, "", "200", "Note", nil},
	{"patch", "/api/v1/clients/{id}/notes/{note}", "Change a draft: fields sent replace those stored (mood null clears it). A signed note answers 409: add an addendum instead", false, "NoteWrite", "200", "Note", nil},
	{"post", "/api/v1/clients/{id}/notes/{note}/sign", "Sign and lock a draft: its author types their full name; the time, signer and SHA-256 of the exact content (signed_content) are stored. An empty note is 422; a signed one 409; of two signatures at once exactly one wins", false, "NoteSign", "200", "Note", nil},
	{"post", "/api/v1/clients/{id}/notes/{note}/cosign", "Co-sign a supervisee's signed note that needs it: only the author's supervisor, typing their full name (403 for anyone else)", false, "NoteSign", "200", "Note", nil},
	{"get", "/api/v1/clients/{id}/notes/{note}/addenda", "A signed note's addenda, oldest first", false, "", "200", "AddendumList", nil},
	{"post", "/api/v1/clients/{id}/notes/{note}/addenda", "Add an addendum to a signed note (its reason and text); the note and its hash never change. A draft answers 409", false, "AddendumWrite", "201", "Addendum", nil},
	{"get", "/api/v1/clients/{id}/notes/{note}/pdf", "A session note with its signatures and addenda as a PDF (application/pdf)", false, "", "200", "", nil},
	{"get", "/api/v1/notes/to-cosign", "Signed notes of the people you supervise that wait for your co-signature, without bodies", false, "", "200", "NoteList", nil},
	{"get", "/api/v1/portal/documents/{id}/pdf", "Portal: your finished document as a PDF (application/pdf)", true, "", "200", "", nil},
	{"get", "/api/v1/portal/documents", "Portal: your documents, waiting and finished (status=to_do or completed keeps one kind)", true, "", "200", "PortalDocumentList", []string{"status"}},
	{"get", "/api/v1/portal/documents/{id}", "Portal: one document with its questions and your answers", true, "", "200", "PortalDocument", nil},
	{"put", "/api/v1/portal/documents/{id}", "Portal: save answers so far (in progress); they replace those saved before", true, "Answers", "200", "PortalDocument", nil},
	{"post", "/api/v1/portal/documents/{id}/submit", "Portal: finish a document without a signature: the answers saved so far (PUT), with those sent over them (an empty string clears one), must answer every required question; they become read-only", true, "Answers", "200", "PortalDocument", nil},
	{"post", "/api/v1/portal/documents/{id}/sign", "Portal: sign a document with your typed full name and an explicit confirmation; answers merge with those saved so far, as for submit", true, "Sign", "200", "PortalDocument", nil},
	{"get", "/api/v1/openapi.json", "This document", true, "", "200", "", nil},
}

// portalPublic are the portal's routes that need no portal session.
var portalPublic = []string{"/api/v1/portal/register", "/api/v1/portal/login", "/api/v1/portal/forgot", "/api/v1/portal/reset",
	"/api/v1/portal/join/{slug}", "/api/v1/portal/join/{slug}/complete", "/api/v1/portal/email/confirm"}

type obj = map[string]any

func str() obj               { return obj{"type": "string"} }
func strf(format string) obj { return obj{"type": "string", "format": format} }
func nullable(t string) obj  { return obj{"type": []string{t, "null"}} }
func boolean() obj           { return obj{"type": "boolean"} }
func integer() obj           { return obj{"type": "integer"} }
func ref(name string) obj    { return obj{"$ref": "#/components/schemas/" + name} }
func object(props obj, required ...string) obj {
	o := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func itemsOf(item string) obj {
	return object(obj{"items": obj{"type": "array", "items": ref(item)}}, "items")
}
func listOf(item string) obj {
	return object(obj{"items": obj{"type": "array", "items": ref(item)}, "total": integer(), "page": integer(), "per_page": integer()},
		"items", "total", "page", "per_page")
}

// keyedListOf is a page of a list paged by key, whose matches are counted up to a cap (2,000) rather
// than in full on every request; extra holds more properties.
func keyedListOf(item string, extra obj) obj {
	props := obj{"items": obj{"type": "array", "items": ref(item)},
		"total":        obj{"type": "integer", "description": "How many match, counted up to 2000; with total_capped, at least this many"},
		"total_capped": obj{"type": "boolean", "description": "More than total match: show it as 2000+"},
		"per_page":     integer(),
		"next_page":    obj{"type": "string", "description": "Pass as page for the next page; empty on the last"},
		"prev_page":    obj{"type": "string", "description": "Pass as page for the page before; empty on the first"}}
	required := []string{"items", "total", "total_capped", "per_page", "next_page", "prev_page"}
	for k, v := range extra {
		props[k] = v
		required = append(required, k)
	}
	slices.Sort(required)
	return object(props, required...)
}

var permissionList = obj{"type": "array", "items": obj{"type": "string", "enum": []string{"documents", "tasks", "notes", "files", "messaging", "appointments", "billing"}}}

var relationships = []string{"parent", "legal_guardian", "grandparent", "spouse_partner", "other"}

var roles = []string{string(model.RoleOwner), string(model.RoleAdmin), string(model.RoleClinician), string(model.RoleSupervisor), string(model.RoleBilling)}

// lookalike describes the record whose email another looks like.
func lookalike(description string) obj {
	return obj{"type": "object", "description": description,
		"properties": obj{"field": str(), "record_type": obj{"type": "string", "enum": []string{"client", "contact", "staff"}},
			"id": obj{"type": "string", "description": "The client's id, the contact's person id or the staff member's id"}, "name": str()}}
}

// confirmDistinct is the flag that goes ahead with an email answered by 409 email_confusable.
// permissionListDefaults and inviteTemplates describe an invitation's choices (PT-2, PT-6, CT-2).
var (
	permissionListDefaults = obj{"type": "array", "items": permissionList["items"], "description": "Absent: the person's defaults (the client: everything but billing; a contact: what its flags allow, may_sign → documents, " +
		"sees_appointments → appointments, and messaging for a minor's parent or guardian)"}
	inviteTemplates = obj{"type": "array", "items": str(), "description": "Document templates requested on the chart with the invitation " +
		"(for a couple or family member: their own); the person needs the documents permission"}
)

// intakeConfirms describes the practice setting of issue 13, item 10.
var intakeConfirms = obj{"type": "boolean", "description": "The built-in intake shows the details the chart already holds filled in, for the client to confirm; false leaves those questions out"}

// notesNeedCosign describes the staff rule of issue 14, item 3.
var notesNeedCosign = obj{"type": "boolean", "description": "The person's session notes, once signed, wait for their supervisor's co-signature (notes started after the change, while they have a supervisor)"}

// lateNoteDays describes the practice setting of issue 14, item 3.
var lateNoteDays = obj{"type": "integer", "minimum": model.MinLateNoteDays, "maximum": model.MaxLateNoteDays,
	"description": "A session note still unsigned this many days after its date of service is late (Home, badges); default 3"}

// planReviewNoticeDays and planDraftsExternal describe the practice settings of issue 15, items 4 and 6.
var (
	planReviewNoticeDays = obj{"type": "integer", "minimum": model.MinPlanReviewNoticeDays, "maximum": model.MaxPlanReviewNoticeDays,
		"description": "A treatment plan's clinician is emailed this many days before the plan's review date (the email holds no clinical content); default 14"}
	reminderLeadHours = obj{"type": "array", "maxItems": model.MaxReminderLeads, "items": obj{"type": "integer", "minimum": model.MinReminderLeadHours, "maximum": model.MaxReminderLeadHours},
		"description": "Appointment reminders are emailed this many hours before each scheduled appointment, one email per lead time (largest first); [] sends none; default [24]. A change applies to appointments booked or moved afterwards"}
	reminderNamesService = obj{"type": "boolean", "description": "Appointment reminders may name the service booked (never anything clinical); default false"}
	planDraftsExternal   = obj{"type": "boolean", "description": "Generated plan drafts may use the installation's language-model endpoint (TEND_LLM_URL), when one is set, with a de-identified summary; false keeps every draft on the built-in generator; default true"}
)

// feedClientNames describes the practice setting of issue 16, item 7 (AP-2).
var feedClientNames = obj{"type": "boolean", "description": "The clinicians' calendar feeds (/calendar/{token}.ics) show clients' names; false shows their initials only; default false"}

var messageNoticeNames = obj{"type": "boolean", "description": "The email telling a portal user that a secure message waits names the staff member who wrote; false names only the practice; default false"}

var confirmDistinct = obj{"type": "boolean", "description": "Go ahead with an email that looks like another record's (409 email_confusable): it is a different address"}

// tokenExpiresAt and tokenExpired describe a token's expiry in the token schemas.
var (
	tokenExpiresAt = obj{"type": []string{"string", "null"}, "format": "date-time", "description": "When the token stops working; null: no expiry."}
	tokenExpired   = obj{"type": "boolean", "description": "The expiry has passed: the token no longer works (it answers 401 like an unknown one)."}
)

// dateFormat, portalBanner and cancellationPolicy describe the practice settings of issue 13.
var (
	dateFormat = obj{"type": "string", "enum": model.DateFormats(),
		"description": "How pages, PDFs and emails write dates and times, in the practice's time zone: us 04/17/1991, 3:30 PM; dmy 17/04/1991, 15:30; iso 1991-04-17, 15:30; long 17 Apr 1991, 15:30. Dates in this API stay RFC 3339."}
	portalBanner = obj{"type": "string", "maxLength": model.MaxPortalBanner,
		"description": "Plain text shown at the top of every portal user's home (office hours, closures); empty for none"}
	practiceBanner     = obj{"type": "string", "description": "The practice's notice to its portal users (office hours, closures), shown at the top of their home; empty when it has none"}
	cancellationPolicy = obj{"type": "string", "maxLength": model.MaxCancellationPolicy,
		"description": "Plain text the built-in consent to treatment shows and asks the client to confirm; empty: the consent does not ask"}
)

// newPassword is a password being chosen: the API states the same rule as every form (issue 13, item 16).
func newPassword() obj {
	return obj{"type": "string", "format": "password", "minLength": password.MinLength, "maxLength": password.MaxLength, "description": password.Rule("the person's")}
}

var schemas = obj{
	"Error": object(obj{"error": object(obj{
		"code": str(), "message": str(), "fields": obj{"type": "object", "additionalProperties": str()},
		"lookalike": lookalike("With code email_confusable (409): the record whose email the one sent looks like (same Unicode TR39 skeleton, another address); absent when it is not yours to see. Send again with confirm_distinct_email: true if it is a different address."),
		"overlaps": obj{"type": "array", "description": "With code overlap (409): the clinician's appointments in the way of a booking or a move; client_id and client_name are empty for a chart you may not see. Nothing was saved: send again with confirm_overlap: true to go ahead",
			"items": object(obj{"id": str(), "client_id": str(), "client_name": str(), "clinician_id": str(), "starts_at": strf("date-time"),
				"ends_at": strf("date-time"), "duration_minutes": integer(), "status": str()}, "id", "starts_at", "ends_at")},
	}, "code", "message")}, "error"),
	"Setup":          object(obj{"practice_name": str(), "time_zone": str(), "name": str(), "email": strf("email"), "password": newPassword()}, "practice_name", "time_zone", "name", "email", "password"),
	"Login":          object(obj{"email": strf("email"), "password": strf("password")}, "email", "password"),
	"Forgot":         object(obj{"email": strf("email")}, "email"),
	"Reset":          object(obj{"token": str(), "password": newPassword()}, "token", "password"),
	"PasswordChange": object(obj{"current_password": strf("password"), "new_password": newPassword()}, "current_password", "new_password"),
	"StaffPasswordChange": object(obj{"current_password": strf("password"), "new_password": newPassword(),
		"revoke_tokens": obj{"type": "boolean", "description": "Revoke your API tokens too (default true)"}}, "current_password", "new_password"),
	"Me":              object(obj{"user": ref("Staff"), "practice": ref("Practice")}, "user", "practice"),
	"TwoStepNeeded":   object(obj{"two_step_required": boolean(), "message": str()}, "two_step_required", "message"),
	"TwoStepCode":     object(obj{"code": obj{"type": "string", "description": "6 digits from the authenticator app, or a recovery code (abcde-fghjk; spaces, dashes and case ignored)"}}, "code"),
	"TwoStep":         object(obj{"enabled": boolean(), "enabled_at": nullable("string"), "recovery_codes_left": integer(), "required_by_practice": boolean()}),
	"TwoStepSetup":    object(obj{"secret": obj{"type": "string", "description": "Base32, for typing into the app by hand"}, "otpauth_uri": str(), "qr_png_base64": str()}),
	"RecoveryCodes":   object(obj{"recovery_codes": obj{"type": "array", "items": str()}}, "recovery_codes"),
	"PasswordConfirm": object(obj{"password": strf("password")}, "password"),
	"Practice": object(obj{"id": str(), "name": str(), "slug": str(), "time_zone": str(), "idle_timeout_minutes": integer(),
		"clinicians_see_all": boolean(), "portal_self_registration": boolean(), "intake_asks_legal_sex": boolean(), "require_two_step": boolean(),
		"portal_address": str(), "created_at": strf("date-time"), "date_format": dateFormat, "portal_banner": portalBanner,
		"cancellation_policy": cancellationPolicy, "intake_confirms_on_file": intakeConfirms, "late_note_days": lateNoteDays,
		"plan_review_notice_days": planReviewNoticeDays, "plan_drafts_external": planDraftsExternal, "feed_client_names": feedClientNames, "message_notice_names": messageNoticeNames,
		"reminder_lead_hours": reminderLeadHours, "reminder_names_service": reminderNamesService,
		"no_show_fee": noShowFee, "no_show_fee_cents": noShowFeeCents,
		"crisis_text":         obj{"type": "string", "description": "The practice's own crisis text; empty while it uses Tend's default"},
		"crisis_text_in_use":  obj{"type": "string", "description": "What a client is shown right after a flagged questionnaire: crisis_text, or the default for the time zone (a US practice's names the 988 Suicide & Crisis Lifeline)"},
		"admin_sees_clinical": adminSeesClinical}),
	"PracticePatch": object(obj{"name": str(), "time_zone": str(), "idle_timeout_minutes": integer(), "clinicians_see_all": boolean(),
		"portal_self_registration": boolean(), "intake_asks_legal_sex": boolean(), "date_format": dateFormat, "portal_banner": portalBanner,
		"cancellation_policy": cancellationPolicy, "intake_confirms_on_file": intakeConfirms, "admin_sees_clinical": adminSeesClinical, "late_note_days": lateNoteDays,
		"plan_review_notice_days": planReviewNoticeDays, "plan_drafts_external": planDraftsExternal, "feed_client_names": feedClientNames, "message_notice_names": messageNoticeNames,
		"reminder_lead_hours": reminderLeadHours, "reminder_names_service": reminderNamesService,
		"no_show_fee": noShowFee, "no_show_fee_cents": noShowFeeCents,
		"crisis_text":      obj{"type": "string", "maxLength": 2000, "description": "Shown to a client right after a flagged questionnaire (a PHQ-9 with item 9 above \"Not at all\"): crisis lines and what to do in an emergency. At most 2,000 characters (422 beyond); empty restores the default"},
		"require_two_step": obj{"type": "boolean", "description": "Require two-step sign-in of all staff; you must have set it up yourself first. Staff without it, by session or API token, reach only /api/v1/me, /api/v1/me/two-step…, /api/v1/me/password and logout (403 two_step_required) until they set it up"}}),
	"Staff": object(obj{"id": str(), "name": str(), "email": strf("email"), "role": obj{"type": "string", "enum": roles},
		"supervisor_id": nullable("string"), "active": boolean(), "must_change_password": boolean(), "two_step": boolean(),
		"created_at": strf("date-time"), "updated_at": strf("date-time"), "notes_need_cosign": notesNeedCosign}),
	"StaffList": listOf("Staff"),
	"StaffCreate": object(obj{"name": str(), "email": strf("email"), "role": obj{"type": "string", "enum": roles}, "password": newPassword(), "supervisor_id": str(),
		"invite":                 obj{"type": "boolean", "description": "Email an invitation to choose a password (valid 7 days) instead of setting a temporary one"},
		"confirm_distinct_email": confirmDistinct}, "name", "email", "role"),
	"StaffPatch": object(obj{"name": str(), "role": obj{"type": "string", "enum": roles}, "active": boolean(), "supervisor_id": str(), "notes_need_cosign": notesNeedCosign}),
	"Token": object(obj{"id": str(), "name": str(), "prefix": str(), "created_at": strf("date-time"), "last_used_at": nullable("string"),
		"expires_at": tokenExpiresAt, "expired": tokenExpired}),
	"TokenList": listOf("Token"),
	"TokenCreate": object(obj{"name": str(),
		"expires_at":      obj{"type": "string", "description": "When the token stops working: a date (2027-03-31: it works through that day in the practice's time zone) or an RFC 3339 date-time with offset. In the future, at most 730 days ahead. Leave out (with expires_in_days) for no expiry."},
		"expires_in_days": obj{"type": "integer", "minimum": 1, "maximum": 730, "description": "Or: the token stops working this many days from now."}}, "name"),
	"TokenCreated": object(obj{"id": str(), "name": str(), "prefix": str(), "created_at": strf("date-time"), "last_used_at": nullable("string"),
		"expires_at": tokenExpiresAt, "expired": tokenExpired,
		"token": obj{"type": "string", "description": "The secret, shown only here. Send it as Authorization: Bearer <token>."}}),
	"Audit": object(obj{"id": str(), "at": strf("date-time"), "actor_type": str(), "actor_id": str(), "actor_role": str(), "action": str(),
		"record_type": str(), "record_id": str(), "chart_id": str(), "ip": str(), "outcome": str(), "detail": str(), "seq": integer(), "hash": str(),
		"action_label": obj{"type": "string", "description": "The action as people read it"},
		"actor_name":   obj{"type": "string", "description": "The staff member's or portal user's name, looked up when read; absent when it is gone"},
		"chart_name":   obj{"type": "string", "description": "The chart's name, looked up when read; absent when the event is about no chart or it was deleted"}}),
	"AuditList":        listOf("Audit"),
	"Address":          object(obj{"line1": str(), "line2": str(), "city": str(), "region": str(), "postal_code": str(), "country": str()}),
	"EmergencyContact": object(obj{"name": str(), "relationship": str(), "phone": str(), "email": str()}),
	"Tag":              object(obj{"id": str(), "name": str()}),
	"TagWrite":         object(obj{"name": str()}, "name"),
	"TagList":          listOf("TagCount"),
	"TagCount":         object(obj{"id": str(), "name": str(), "clients": integer()}),
	"Client": object(obj{"id": str(), "kind": obj{"type": "string", "enum": []string{"individual", "minor", "group"}},
		"name":         obj{"type": "string", "description": "The chosen name, or a group chart's name"},
		"member_count": integer(), "identified_patient": str(), "billing_contact": str(),
		"first_name": str(), "last_name": str(), "legal_first_name": str(), "legal_last_name": str(), "pronouns": str(),
		"email": str(), "phone": str(), "date_of_birth": nullable("string"), "sex": obj{"type": "string", "enum": []string{"", "female", "male", "x", "unknown"}},
		"gender_identity": str(), "address": ref("Address"), "emergency_contact": ref("EmergencyContact"),
		"billing_type":       obj{"type": []string{"string", "null"}, "enum": []any{"cash_pay", "insurance", "not_billed", nil}},
		"default_service_id": obj{"type": []string{"string", "null"}, "description": "The service its sessions are booked and billed as by default (GET /api/v1/services)"},
		"balance_cents":      obj{"type": "integer", "description": "What the client owes, in cents (negative: in credit), kept with every ledger entry (GET /api/v1/clients/{id}/ledger)"},
		"messaging_on":       boolean(), "tags": obj{"type": "array", "items": ref("Tag")}, "assigned_clinician_id": nullable("string"),
		"status": obj{"type": "string", "enum": []string{"active", "pending", "inactive", "archived"},
			"description": "About care (ST-1): pending only for a new client whose only step so far is an open portal invitation; a client in care who is invited stays active"},
		"portal":         obj{"type": "string", "enum": []string{"none", "invited", "registered", "disabled"}, "description": "The portal state, shown apart from the status"},
		"attention":      ref("Attention"),
		"setup_complete": boolean(), "created_at": strf("date-time"), "updated_at": strf("date-time"),
		"email_lookalike": lookalike("GET /clients/{id} only, while setup is not done: a record of the practice you may see whose email this client's looks like (a client who registered through the portal may already have a record)"),
		"whats_next": obj{"type": "array", "description": "GET /clients/{id} only: What's next after the chart was created (CL-5). Keys: portal (anyone invited or with access), " +
			"documents (any document requested and not withdrawn; not shown to billing staff), first_session (any appointment not cancelled), " +
			"treatment_plan (any plan; not shown to staff who may not see plans)",
			"items": object(obj{"key": str(), "label": str(), "done": boolean()}, "key", "label", "done")}}),
	"ClientWrite": object(obj{"kind": obj{"type": "string", "enum": []string{"individual", "minor", "group"}},
		"name":               obj{"type": "string", "description": "Group charts: the chart's name"},
		"contacts":           obj{"type": "array", "items": ref("ContactWrite"), "description": "Minors: at least one parent or guardian"},
		"members":            obj{"type": "array", "items": ref("MemberWrite"), "description": "Groups: two or more members"},
		"identified_patient": obj{"type": "string", "description": "Groups: an existing member's client id (default: the first member)"},
		"billing_contact":    obj{"type": "string", "description": "Groups: an existing member's client id (default: the first member)"},
		"first_name":         str(), "last_name": str(), "legal_first_name": str(), "legal_last_name": str(),
		"pronouns": str(), "email": str(), "phone": str(), "date_of_birth": obj{"type": "string", "format": "date"}, "sex": str(),
		"gender_identity": str(), "address": ref("Address"), "emergency_contact": ref("EmergencyContact"), "billing_type": str(),
		"default_service_id": obj{"type": "string", "description": "A service of the practice that is not archived; \"\" clears it. Another practice's or an archived one is 422"},
		"messaging_on":       boolean(), "assigned_clinician_id": str(), "tag_ids": obj{"type": "array", "items": str()}, "confirm_distinct_email": confirmDistinct,
		"confirm_adult_minor": obj{"type": "boolean", "description": "Minors: keep a date of birth that makes the client 18 or older (otherwise 422 with date_of_birth and confirm_adult_minor)"},
		"template_ids":        obj{"type": "array", "items": str(), "description": "Creating a minor: documents requested with the invitation of the contacts sent with invite: true (PT-2)"}}),
	"ClientList": keyedListOf("Client", obj{"page": obj{"type": "integer", "description": "The page's number, from first and per_page"},
		"first": obj{"type": "integer", "description": "The position of the first item in the list, from 1"}}),
	"Attention": object(obj{"documents_to_review": obj{"type": "integer", "description": "Finished documents nobody has reviewed (0 for staff who may not read documents)"},
		"flagged": obj{"type": "integer", "description": "Of those, how many carry a flag (a PHQ-9 item 9 answered above 0, say)"}, "setup_incomplete": boolean()},
		"documents_to_review", "flagged", "setup_incomplete"),
	"Home": object(obj{"flagged": ref("ReviewList"), "to_review": ref("ReviewList"), "unfinished_setups": listOf("HomeClient"),
		"invitations": object(obj{"items": obj{"type": "array", "items": ref("WaitingInvitation")}, "open": integer(), "expired": integer(),
			"expiring_soon": integer(), "expiring_within_hours": integer()}, "items", "open", "expired", "expiring_soon", "expiring_within_hours"),
		"missing_links": object(obj{"items": obj{"type": "array", "items": ref("HomeClient")}, "total": integer()}, "items", "total"),
		"plans_due": obj{"type": "array", "description": "Active treatment plans on your own charts in care whose review date has come, the longest overdue first (at most 10); ids and dates only",
			"items": object(obj{"id": str(), "client_id": str(), "review_date": obj{"type": "string", "format": "date"}}, "id", "client_id", "review_date")},
		"overdue_tasks": obj{"type": "array", "description": "Your own charts in care with open tasks due before today (TK-1), private to-dos included, the longest overdue first (at most 10); counts only",
			"items": object(obj{"client_id": str(), "client_name": str(), "count": integer(), "oldest_due": obj{"type": "string", "format": "date"}}, "client_id", "client_name", "count", "oldest_due")}},
		"flagged", "to_review", "unfinished_setups", "invitations", "missing_links", "plans_due"),
	"Overview": object(obj{"client": ref("OverviewClient"), "flags": obj{"type": "array", "items": ref("OverviewFlag")},
		"scores":          obj{"type": "array", "items": ref("OverviewSeries"), "description": "One per assessment and person; absent for staff who may not read documents"},
		"documents":       ref("OverviewDocuments"),
		"diagnoses":       obj{"type": "array", "items": ref("OverviewDiagnosis"), "description": "Active diagnoses, primary first; absent when not visible to the person"},
		"recent_notes":    obj{"type": "array", "items": ref("OverviewNote"), "description": "The three latest notes, their state only; absent when not visible"},
		"drafts":          obj{"type": "array", "items": ref("OverviewNote"), "description": "Notes waiting for a signature or co-signature; absent when not visible"},
		"treatment_plans": obj{"type": "array", "items": ref("OverviewPlan"), "description": "The active treatment plans, newest first (title, version, review date, who signed the newest version; never their text); absent for staff who may not see plans"},
		"next_appointment": obj{"oneOf": []any{object(obj{"id": str(), "starts_at": strf("date-time"),
			"local_start": obj{"type": "string", "description": "In the practice's time zone, 2026-03-02T15:00"}, "duration_minutes": integer(),
			"clinician_name": str(), "service_name": str(), "location_kind": obj{"type": "string", "enum": []string{"office", "telehealth"}}, "location": str()},
			"id", "starts_at", "local_start", "duration_minutes", "clinician_name", "location_kind"), obj{"type": "null"}},
			"description": "The chart's next scheduled appointment; null when none is booked"},
		"tasks": object(obj{"open": integer(), "overdue": obj{"type": "integer", "description": "Open tasks due before today, private to-dos included"}},
			"open", "overdue"),
		"can": object(obj{"send_documents": boolean(), "add_diagnoses": boolean(), "write_notes": boolean(),
			"change_plans": obj{"type": "boolean", "description": "You may set up a treatment plan on this chart"}}, "send_documents", "add_diagnoses", "write_notes", "change_plans")},
		"client", "flags", "can"),
	"OverviewClient": object(obj{"id": str(), "kind": str(), "name": str(), "pronouns": str(), "age": nullable("integer"), "status": str(),
		"assigned_clinician_id": str(), "clinician_name": str(), "tags": obj{"type": "array", "items": ref("Tag")},
		"members": obj{"type": "array", "description": "Couple and family charts", "items": object(obj{"id": str(), "name": str(), "identified_patient": boolean(), "can_open": boolean()})},
		"groups":  obj{"type": "array", "description": "The couple and family charts the client is in (those the person may see)", "items": object(obj{"id": str(), "name": str()})}},
		"id", "kind", "name", "status", "tags"),
	"OverviewPlan": object(obj{"id": str(), "title": str(), "version": integer(), "review_date": nullable("string"),
		"review_due": obj{"type": "boolean", "description": "The review date is today or past"}, "clinician_signed": boolean(), "client_signed": boolean(),
		"shared": boolean()}, "id", "title", "version", "review_date", "review_due", "clinician_signed", "client_signed", "shared"),
	"OverviewFlag": object(obj{"kind": obj{"type": "string", "description": "flagged_document, setup_incomplete, no_guardian, too_few_members, email_lookalike, plan_review (a treatment plan's review date has come; record_id is the plan), or a kind of the notes module"},
		"text": str(), "record_id": str()}, "kind", "text"),
	"OverviewSeries": object(obj{"template_id": str(), "name": str(), "member_name": str(), "max": integer(), "latest": ref("OverviewPoint"),
		"change": obj{"type": []string{"integer", "null"}, "description": "The latest score minus the one before; null with one score"},
		"points": obj{"type": "array", "items": ref("OverviewPoint"), "description": "Up to 12, oldest first"}}, "template_id", "name", "max", "latest", "change", "points"),
	"OverviewPoint": object(obj{"document_id": str(), "score": integer(), "severity": str(), "flag": str(), "completed_at": strf("date-time")}),
	"OverviewDocuments": object(obj{"open": obj{"type": "array", "items": ref("OverviewDocument"), "description": "Sent and not finished, oldest first, up to 5"},
		"open_more": integer(), "unreviewed": obj{"type": "array", "items": ref("OverviewDocument"), "description": "Finished and not reviewed, flagged first, up to 5"},
		"unreviewed_more": integer()}, "open", "open_more", "unreviewed", "unreviewed_more"),
	"OverviewDocument": object(obj{"id": str(), "template_name": str(), "member_name": str(), "status": str(), "score": nullable("integer"),
		"severity": str(), "flag": str(), "requested_at": strf("date-time"), "completed_at": nullable("string")}),
	"OverviewDiagnosis": object(obj{"id": str(), "code": str(), "description": str(), "label": str(), "primary": boolean(), "onset": nullable("string")}),
	"OverviewNote":      object(obj{"id": str(), "date": strf("date"), "kind": str(), "state": str(), "author": str(), "late": boolean(), "needs_cosign": boolean()}),

	"ReviewList": object(obj{"items": obj{"type": "array", "items": ref("Review")}, "total": integer()}, "items", "total"),
	"Review": object(obj{"id": str(), "client_id": str(), "client_name": str(), "template_name": str(), "member_name": str(),
		"score": nullable("integer"), "severity": str(), "flag": str(), "completed_at": strf("date-time")}),
	"HomeClient": object(obj{"id": str(), "kind": str(), "name": str(), "created_at": strf("date-time")}),
	"WaitingInvitation": object(obj{"id": str(), "kind": obj{"type": "string", "enum": []string{"invite", "request"}}, "client_id": str(),
		"client_name": str(), "person_name": str(), "role": str(), "sent_at": strf("date-time"), "expires_at": strf("date-time"), "expired": boolean()}),
	"Contact": object(obj{"id": str(), "person_id": str(), "client_id": nullable("string"), "first_name": str(), "last_name": str(),
		"email": str(), "phone": str(), "relationship": obj{"type": "string", "enum": relationships}, "relationship_other": str(),
		"handles_billing":    obj{"type": "boolean", "description": "Receives the client's statements once billing is in Tend"},
		"may_sign":           obj{"type": "boolean", "description": "Enrolled in the portal, gets the documents permission by default (CT-2)"},
		"receives_reminders": boolean(),
		"sees_appointments":  obj{"type": "boolean", "description": "Enrolled in the portal, gets the appointments permission by default (CT-2)"},
		"emergency":          boolean()}),
	"ContactList": itemsOf("Contact"),
	"PsychotherapyNote": object(obj{"id": str(), "client_id": str(), "date": strf("date"),
		"body":       obj{"type": "string", "description": "Plain text, at most 100 KB"},
		"created_at": strf("date-time"), "updated_at": strf("date-time")}, "id", "client_id", "date", "body", "created_at", "updated_at"),
	"PsychotherapyNoteList": object(obj{"items": obj{"type": "array", "items": ref("PsychotherapyNote")},
		"next_page": obj{"type": "string", "description": "Pass as page for the next page; empty on the last"},
		"can_write": obj{"type": "boolean", "description": "You may add notes on this chart"}}, "items", "next_page", "can_write"),
	"PsychotherapyNoteWrite": object(obj{"date": obj{"type": "string", "format": "date", "description": "The day the note is about; not later than tomorrow"},
		"body": obj{"type": "string", "maxLength": model.MaxPrivateNoteBody, "description": "At most 100 KB (bytes)"}}),
	"Reflection": object(obj{"id": str(), "client_id": str(), "author_id": str(), "title": str(),
		"body":       obj{"type": "string", "description": "Markdown as written"},
		"html":       obj{"type": "string", "description": "The Markdown rendered and sanitized: headings, paragraphs, lists, emphasis, quotes, code and links (rel=\"nofollow noopener\", new tab); no raw HTML, no images"},
		"created_at": strf("date-time"), "updated_at": strf("date-time"),
		"shared_at": obj{"type": []string{"string", "null"}, "format": "date-time", "description": "When it was shared in the portal; null while not shared"}},
		"id", "client_id", "author_id", "title", "body", "html", "created_at", "updated_at", "shared_at"),
	"ReflectionList": object(obj{"items": obj{"type": "array", "items": ref("Reflection")}, "next_page": str(),
		"can_change": obj{"type": "boolean", "description": "You may write, edit, share and delete reflections on this chart"}}, "items", "next_page", "can_change"),
	"ReflectionWrite": object(obj{"title": obj{"type": "string", "maxLength": model.MaxReflectionTitle},
		"body": obj{"type": "string", "description": "Markdown, at most 100 KB"}}),
	"PortalReflection": object(obj{"id": str(), "title": str(), "html": str(), "shared_at": strf("date-time"), "updated_at": strf("date-time"), "url": str()},
		"id", "title", "html", "shared_at", "updated_at", "url"),
	"PortalReflectionList": object(obj{"items": obj{"type": "array", "items": ref("PortalReflection")}, "next_page": str()}, "items", "next_page"),
	"ContactWrite": object(obj{"person_id": str(), "first_name": str(), "last_name": str(), "email": str(), "phone": str(),
		"relationship": obj{"type": "string", "enum": relationships}, "relationship_other": str(), "handles_billing": boolean(),
		"may_sign": boolean(), "receives_reminders": boolean(), "sees_appointments": boolean(), "emergency": boolean(), "confirm_distinct_email": confirmDistinct,
		"invite": obj{"type": "boolean", "description": "Creating a minor: invite this contact to the portal at once, with the permissions its flags give: may_sign → documents, sees_appointments → appointments, a parent or guardian also messaging (MN-3, CT-4)"}}),
	"Member": object(obj{"client_id": str(), "first_name": str(), "last_name": str(), "pronouns": str(), "status": str(),
		"identified_patient": boolean(), "billing_contact": boolean(), "receives_reminders": boolean(), "receives_bridging": boolean()}),
	"MemberList": itemsOf("Member"),
	"MemberWrite": object(obj{"client_id": str(), "first_name": str(), "last_name": str(), "email": str(), "phone": str(),
		"identified_patient": boolean(), "billing_contact": boolean(), "receives_reminders": boolean(), "receives_bridging": boolean(), "confirm_distinct_email": confirmDistinct}),
	"Person": object(obj{"id": str(), "first_name": str(), "last_name": str(), "email": str(), "phone": str(),
		"client_id": nullable("string"), "kind": nullable("string")}),
	"PersonList": itemsOf("Person"),
	"Bulk": object(obj{"action": obj{"type": "string", "enum": []string{"deactivate", "reactivate", "archive", "restore", "delete", "tag", "untag"}},
		"ids": obj{"type": "array", "items": str()}, "confirm": obj{"type": "integer", "description": "For delete: the number of clients, typed by the person"},
		"tag_id": obj{"type": "string", "description": "For tag and untag: the tag to add or remove"}}, "action", "ids"),
	"BulkResult": object(obj{"action": str(), "changed": integer()}),
	"BulkOperation": object(obj{"id": str(), "action": str(), "state": obj{"type": "string", "enum": []string{"queued", "running", "done", "failed"}},
		"total": integer(), "done": integer(), "changed": integer(), "error": str(), "status_url": str(),
		"created_at": strf("date-time"), "updated_at": strf("date-time")}),
	"Mail": object(obj{"id": str(), "to": str(), "subject": str(), "state": obj{"type": "string", "enum": []string{"queued", "sent", "written", "failed"}},
		"last_error": str(), "created_at": strf("date-time"), "sent_at": nullable("string")}),
	"MailList": keyedListOf("Mail", nil),
	"Field": object(obj{"id": str(), "kind": obj{"type": "string", "enum": []string{"text", "paragraph", "single", "multiple", "yesno", "date", "number", "scale", "signature", "heading"}},
		"label": str(), "help": str(), "required": boolean(), "options": obj{"type": "array", "items": str()}, "min": integer(), "max": integer(),
		"min_label": str(), "max_label": str(), "only": str()}, "id", "kind", "label"),
	"Template": object(obj{"id": str(), "kind": obj{"type": "string", "enum": []string{"intake", "assessment", "questionnaire", "consent", "custom", "note"}},
		"name": str(), "description": str(), "builtin": str(), "scoring": str(), "uses_legal_name": boolean(), "version": integer(), "archived": boolean(),
		"fields": obj{"type": "array", "items": ref("Field")}, "updated_at": strf("date-time")},
		"id", "kind", "name", "description", "builtin", "scoring", "uses_legal_name", "version", "archived", "fields", "updated_at"),
	"TemplateList": itemsOf("Template"),
	"Request": object(obj{"id": str(), "client_id": str(), "template_id": str(), "template_name": str(), "version": integer(),
		"member_person_id": str(), "member_name": str(), "state": obj{"type": "string", "enum": []string{"requested", "in_progress", "completed", "signed", "withdrawn"}},
		"notification": obj{"type": "string", "enum": []string{"none", "queued", "sent", "written", "failed"}}, "notification_error": str(),
		"answers": obj{"type": "object", "additionalProperties": str()}, "score": nullable("integer"), "severity": str(), "flag": str(),
		"score_max":    obj{"type": "integer", "description": "An assessment's highest possible score (27 for the PHQ-9, 21 for the GAD-7)"},
		"points":       obj{"type": "object", "additionalProperties": integer(), "description": "Staff only: each answered scored item's points, keyed by field id"},
		"requested_at": strf("date-time"), "completed_at": nullable("string"), "signed_at": nullable("string"), "signer_name": str(),
		"content_sha256": str(), "signed_content": str(), "reviewed": boolean(), "fields": obj{"type": "array", "items": ref("Field")}},
		"id", "template_id", "template_name", "version", "state", "answers", "requested_at"),
	"RequestList": itemsOf("Request"),
	"Note": object(obj{"id": str(), "client_id": str(), "author_id": str(), "author_name": str(),
		"template": obj{"type": "string", "description": "soap, dap, birp, free, or a practice note template's id"}, "template_name": str(),
		"service_date": strf("date"), "duration_minutes": integer(), "service_type": str(),
		"mood":  obj{"type": []string{"integer", "null"}, "minimum": 0, "maximum": 10, "description": "NT-2; null when none, or for people who may not read note bodies"},
		"state": obj{"type": "string", "enum": []string{"draft", "signed"}}, "late": obj{"type": "boolean", "description": "A draft unsigned late_note_days after its date of service"},
		"created_at": strf("date-time"), "updated_at": strf("date-time"), "signed_at": nullable("string"), "signer_name": str(), "content_sha256": str(),
		"needs_cosign": boolean(), "cosigned_at": nullable("string"), "cosigner_name": str(),
		"sections":       obj{"type": "array", "description": "The body, only on one note: the template's sections in order", "items": object(obj{"key": str(), "label": str(), "hint": obj{"type": "string", "description": "A practice note template's help text for the section; absent on the built-ins"}, "text": str()}, "key", "label", "text")},
		"signed_content": obj{"type": "string", "description": "The exact JSON the SHA-256 is of"},
		"addenda":        obj{"type": "array", "items": ref("Addendum")}},
		"id", "client_id", "author_id", "template", "service_date", "state", "created_at"),
	"NoteList": itemsOf("Note"),
	"NotePage": object(obj{"items": obj{"type": "array", "items": ref("Note")}, "next_cursor": obj{"type": "string", "description": "Pass as cursor for the older page; absent at the end"},
		"prev_cursor": obj{"type": "string", "description": "Pass as since for the newer page; absent on the first"}}, "items"),
	"NoteWrite": object(obj{"template": obj{"type": "string", "description": "On create only"}, "service_date": strf("date"),
		"duration_minutes": obj{"type": []string{"integer", "null"}, "minimum": 1, "maximum": model.MaxNoteDuration},
		"service_type":     obj{"type": "string", "maxLength": model.MaxServiceType},
		"mood":             obj{"type": []string{"integer", "null"}, "minimum": 0, "maximum": 10},
		"sections":         obj{"type": "object", "additionalProperties": str(), "description": "Text by section key; at most 100 KB together"}}),
	"NoteSign":      object(obj{"full_name": str()}, "full_name"),
	"Addendum":      object(obj{"id": str(), "note_id": str(), "author_id": str(), "author_name": str(), "reason": str(), "body": str(), "created_at": strf("date-time")}, "id", "note_id", "reason", "body", "created_at"),
	"AddendumList":  itemsOf("Addendum"),
	"AddendumWrite": object(obj{"reason": str(), "body": str()}, "reason", "body"),
	"Manage":        object(obj{"template_ids": obj{"type": "array", "items": str()}, "notify": boolean(), "member_ids": obj{"type": "array", "items": str()}}, "template_ids"),
	"PortalDocument": obj{"allOf": []any{ref("Request"), object(obj{"chart_id": str(), "practice_name": str(), "chart_name": str(),
		"needs_signature": boolean(), "warning": str(),
		"crisis_resources": obj{"type": "string", "description": "Only in the answer to submit or sign, when the answers need a clinician now (a PHQ-9 with item 9 above \"Not at all\"): the practice's crisis text, to show the person at once"}, "pdf_url": obj{"type": "string", "description": "Where to download it as a PDF, once completed or signed"}})}},
	"PortalDocumentList": itemsOf("PortalDocument"),
	"Answers":            object(obj{"answers": obj{"type": "object", "additionalProperties": str()}}, "answers"),
	"Sign":               object(obj{"full_name": str(), "confirm": boolean(), "answers": obj{"type": "object", "additionalProperties": str()}}, "full_name", "confirm"),
	"TemplateWrite": object(obj{"kind": str(), "name": str(), "description": str(), "uses_legal_name": boolean(),
		"fields": obj{"type": "array", "items": ref("Field")}, "archived": boolean()}),
	"Invitation": object(obj{"id": str(), "sent_at": strf("date-time"), "expires_at": strf("date-time"), "used_at": nullable("string")},
		"id", "sent_at", "expires_at", "used_at"),
	"PortalAccess": object(obj{"id": str(), "person_id": str(), "name": str(), "role": obj{"type": "string", "enum": []string{"self", "guardian", "contact", "member"}},
		"email": str(), "state": obj{"type": "string", "enum": []string{"invited", "active", "disabled", "declined", "ended"}},
		"permissions": permissionList, "invitation": obj{"oneOf": []any{ref("Invitation"), obj{"type": "null"}}}, "created_at": strf("date-time")},
		"id", "person_id", "name", "role", "email", "state", "permissions", "invitation", "created_at"),
	"PortalUser": object(obj{"person_id": str(), "name": str(), "email": str(), "role": str(), "contact_id": str(), "member_id": str(),
		"suggested_permissions": obj{"type": "array", "items": permissionList["items"], "description": "What an invitation without features grants: their current permissions, the client's defaults, or what a contact's flags allow (CT-2)"},
		"access":                obj{"oneOf": []any{ref("PortalAccess"), obj{"type": "null"}}}}, "person_id", "name", "email", "role", "access"),
	"ChartPortal": object(obj{"client_id": str(), "status": str(), "users": obj{"type": "array", "items": ref("PortalUser")}}, "client_id", "status", "users"),
	"IntakeReview": object(obj{"request_id": str(), "client_id": str(), "applied_at": nullable("string"), "applied_fields": obj{"type": "array", "items": str()},
		"rows": obj{"type": "array", "items": object(obj{"key": obj{"type": "string", "description": "The intake question's id: legal_name, date_of_birth, pronouns, gender_identity, legal_sex, phone, address, emergency_contact"},
			"label": str(), "chart": str(), "answer": str(), "same": boolean(), "applicable": boolean(),
			"suggested": obj{"type": "boolean", "description": "The answer fills an empty place of the chart; an answer that differs from a chart value is never suggested"},
			"parts":     obj{"type": "array", "items": object(obj{"field": str(), "label": str(), "chart": str(), "proposed": str(), "choices": obj{"type": "array", "items": str()}})}})}}),
	"IntakeApply": object(obj{"use": obj{"type": "array", "items": str(), "description": "Keys of the rows to copy to the chart"},
		"values":              obj{"type": "object", "additionalProperties": str(), "description": "Corrected values by chart field (phone, address.city, legal_first_name…); parts not given take the proposed value"},
		"confirm_adult_minor": obj{"type": "boolean", "description": "Keep a date of birth that makes a minor's client an adult"}}, "use"),
	"Invite": object(obj{"email": strf("email"), "features": permissionListDefaults, "person_id": str(), "member_id": str(), "contact_id": str(), "confirm_distinct_email": confirmDistinct,
		"template_ids": inviteTemplates}),
	"Enroll":         object(obj{"email": strf("email"), "permissions": permissionListDefaults, "confirm_distinct_email": confirmDistinct, "template_ids": inviteTemplates}),
	"Permissions":    object(obj{"permissions": permissionList}, "permissions"),
	"PortalJoin":     object(obj{"token": str(), "first_name": str(), "last_name": str(), "password": newPassword()}, "token", "first_name", "last_name", "password"),
	"EmailChange":    object(obj{"current_password": strf("password"), "email": strf("email")}, "current_password", "email"),
	"LinkToken":      object(obj{"token": str()}, "token"),
	"PortalRegister": object(obj{"token": str(), "password": newPassword()}, "token", "password"),
	"PortalChart": object(obj{"id": str(), "practice_name": str(), "chart_name": str(), "chart_kind": str(), "role": str(), "permissions": permissionList,
		"practice_banner": practiceBanner}, "id", "practice_name", "chart_name", "chart_kind", "role", "permissions", "practice_banner"),
	"PortalChartList": itemsOf("PortalChart"),
	"PortalMe": object(obj{"account": object(obj{"id": str(), "email": str(), "name": str()}, "id", "email", "name"),
		"charts": obj{"type": "array", "items": ref("PortalChart")}, "requests": obj{"type": "array", "items": ref("PortalChart")}}, "account", "charts", "requests"),
	"PortalChartHome": object(obj{"id": str(), "practice_name": str(), "chart_name": str(), "chart_kind": str(), "role": str(), "permissions": permissionList,
		"practice_banner": practiceBanner,
		"appointments":    obj{"type": "array", "description": "The next scheduled appointments (at most 5); empty without the appointments permission", "items": ref("PortalAppointment")},
		"to_do":           obj{"type": "array", "items": object(obj{"title": str(), "url": str()}, "title", "url")},
		"completed": obj{"type": "array", "description": "Completed and signed documents, the latest finished first", "items": object(obj{"id": str(), "title": str(),
			"state": obj{"type": "string", "enum": []string{"completed", "signed"}}, "finished_at": strf("date-time"), "url": str(), "pdf_url": str()},
			"id", "title", "state", "finished_at", "url", "pdf_url")},
		"who_opened_url":   obj{"type": "string", "description": "Where who opened the record is; absent for a person who may not see it"},
		"shared_notes_url": obj{"type": "string", "description": "Where the notes shared with the person are (GET …/reflections); absent without the shared-notes permission"},
		"tasks_url":        obj{"type": "string", "description": "Where the chart's tasks are (GET …/tasks); absent without the tasks permission. Open tasks are also in to_do"}},
		"id", "practice_name", "chart_name", "role", "permissions", "appointments", "to_do", "completed"),
	"WhoOpened": object(obj{"chart_id": str(), "more": obj{"type": "boolean", "description": "Older activity exists than these days"},
		"days": obj{"type": "array", "items": object(obj{"day": strf("date"), "lines": obj{"type": "array", "items": object(obj{
			"who":   obj{"type": "string", "description": "your_clinician, a staff role (owner, admin, clinician, supervisor, billing), or practice for the setup"},
			"views": integer(), "changes": integer(), "setup": boolean(), "summary": str()}, "who", "views", "changes", "setup", "summary")}}, "day", "lines")}},
		"chart_id", "days", "more"),
	"PortalAppointment": object(obj{"start": strf("date-time"), "end": strf("date-time"), "duration_minutes": integer(),
		"what":          obj{"type": "string", "description": "In a few words: with whom, and where (a room or address, or \"by video\")"},
		"clinician":     str(),
		"location_kind": obj{"type": "string", "enum": []string{model.LocationOffice, model.LocationTelehealth}},
		"location":      obj{"type": "string", "description": "The office's room or address, or the video link; empty when none was set"}},
		"start", "end", "duration_minutes", "what", "clinician", "location_kind", "location"),
	"PortalAppointmentList": itemsOf("PortalAppointment"),
}

// Document builds the OpenAPI 3.1 document.
func Document() obj {
	paths := obj{}
	errResp := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": ref("Error")}}}
	}
	for _, o := range slices.Concat(operations, clinicalOperations, planOperations, portalPlanOperations, appointmentOperations, serviceOperations, feedOperations, ledgerOperations, fileOperations, taskOperations, messageOperations, exportOperations, importOperations, archiveOperations, fhirOperations) {
		item, _ := paths[o.path].(obj)
		if item == nil {
			item = obj{}
			paths[o.path] = item
		}
		responses := obj{}
		ok := obj{"description": "Success"}
		if media, file := strings.CutPrefix(o.response, "media:"); file {
			ok["content"] = obj{media: obj{"schema": obj{"type": "string", "contentMediaType": media}}}
		} else if o.response != "" {
			ok["content"] = obj{"application/json": obj{"schema": ref(o.response)}}
		}
		responses[o.status] = ok
		responses["400"] = errResp("Malformed JSON, an unknown field, or more than one object")
		responses["401"] = errResp("Not signed in, or wrong credentials")
		responses["403"] = errResp("Your role does not allow this")
		responses["404"] = errResp("No such record in your practice")
		responses["409"] = errResp("A duplicate")
		responses["413"] = errResp("Body larger than 1 MiB")
		responses["422"] = errResp("A field failed validation; see error.fields")
		switch o.path {
		case "/api/v1/auth/login":
			responses["429"] = errResp("Too many failed sign-ins for this email; see Retry-After")
			responses["202"] = obj{"description": "The password is right; the second step follows", "content": obj{"application/json": obj{"schema": ref("TwoStepNeeded")}}}
		case "/api/v1/auth/two-step":
			responses["429"] = errResp("Too many wrong codes for this account; see Retry-After")
		}
		operation := obj{"summary": o.summary, "responses": responses}
		switch {
		case strings.HasPrefix(o.path, "/api/v1/portal/") && !slices.Contains(portalPublic, o.path):
			operation["security"] = []any{obj{"portal": []any{}}}
		case o.public:
			operation["security"] = []any{}
		}
		var params []any
		for _, part := range strings.Split(o.path, "/") {
			if name, ok := strings.CutPrefix(part, "{"); ok {
				params = append(params, obj{"name": strings.TrimSuffix(name, "}"), "in": "path", "required": true, "schema": str()})
			}
		}
		for _, q := range o.query {
			params = append(params, obj{"name": q, "in": "query", "required": false, "schema": str()})
		}
		if params != nil {
			operation["parameters"] = params
		}
		if o.request != "" {
			// "Name" is a JSON body, "multipart:Name" a form with a file; "A|multipart:B" takes either.
			content := obj{}
			for _, body := range strings.Split(o.request, "|") {
				if name, ok := strings.CutPrefix(body, "multipart:"); ok {
					content["multipart/form-data"] = obj{"schema": ref(name)}
				} else {
					content["application/json"] = obj{"schema": ref(body)}
				}
			}
			operation["requestBody"] = obj{"required": true, "content": content}
		}
		item[o.method] = operation
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "Tend API", "version": "1",
			"description": "Tend's JSON API. Sign in with POST /api/v1/auth/login (a session cookie) or send a personal token as Authorization: Bearer. Errors always have the shape of the Error schema."},
		"paths": paths,
		"components": obj{
			"schemas": withSchemas(schemas, clinicalSchemas, planSchemas, portalPlanSchemas, appointmentSchemas, serviceSchemas, feedSchemas, ledgerSchemas, fileSchemas, taskSchemas, messageSchemas, importSchemas, fhirSchemas),
			"securitySchemes": obj{
				"bearer":  obj{"type": "http", "scheme": "bearer"},
				"session": obj{"type": "apiKey", "in": "cookie", "name": "tend_session"},
				"portal":  obj{"type": "apiKey", "in": "cookie", "name": "tend_portal", "description": "The client portal's session"},
			},
		},
		"security": []any{obj{"bearer": []any{}}, obj{"session": []any{}}},
	}
}

// openapi serves the document.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ model.Principal) error {
	writeJSON(w, http.StatusOK, Document())
	return nil
}
