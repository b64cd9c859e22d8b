package api_test

import (
	"context"
	"crypto/tls"
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
