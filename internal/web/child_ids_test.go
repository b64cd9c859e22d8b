package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/documents"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 12, item 4: a page route that names a chart and a record on it answers 404 when the record is on
// another chart, even one the person may change; before, the document request's PDF, resend and review,
// and the invitation's resend and delete acted on the record whatever chart the path named.
func TestChildRecordMustBeOnThePathsChart(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		h.SMTP(t)
		p := apptest.As(owner)
		first, last, email, other := "Ada", "Lovelace", "ada@example.net", "Grace"
		ada, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
		if err != nil {
			t.Fatal(err)
		}
		grace, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &other, LastName: &last})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := h.App.Clients.Invite(ctx, p, ada.ID, clients.InviteInput{PersonID: ada.PersonID, Email: email, Features: []string{"documents"}})
		if err != nil || acc.Invitation == nil {
			t.Fatalf("invite: %+v, %v", acc, err)
		}
		ts, err := h.App.Documents.Templates(ctx, p, false)
		if err != nil || len(ts) == 0 {
			t.Fatalf("templates: %v", err)
		}
		reqs, err := h.App.Documents.ManageDocuments(ctx, p, ada.ID, documents.ManageInput{TemplateIDs: []string{ts[0].ID}})
		if err != nil || len(reqs) == 0 {
			t.Fatalf("document request: %v", err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		req, inv := reqs[0].ID, acc.Invitation.ID
		for _, tc := range []struct{ method, path string }{
			{"GET", "/clients/" + grace.ID + "/documents/" + req},
			{"GET", "/clients/" + grace.ID + "/documents/" + req + "/pdf"},
			{"POST", "/clients/" + grace.ID + "/documents/" + req + "/resend"},
			{"POST", "/clients/" + grace.ID + "/documents/" + req + "/review"},
			{"POST", "/clients/" + grace.ID + "/portal/invitations/" + inv + "/resend"},
			{"POST", "/clients/" + grace.ID + "/portal/invitations/" + inv + "/delete"},
		} {
			var r apptest.Response
			if tc.method == "GET" {
				r = c.Get(tc.path)
			} else {
				r = c.Post(tc.path, url.Values{})
			}
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s through another chart: %d, want 404", tc.method, tc.path, r.StatusCode)
			}
		}
		// Through their own chart the same routes work, and nothing was withdrawn above.
		if r := c.Post("/clients/"+ada.ID+"/portal/invitations/"+inv+"/resend", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("resend through the right chart: %d", r.StatusCode)
		}
		if r := c.Post("/clients/"+ada.ID+"/documents/"+req+"/resend", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("document resend through the right chart: %d", r.StatusCode)
		}
	})
}

// Issue 12, item 4: the password page offers to revoke the person's API tokens, ticked by default, and
// does what the box says.
// Proves TR-2.
func TestPasswordPageRevokesTokensWhenTicked(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		p := apptest.As(owner)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if page := string(c.Get("/settings/password").Body); !strings.Contains(page, `name="revoke_tokens" id="f-revoke_tokens" checked`) {
			t.Fatal("the password page does not offer, ticked, to revoke API tokens")
		}
		tokens := func() int {
			ts, err := h.App.Accounts.ListTokens(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			return len(ts)
		}
		if _, _, err := h.App.Accounts.CreateToken(ctx, p, "reports"); err != nil {
			t.Fatal(err)
		}
		c.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {"a second long passphrase"},
			"confirm_password": {"a second long passphrase"}})
		if n := tokens(); n != 1 {
			t.Fatalf("unticked: %d tokens, want the one kept", n)
		}
		c.Post("/settings/password", url.Values{"current_password": {"a second long passphrase"}, "new_password": {"a third long passphrase"},
			"confirm_password": {"a third long passphrase"}, "revoke_tokens": {"on"}})
		if n := tokens(); n != 0 {
			t.Fatalf("ticked: %d tokens left, want none", n)
		}
	})
}
