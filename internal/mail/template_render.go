package mail

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	texttemplate "text/template"

	"tend/internal/model"
)

// Template names one message in internal/mail/templates: <name>.tmpl defines "subject", "text" and
// "html".
type Template string

// The messages Tend sends.
const (
	StaffPasswordReset      Template = "staff_password_reset"
	StaffInvitation         Template = "staff_invitation"
	PortalInvitation        Template = "portal_invitation"
	PortalConnectionRequest Template = "portal_connection_request"
	PortalEmailConfirm      Template = "portal_email_confirm"
	PortalEmailTaken        Template = "portal_email_taken"
	PortalEmailChanged      Template = "portal_email_changed"
	PortalPasswordReset     Template = "portal_password_reset"
	PortalJoin              Template = "portal_join"
	PortalJoinExisting      Template = "portal_join_existing"
	DocumentWaiting         Template = "document_waiting"
	DocumentFlagged         Template = "document_flagged"
	ReflectionShared        Template = "reflection_shared"
	PlanReviewDue           Template = "plan_review_due"
	AppointmentReminder     Template = "appointment_reminder"
	MessageWaiting          Template = "message_waiting"
	TestMessage             Template = "test_message"
	StaffSignInPaused       Template = "staff_sign_in_paused"
	PortalSignInPaused      Template = "portal_sign_in_paused"
)

// allTemplates lists every message, so start-up can check each has its file.
var allTemplates = []Template{StaffPasswordReset, StaffInvitation, PortalInvitation, PortalConnectionRequest,
	PortalEmailConfirm, PortalEmailTaken, PortalEmailChanged, PortalPasswordReset, PortalJoin, PortalJoinExisting,
	DocumentWaiting, TestMessage, StaffSignInPaused, PortalSignInPaused, DocumentFlagged,
	ReflectionShared, PlanReviewDue, AppointmentReminder, MessageWaiting}

//go:embed templates/*.tmpl
var templateFiles embed.FS

// parsed is one message's templates: subject and text as plain text, the HTML body escaped for HTML.
type parsed struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// templates is parsed when the package loads, so a missing or broken template stops Tend at start-up
// rather than failing a send. It is never written after that.
var templates = mustParseTemplates(templateFiles)

func mustParseTemplates(fsys fs.FS) map[Template]parsed {
	t, err := parseTemplates(fsys, allTemplates)
	if err != nil {
		panic(err)
	}
	return t
}

// parseTemplates parses templates/<name>.tmpl for each name, and refuses a file no name uses.
func parseTemplates(fsys fs.FS, names []Template) (map[Template]parsed, error) {
	files, err := fs.Glob(fsys, "templates/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("mail: listing templates: %w", err)
	}
	for _, f := range files {
		if !slices.Contains(names, Template(strings.TrimSuffix(path.Base(f), ".tmpl"))) {
			return nil, fmt.Errorf("mail: template %s is not a known message", f)
		}
	}
	// Dates and times in the practice's time zone and date format (CL-11), as on pages: localDate X .Loc.
	funcs := map[string]any{"localDate": model.LocalDate, "localTime": model.LocalTime}
	out := make(map[Template]parsed, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(fsys, "templates/"+string(name)+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		var p parsed
		if p.text, err = texttemplate.New(string(name)).Option("missingkey=error").Funcs(texttemplate.FuncMap(funcs)).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		if p.html, err = htmltemplate.New(string(name)).Option("missingkey=error").Funcs(htmltemplate.FuncMap(funcs)).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		for _, block := range []string{"subject", "text", "html"} {
			if p.text.Lookup(block) == nil {
				return nil, fmt.Errorf("mail: template %s defines no %q", name, block)
			}
		}
		out[name] = p
	}
	return out, nil
}

// Render fills in a message's subject, plain-text body and HTML body; data's values are escaped in the
// HTML body only. The subject comes out on one line.
func Render(name Template, data any) (subject, text, html string, err error) {
	p, ok := templates[name]
	if !ok {
		return "", "", "", fmt.Errorf("mail: no template %q", name)
	}
	var b strings.Builder
	if err := p.text.ExecuteTemplate(&b, "subject", data); err != nil {
		return "", "", "", fmt.Errorf("mail: rendering %s: %w", name, err)
	}
	subject = strings.Join(strings.Fields(b.String()), " ")
	b.Reset()
	if err := p.text.ExecuteTemplate(&b, "text", data); err != nil {
		return "", "", "", fmt.Errorf("mail: rendering %s: %w", name, err)
	}
	text = strings.TrimSpace(b.String())
	b.Reset()
	if err := p.html.ExecuteTemplate(&b, "html", data); err != nil {
		return "", "", "", fmt.Errorf("mail: rendering %s: %w", name, err)
	}
	return subject, text, strings.TrimSpace(b.String()), nil
}
