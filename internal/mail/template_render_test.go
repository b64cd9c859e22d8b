package mail

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tend/internal/model"
)

// expires is an invitation's expiry in the samples: 9 March 2026, 15:00 UTC (10:00 in Chicago).
var expires = time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC)

// sampleData is what each message's callers pass.
var sampleData = map[Template]map[string]any{
	StaffPasswordReset: {"Link": "https://t.example/login/reset?t=abc"},
	StaffInvitation: {"Who": "Dr. <Lee>", "Practice": "Harbor & Co", "Role": "Clinician", "Link": "https://t.example/login/reset?t=abc",
		"Expires": expires, "Loc": model.NewLocale("America/Chicago", model.DateUS)},
	PortalInvitation: {"Practice": "Harbor & Co", "Link": "https://t.example/portal/register?t=abc", "Expires": expires,
		"Loc": model.NewLocale("America/Chicago", model.DateUS)},
	PortalConnectionRequest: {"Practice": "Harbor & Co", "Link": "https://t.example/portal/login", "Expires": expires,
		"Loc": model.NewLocale("America/Chicago", model.DateUS)},
	PortalEmailConfirm:  {"Link": "https://t.example/portal/email?t=abc"},
	PortalEmailTaken:    nil,
	PortalEmailChanged:  nil,
	PortalPasswordReset: {"Link": "https://t.example/portal/reset?t=abc"},
	PortalJoin:          {"Practice": "Harbor & Co", "Link": "https://t.example/portal/join/harbor/complete?t=abc"},
	PortalJoinExisting:  {"Practice": "Harbor & Co", "Link": "https://t.example/portal/login"},
	DocumentWaiting:     {"Practice": "Harbor & Co", "Link": "https://t.example/portal/login"},
	DocumentFlagged:     {"Link": "https://t.example/clients/c1/documents/r1"},
	ReflectionShared:    {"Practice": "Harbor & Co", "Link": "https://t.example/portal/login"},
	MessageWaiting:      {"Practice": "Harbor & Co", "Link": "https://t.example/portal/login", "From": "", "Staff": false},
	PlanReviewDue:       {"Date": "03/20/2026", "Link": "https://t.example/clients/c1/plans/p1"},
	AppointmentReminder: {"Practice": "Harbor & Co", "Date": "03/20/2026", "Time": "3:00 PM EDT", "Where": "Suite 4, 12 Elm St",
		"Online": false, "Video": "", "Service": "Individual therapy"},
	TestMessage:        nil,
	StaffSignInPaused:  {"Attempts": 10, "Minutes": 15, "ForgotLink": "https://t.example/login/forgot"},
	PortalSignInPaused: {"Attempts": 10, "Minutes": 15, "ForgotLink": "https://t.example/portal/forgot"},
}

// Issue 11, item 4: every message renders from its template: a one-line subject, a text body with the
// link and no markup, an HTML body with the values escaped and the link in an anchor.
func TestRenderEveryTemplate(t *testing.T) {
	t.Parallel()
	if len(sampleData) != len(allTemplates) {
		t.Fatalf("%d samples for %d templates", len(sampleData), len(allTemplates))
	}
	for _, name := range allTemplates {
		t.Run(string(name), func(t *testing.T) {
			subject, text, html, err := Render(name, sampleData[name])
			if err != nil {
				t.Fatal(err)
			}
			if subject == "" || strings.ContainsAny(subject, "\r\n<") || text == "" || !strings.HasPrefix(html, "<p>") {
				t.Fatalf("subject %q, text %q, html %q", subject, text, html)
			}
			if strings.Contains(text, "<p>") || strings.Contains(text, "&amp;") || strings.Contains(html, "<Lee>") {
				t.Fatalf("escaping: text %q, html %q", text, html)
			}
			if p, ok := sampleData[name]["Practice"]; ok && (!strings.Contains(text, p.(string)) || !strings.Contains(html, "Harbor &amp; Co")) {
				t.Fatalf("practice name: text %q, html %q", text, html)
			}
			if link, ok := sampleData[name]["Link"].(string); ok {
				if !strings.Contains(text, "\n\n"+link) || !strings.Contains(html, `<a href="`+link+`">`) {
					t.Fatalf("link: text %q, html %q", text, html)
				}
			}
		})
	}
}

// Issue 11, item 4: the wording of today's messages is kept (reviewed for privacy).
func TestRenderWording(t *testing.T) {
	t.Parallel()
	subject, text, html, err := Render(PortalInvitation, map[string]any{"Practice": "Harbor", "Link": "https://t.example/portal/register?t=abc",
		"Expires": expires, "Loc": model.NewLocale("America/Chicago", model.DateUS)})
	if err != nil {
		t.Fatal(err)
	}
	wantText := "Harbor invited you to its client portal, where you can fill in forms, see what they share with you and send secure messages. " +
		"Create your account within seven days (the link works until 03/09/2026, 10:00 AM):\n\nhttps://t.example/portal/register?t=abc\n\nIf you were not expecting this, you can ignore this message."
	if subject != "Your invitation to the Harbor client portal" || text != wantText ||
		!strings.Contains(html, `<p><a href="https://t.example/portal/register?t=abc">Create your account</a></p>`) {
		t.Fatalf("subject %q\ntext %q\nhtml %q", subject, text, html)
	}
}

// Issue 11, item 4: a value the template needs but the caller left out fails the render, not the
// reader; an unknown template fails too.
func TestRenderMissing(t *testing.T) {
	t.Parallel()
	if _, _, _, err := Render(PortalJoin, map[string]any{"Link": "https://t.example"}); err == nil {
		t.Error("rendered without the practice name")
	}
	if _, _, _, err := Render("nope", nil); err == nil {
		t.Error("rendered an unknown template")
	}
}

// Issue 11, item 4: a missing file, a missing block or a file no message uses stops start-up.
func TestParseTemplatesRefuses(t *testing.T) {
	t.Parallel()
	full := "{{define \"subject\"}}S{{end}}{{define \"text\"}}T{{end}}{{define \"html\"}}<p>H</p>{{end}}"
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		ok    bool
	}{
		{"complete", fstest.MapFS{"templates/a.tmpl": {Data: []byte(full)}}, true},
		{"missing file", fstest.MapFS{}, false},
		{"missing html block", fstest.MapFS{"templates/a.tmpl": {Data: []byte("{{define \"subject\"}}S{{end}}{{define \"text\"}}T{{end}}")}}, false},
		{"broken syntax", fstest.MapFS{"templates/a.tmpl": {Data: []byte(full + "{{if}}")}}, false},
		{"orphan file", fstest.MapFS{"templates/a.tmpl": {Data: []byte(full)}, "templates/b.tmpl": {Data: []byte(full)}}, false},
	} {
		_, err := parseTemplates(tc.files, []Template{"a"})
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
