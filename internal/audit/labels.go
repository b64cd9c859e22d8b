package audit

import "strings"

// actionLabels names every action the log records as people read it (issue 13, item 9). The log keeps
// the action's code; pages and the API show the label. A test walks the source for action codes, so a
// new action without a label fails it.
var actionLabels = map[string]string{
	// Sign-in and the account.
	"auth.login":                      "Signed in",
	"auth.login_failed":               "Sign-in failed",
	"auth.logout":                     "Signed out",
	"auth.mfa_challenged":             "Asked for a two-step code",
	"auth.mfa_failed":                 "Two-step code refused",
	"auth.mfa_enabled":                "Turned two-step sign-in on",
	"auth.mfa_disabled":               "Turned two-step sign-in off",
	"auth.mfa_reset":                  "Reset someone's two-step sign-in",
	"auth.recovery_code_used":         "Signed in with a recovery code",
	"auth.recovery_codes_regenerated": "Made new recovery codes",
	"staff.password_change":           "Changed their password",
	"staff.password_reset_request":    "Asked for a password reset link",
	"staff.password_reset":            "Set a new password from a reset link",
	"token.create":                    "Created an API token",
	"token.revoke":                    "Revoked an API token",

	// The practice and its staff.
	"installation.setup": "Set up Tend",
	"practice.create":    "Created the practice",
	"practice.update":    "Changed the practice settings",
	"staff.create":       "Added a staff member",
	"staff.update":       "Changed a staff member",
	"staff.deactivate":   "Deactivated a staff member",
	"staff.reactivate":   "Reactivated a staff member",
	"tag.create":         "Created a tag",
	"tag.rename":         "Renamed a tag",
	"tag.delete":         "Deleted a tag",
	"service.create":     "Added a service",
	"service.update":     "Changed a service",
	"service.archive":    "Archived a service",
	"service.restore":    "Restored a service",
	"template.create":    "Created a document template",
	"template.update":    "Changed a document template",
	"audit.export":       "Exported the audit log",
	"demo.clients":       "Made demo clients",
	"demo.portal":        "Made demo portal accounts",

	// Charts.
	"clients.list":                   "Listed clients",
	"chart.create":                   "Created the chart",
	"chart.view":                     "Viewed the chart",
	"chart.overview.view":            "Viewed the chart's overview",
	"chart.intake.view":              "Viewed a finished intake beside the chart",
	"chart.intake.apply":             "Applied intake answers to the chart",
	"chart.update":                   "Changed the chart",
	"chart.insurance.view":           "Viewed the insurance policies",
	"chart.insurance.add":            "Added an insurance policy",
	"chart.insurance.update":         "Changed an insurance policy",
	"chart.insurance.remove":         "Removed an insurance policy",
	"chart.deactivate":               "Deactivated the chart",
	"chart.reactivate":               "Reactivated the chart",
	"chart.archive":                  "Archived the chart",
	"chart.restore":                  "Restored the chart",
	"chart.delete":                   "Deleted the chart",
	"chart.contacts.view":            "Viewed the contacts",
	"chart.contact.add":              "Added a contact",
	"chart.contact.update":           "Changed a contact",
	"chart.contact.remove":           "Removed a contact",
	"chart.members.view":             "Viewed the members",
	"chart.member.add":               "Added a member",
	"chart.member.update":            "Changed a member",
	"chart.member.remove":            "Removed a member",
	"chart.portal.view":              "Viewed portal access",
	"chart.portal.invite":            "Invited to the portal",
	"chart.portal.resend":            "Sent a portal invitation again",
	"chart.portal.invitation_delete": "Withdrew a portal invitation",
	"chart.portal.permissions":       "Changed portal permissions",
	"chart.portal.disable":           "Turned portal access off",
	"chart.portal.enable":            "Turned portal access on",
	"chart.documents.view":           "Viewed the documents",
	"chart.documents.update":         "Changed the requested documents",
	"chart.documents.to_review":      "Listed documents to review",
	"chart.document.view":            "Viewed a document",
	"chart.document.pdf":             "Downloaded a document as PDF",
	"chart.document.resend":          "Sent a document notification again",
	"chart.document.review":          "Marked a document reviewed",
	// Clinical information (CL-8); the detail names the revisions before and after a change.
	"chart.clinical.view":           "Viewed clinical information",
	"chart.diagnosis.add":           "Added a diagnosis",
	"chart.diagnosis.update":        "Changed a diagnosis",
	"chart.diagnosis.resolve":       "Marked a diagnosis resolved",
	"chart.diagnosis.reactivate":    "Marked a diagnosis active again",
	"chart.diagnosis.remove":        "Removed a diagnosis",
	"chart.medication.add":          "Added a medication",
	"chart.medication.update":       "Changed a medication",
	"chart.medication.stop":         "Stopped a medication",
	"chart.medication.remove":       "Removed a medication",
	"chart.clinical_summary.update": "Changed the mental-health history or presenting concerns",
	"chart.notes.view":              "Viewed the session notes list",
	"chart.notes.mood":              "Viewed the mood scores",
	"chart.note.view":               "Read a session note",
	"chart.note.create":             "Started a session note",
	"chart.note.update":             "Changed a draft session note",
	"chart.note.sign":               "Signed a session note",
	"chart.note.cosign":             "Co-signed a session note",
	"chart.note.addendum":           "Added an addendum to a session note",
	"chart.note.pdf":                "Downloaded a session note as PDF",
	// Psychotherapy notes: only their author ever opens one; the entries say which, never what.
	"chart.psychotherapy_notes.view":  "Listed their psychotherapy notes",
	"chart.psychotherapy_note.view":   "Opened their psychotherapy note",
	"chart.psychotherapy_note.create": "Wrote a psychotherapy note",
	"chart.psychotherapy_note.update": "Changed their psychotherapy note",
	"chart.psychotherapy_note.delete": "Deleted their psychotherapy note",
	"chart.reflections.view":          "Viewed the reflections",
	"chart.reflection.view":           "Opened a reflection",
	"chart.reflection.create":         "Wrote a reflection",
	"chart.reflection.update":         "Changed a reflection",
	"chart.reflection.share":          "Shared a reflection in the portal",
	"chart.reflection.unshare":        "Took a reflection out of the portal",
	"chart.reflection.delete":         "Deleted a reflection",
	// Secure messaging (issue 17, MS-1): which conversation and message, never what it says.
	"chart.conversation.view": "Opened a message conversation",
	"chart.message.send":      "Sent a secure message",
	// Appointments (issue 16).
	"appointment.book":        "Booked an appointment",
	"calendar_feed.create":    "Made a new calendar feed address",
	"calendar_feed.read":      "A calendar app read the calendar feed",
	"appointment.view":        "Opened an appointment",
	"appointment.change":      "Changed an appointment",
	"appointment.status":      "Changed an appointment's status",
	"appointment.reminder":    "Emailed an appointment reminder",
	"appointments.view":       "Viewed a calendar",
	"chart.appointments.view": "Viewed a client's appointments",
	// Issue 16, item 9: the ledger (PY-1).
	"ledger.charge":          "Charged an appointment",
	"ledger.charge_reversal": "Reversed an appointment's charge",
	"ledger.payment":         "Recorded a payment",
	"ledger.adjustment":      "Recorded an adjustment",
	"ledger.void":            "Voided a payment",
	"chart.ledger.view":      "Viewed a client's payments",
	"chart.statement.pdf":    "Downloaded a statement as PDF",

	// Treatment plans (issue 15).
	"chart.plans.view":         "Viewed the treatment plans",
	"chart.plan.view":          "Opened a treatment plan",
	"chart.plan.create":        "Started a treatment plan",
	"chart.plan.save":          "Saved a new version of a treatment plan",
	"chart.plan.restore":       "Restored an earlier version of a treatment plan",
	"chart.plan.sign":          "Signed a treatment plan",
	"chart.plan.share":         "Shared a treatment plan in the portal",
	"chart.plan.unshare":       "Took a treatment plan out of the portal",
	"chart.plan.close":         "Closed a treatment plan",
	"chart.plan.reopen":        "Reopened a treatment plan",
	"chart.plan.versions.view": "Viewed a treatment plan's history",
	"chart.plan.diff.view":     "Compared two versions of a treatment plan",
	"chart.plan.pdf":           "Downloaded a treatment plan as PDF",
	"chart.plan.generate":      "Generated a draft treatment plan",
	"chart.plan.review_notice": "Emailed the clinician that a treatment plan is due for review",

	// The client portal.
	"portal.register":               "Registered for the portal",
	"portal.join_request":           "Asked to join through the portal",
	"portal.invitation_to_request":  "Portal invitation became a connection request",
	"portal.request_approve":        "Approved a connection request",
	"portal.request_decline":        "Declined a connection request",
	"portal.login":                  "Signed in to the portal",
	"portal.login_failed":           "Portal sign-in failed",
	"portal.logout":                 "Signed out of the portal",
	"portal.password_change":        "Changed their portal password",
	"portal.password_reset_request": "Asked for a portal password reset link",
	"portal.password_reset":         "Set a new portal password from a reset link",
	"portal.email_change_request":   "Asked to change their portal email",
	"portal.email_change":           "Changed their portal email",
	"portal.home.view":              "Opened their portal home",
	"portal.chart.view":             "Opened the record in the portal",
	"portal.opened.view":            "Looked at who opened the record",
	"portal.appointments.view":      "Viewed appointments in the portal",
	"portal.documents.view":         "Listed their portal documents",
	"portal.document.view":          "Opened a document in the portal",
	"portal.document.save":          "Saved answers to a document",
	"portal.document.submit":        "Submitted a document",
	"portal.document.sign":          "Signed a document",
	"portal.document.pdf":           "Downloaded a document as PDF from the portal",
	"portal.reflections.view":       "Listed shared notes in the portal",
	"portal.reflection.view":        "Opened a shared note in the portal",
	"portal.plans.view":             "Listed shared treatment plans in the portal",
	"portal.plan.view":              "Opened a shared treatment plan in the portal",
	"portal.plan.sign":              "Signed a treatment plan in the portal",
	"portal.plan.pdf":               "Downloaded a treatment plan as PDF from the portal",
	"portal.conversation.view":      "Opened their messages in the portal",
	"portal.message.send":           "Sent a secure message from the portal",
}

