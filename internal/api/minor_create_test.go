package api_test

import (
	"slices"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

// MN-3, CT-4, PT-2 (issue 13, item 6): a minor is created with the parent enrolled in the portal in the
// same step, with permissions from the parent's flags and the intake sent with the invitation. A parent
// to invite without an email, or documents with nobody invited, are refused and nothing is created.
func TestMinorCreatedWithGuardianInvited(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		parent := map[string]any{"first_name": "Lou", "last_name": "Costa", "relationship": "parent", "may_sign": true, "invite": true}

		r := c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Costa",
			"contacts": []map[string]any{parent}, "template_ids": []string{tpl["intake"]}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["contacts.0.email"] == "" {
			t.Fatalf("inviting a parent without email: %d %s", r.StatusCode, r.Body)
		}
		// Someone already in Tend without an email: the message says where to add it.
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Noor", "last_name": "Haddad"})
		var people struct{ Items []struct{ ID string } }
		c.API("GET", "/api/v1/people?q=Noor", nil).JSON(t, &people)
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Costa",
			"contacts": []map[string]any{{"person_id": people.Items[0].ID, "relationship": "parent", "invite": true}}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["contacts.0.invite"] == "" {
			t.Fatalf("inviting someone in Tend without an email: %d %s", r.StatusCode, r.Body)
		}
		delete(parent, "invite")
		parent["email"] = "lou@example.net"
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Costa",
			"contacts": []map[string]any{parent}, "template_ids": []string{tpl["intake"]}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["template_ids"] == "" {
			t.Fatalf("documents with nobody invited: %d %s", r.StatusCode, r.Body)
		}
		var list struct{ Total int }
		c.API("GET", "/api/v1/clients?q=Mia", nil).JSON(t, &list)
		if list.Total != 0 {
			t.Fatalf("a refused minor was created: %d", list.Total)
		}

		parent["invite"] = true
		var mia clientOut
		r = c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Costa", "billing_type": "cash_pay",
			"contacts": []map[string]any{parent}, "template_ids": []string{tpl["intake"]}})
		r.JSON(t, &mia)
		if r.StatusCode != 201 {
			t.Fatalf("minor with the parent invited: %d %s", r.StatusCode, r.Body)
		}
		var pv struct{ Users []portalUserOut }
		c.API("GET", "/api/v1/clients/"+mia.ID+"/portal", nil).JSON(t, &pv)
		var guardian *accessOut
		for _, u := range pv.Users {
			if u.Role == "guardian" {
				guardian = u.Access
			}
		}
		if guardian == nil || guardian.State != "invited" || !slices.Equal(guardian.Permissions, []string{"documents", "messaging"}) {
			t.Fatalf("the parent's access: %+v", guardian)
		}
		if got := chartRequests(t, c, mia.ID); got[tpl["intake"]] != "requested" {
			t.Fatalf("the intake was not sent with the invitation: %v", got)
		}
		p := h.Client()
		if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}); r.StatusCode != 201 {
			t.Fatalf("the parent registers: %d %s", r.StatusCode, r.Body)
		}
		var docs struct{ Items []struct{ ID string } }
		p.API("GET", "/api/v1/portal/documents", nil).JSON(t, &docs)
		if len(docs.Items) != 1 {
			t.Fatalf("the parent sees %d documents, want the intake", len(docs.Items))
		}
	})
}

// Issue 13, item 6: a minor whose date of birth makes them an adult is refused until confirmed, on
// creation and on a change of the date; CL-9: the billing type is chosen at creation.
func TestAdultMinorNeedsConfirmation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		minor := map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Costa", "date_of_birth": "1990-05-01", "billing_type": "not_billed",
			"contacts": []map[string]any{{"first_name": "Lou", "last_name": "Costa", "relationship": "parent"}}}
		r := c.API("POST", "/api/v1/clients", minor)
		if e := r.Err(t).Error; r.StatusCode != 422 || e.Fields["date_of_birth"] == "" || e.Fields["confirm_adult_minor"] == "" {
			t.Fatalf("an adult's date on a minor: %d %s", r.StatusCode, r.Body)
		}
		minor["confirm_adult_minor"] = true
		var mia struct {
			clientOut
			BillingType *string `json:"billing_type"`
		}
		r = c.API("POST", "/api/v1/clients", minor)
		r.JSON(t, &mia)
		if r.StatusCode != 201 || mia.BillingType == nil || *mia.BillingType != "not_billed" {
			t.Fatalf("confirmed: %d %s", r.StatusCode, r.Body)
		}
		// The date stays without asking again; a new adult date asks again; a child's date does not.
		if r := c.API("PATCH", "/api/v1/clients/"+mia.ID, map[string]any{"date_of_birth": "1990-05-01", "pronouns": "she/her"}); r.StatusCode != 200 {
			t.Fatalf("an unchanged date: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/clients/"+mia.ID, map[string]any{"date_of_birth": "1991-05-01"}); r.StatusCode != 422 {
			t.Fatalf("a new adult date: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PATCH", "/api/v1/clients/"+mia.ID, map[string]any{"date_of_birth": "2016-05-01"}); r.StatusCode != 200 {
			t.Fatalf("a child's date: %d %s", r.StatusCode, r.Body)
		}
		// An adult's own chart never asks.
		if r := c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "date_of_birth": "1990-05-01"}); r.StatusCode != 201 {
			t.Fatalf("an individual's date: %d %s", r.StatusCode, r.Body)
		}
	})
}
