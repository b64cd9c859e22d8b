package api_test

import (
	"context"
	"crypto/tls"
	"regexp"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/testdb"
)

type mailOut struct {
	ID, To, Subject, State string
	LastError              string `json:"last_error"`
}

// Issue 5, items 1 and 2 through the API: a test message, the Mail log with a failure's reason, Retry;
// owners only.
func TestMailAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		srv := mailtest.Start(t, true)
		srv.Reject("owner@example.org")
		smtp, _ := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
		smtp.TLS = &tls.Config{RootCAs: srv.Pool}
		h.App.Outbox.Sender = smtp
		if r := c.API("POST", "/api/v1/mail/test", nil); r.StatusCode != 202 {
			t.Fatalf("test message: %d %s", r.StatusCode, r.Body)
		}
		h.App.Jobs.RunDue(context.Background())
		var log struct {
			Items []mailOut
			Total int
		}
		c.API("GET", "/api/v1/mail", nil).JSON(t, &log)
		if log.Total != 1 || log.Items[0].State != "failed" || log.Items[0].To != "owner@example.org" || log.Items[0].LastError == "" {
			t.Fatalf("mail log: %+v", log)
		}
		srv.Reject("")
		if r := c.API("POST", "/api/v1/mail/"+log.Items[0].ID+"/retry", nil); r.StatusCode != 204 {
			t.Fatalf("retry: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", "/api/v1/mail/"+log.Items[0].ID+"/retry", nil); r.StatusCode != 404 {
			t.Fatalf("retrying a message that is not failed: %d", r.StatusCode)
		}
		h.App.Jobs.RunDue(context.Background())
		c.API("GET", "/api/v1/mail", nil).JSON(t, &log)
		if log.Items[0].State != "sent" || len(srv.Messages()) != 1 {
			t.Fatalf("after retry: %+v, %d delivered", log.Items[0], len(srv.Messages()))
		}
		// Only owners read the Mail log.
		h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		cc := h.Client()
		cc.Login("cal@example.org", apptest.StrongPassword)
		cc.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "another long passphrase here"})
		if r := cc.API("GET", "/api/v1/mail", nil); r.StatusCode != 403 {
			t.Fatalf("a clinician reads the mail log: %d", r.StatusCode)
		}
	})
}

var staffResetLink = regexp.MustCompile(`/login/reset\?t=([0-9a-f]+)`)

// Review of issue 5: only the newest password link works; deactivating someone spends their links, so
// reactivating them revives none; a huge page number is not a server error.
func TestPasswordLinksAreSpent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		c := h.Client()
		link := func() string {
			t.Helper()
			h.RunJobs()
			m := staffResetLink.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
			if m == nil {
				t.Fatal("no reset link")
			}
			return m[1]
		}
		c.API("POST", "/api/v1/auth/forgot", map[string]string{"email": "cal@example.org"})
		first := link()
		c.API("POST", "/api/v1/auth/forgot", map[string]string{"email": "cal@example.org"})
		second := link()
		if r := c.API("POST", "/api/v1/auth/reset", map[string]string{"token": first, "password": "a brand new passphrase"}); r.StatusCode != 422 {
			t.Fatalf("an older link still works: %d %s", r.StatusCode, r.Body)
		}
		o := h.Client()
		o.Login("owner@example.org", apptest.StrongPassword)
		o.API("PATCH", "/api/v1/staff/"+cal.ID, map[string]any{"active": false})
		o.API("PATCH", "/api/v1/staff/"+cal.ID, map[string]any{"active": true})
		if r := c.API("POST", "/api/v1/auth/reset", map[string]string{"token": second, "password": "a brand new passphrase"}); r.StatusCode != 422 {
			t.Fatalf("a link survived deactivation: %d %s", r.StatusCode, r.Body)
		}
		if r := o.API("GET", "/api/v1/mail?page=999999999999999999", nil); r.StatusCode != 200 {
			t.Fatalf("huge page: %d %s", r.StatusCode, r.Body)
		}
	})
}
