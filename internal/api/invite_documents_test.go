package api_test

import (
	"slices"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/testdb"
)

type portalUserOut struct {
	PersonID  string     `json:"person_id"`
	Role      string     `json:"role"`
	ContactID string     `json:"contact_id"`
	Suggested []string   `json:"suggested_permissions"`
	Access    *accessOut `json:"access"`
}

// chartRequests lists the template ids and states of a chart's document requests.
func chartRequests(t *testing.T, c *apptest.Client, chartID string) map[string]string {
	t.Helper()
	var list struct{ Items []requestOut }
	c.API("GET", "/api/v1/clients/"+chartID+"/documents", nil).JSON(t, &list)
	out := map[string]string{}
	for _, r := range list.Items {
		out[r.TemplateID] = r.State
	}
	return out
}

// PT-2 (issue 13, item 6): an invitation can send documents: they are requested in the invitation's
// transaction and the invited person finds them in the portal. Documents the person could not fill in
// (no documents permission) and templates of no library are refused, and then nothing happens: no
// invitation, no request.
func TestInvitationSendsDocuments(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		tpl := builtinIDs(t, c)
		var ada clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).JSON(t, &ada)

		r := c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"tasks"}, "template_ids": []string{tpl["intake"]}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["template_ids"] == "" {
			t.Fatalf("documents without the documents feature: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}, "template_ids": []string{tpl["intake"], "not-a-template"}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["template_ids"] == "" {
			t.Fatalf("an unknown template: %d %s", r.StatusCode, r.Body)
		}
		var pv struct{ Users []portalUserOut }
		c.API("GET", "/api/v1/clients/"+ada.ID+"/portal", nil).JSON(t, &pv)
		if len(chartRequests(t, c, ada.ID)) != 0 || pv.Users[0].Access != nil {
			t.Fatalf("a refused invitation left something behind: %v, %+v", chartRequests(t, c, ada.ID), pv.Users[0].Access)
		}

		// Without features the client gets the defaults, here with the intake and the consent.
		var acc accessOut
		r = c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"template_ids": []string{tpl["intake"], tpl["consent"]}})
		r.JSON(t, &acc)
		if r.StatusCode != 201 || !slices.Contains(acc.Permissions, "documents") || slices.Contains(acc.Permissions, "billing") {
			t.Fatalf("invitation with documents: %d %s", r.StatusCode, r.Body)
		}
		if got := chartRequests(t, c, ada.ID); got[tpl["intake"]] != "requested" || got[tpl["consent"]] != "requested" || len(got) != 2 {
			t.Fatalf("requests after the invitation: %v", got)
		}
		// Inviting again with the intake still open does not request it twice.
		if r := c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"template_ids": []string{tpl["intake"]}}); r.StatusCode != 201 {
			t.Fatalf("inviting again: %d %s", r.StatusCode, r.Body)
		}
		if got := chartRequests(t, c, ada.ID); len(got) != 2 {
			t.Fatalf("requests after inviting again: %v", got)
		}
		p := h.Client()
		p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		var docs struct {
			Items []struct {
				TemplateID string `json:"template_id"`
				State      string `json:"state"`
			}
		}
		p.API("GET", "/api/v1/portal/documents", nil).JSON(t, &docs)
		if len(docs.Items) != 2 {
			t.Fatalf("the client sees %d documents, want the 2 sent with the invitation", len(docs.Items))
		}
	})
}

// CT-2, CT-4 (issue 13, item 7): "may sign" and "may see upcoming appointments" set a contact's default
// portal permissions when they are enrolled; a parent or guardian of a minor also gets messaging. The
// chart's portal says what an invitation without a choice would grant.
func TestContactFlagsSetDefaultPermissions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ada clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace"}).JSON(t, &ada)
		var spouse, friend contactOut
		c.API("POST", "/api/v1/clients/"+ada.ID+"/contacts", map[string]any{"first_name": "Sam", "last_name": "Lovelace", "email": "sam@example.net",
			"relationship": "spouse_partner", "may_sign": true}).JSON(t, &spouse)
		c.API("POST", "/api/v1/clients/"+ada.ID+"/contacts", map[string]any{"first_name": "Flo", "last_name": "Friend", "email": "flo@example.net",
			"relationship": "other", "relationship_other": "friend", "sees_appointments": true, "handles_billing": true}).JSON(t, &friend)

		var pv struct{ Users []portalUserOut }
		c.API("GET", "/api/v1/clients/"+ada.ID+"/portal", nil).JSON(t, &pv)
		suggested := map[string][]string{}
		for _, u := range pv.Users {
			suggested[u.ContactID] = u.Suggested
		}
		if !slices.Equal(suggested[spouse.ID], []string{"documents"}) || !slices.Equal(suggested[friend.ID], []string{"appointments"}) {
			t.Fatalf("suggested permissions: spouse %v, friend %v", suggested[spouse.ID], suggested[friend.ID])
		}
		var acc accessOut
		c.API("POST", "/api/v1/clients/"+ada.ID+"/contacts/"+spouse.ID+"/enroll", map[string]any{}).JSON(t, &acc)
		if !slices.Equal(acc.Permissions, []string{"documents"}) {
			t.Fatalf("a contact who may sign is enrolled with %v, want documents", acc.Permissions)
		}
		// An explicit choice still wins over the flags.
		c.API("POST", "/api/v1/clients/"+ada.ID+"/contacts/"+friend.ID+"/enroll", map[string]any{"permissions": []string{}}).JSON(t, &acc)
		if len(acc.Permissions) != 0 {
			t.Fatalf("an explicit empty choice gave %v", acc.Permissions)
		}

		var mia clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Costa",
			"contacts": []map[string]any{{"first_name": "Lou", "last_name": "Costa", "email": "lou@example.net", "relationship": "parent", "may_sign": true, "sees_appointments": true}}}).JSON(t, &mia)
		var contacts struct{ Items []contactOut }
		c.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		c.API("POST", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{}).JSON(t, &acc)
		if !slices.Equal(acc.Permissions, []string{"documents", "messaging", "appointments"}) || acc.Role != "guardian" {
			t.Fatalf("a parent who may sign and see appointments is enrolled as %s with %v", acc.Role, acc.Permissions)
		}
	})
}