// ActionLabel is an action as people read it. An action without a label (an older build's, or one
// added without one) still reads as words, never as a bare code.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	words := strings.NewReplacer(".", " ", "_", " ").Replace(action)
	if words == "" {
		return "Unknown action"
	}
	return strings.ToUpper(words[:1]) + words[1:]
}

// recordLabels names the kinds of record an event is about.
var recordLabels = map[string]string{
	"chart":             "Chart",
	"client_list":       "Client list",
	"staff":             "Staff member",
	"practice":          "Practice",
	"portal_access":     "Portal access",
	"portal_account":    "Portal account",
	"document_request":  "Document",
	"document_template": "Document template",
	"api_token":         "API token",
	"audit_log":         "Audit log",
	"tag":               "Tag",
	// Clinical information (CL-8).
	"diagnosis":          "Diagnosis",
	"diagnoses":          "Diagnoses",
	"medication":         "Medication",
	"medications":        "Medications",
	"clinical_summary":   "Mental-health history and concerns",
	"clinical_revisions": "Clinical information history",
	"psychotherapy_note": "Psychotherapy note",
	"reflection":         "Reflection",
	"treatment_plan":     "Treatment plan",
}

// RecordLabel is a kind of record as people read it.
func RecordLabel(recordType string) string {
	if l, ok := recordLabels[recordType]; ok {
		return l
	}
	return strings.ReplaceAll(recordType, "_", " ")
}
