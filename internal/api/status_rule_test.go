package api_test

import (
	"context"
	"slices"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// clientState is a client's status and portal state as GET /clients/{id} shows them.
func clientState(t *testing.T, c *apptest.Client, id string) (status, portal string) {
	t.Helper()
	var out struct{ Status, Portal string }
	if r := c.API("GET", "/api/v1/clients/"+id, nil); r.StatusCode != 200 {
		t.Fatalf("get %s: %d %s", id, r.StatusCode, r.Body)
	} else {
		r.JSON(t, &out)
	}
	return out.Status, out.Portal
}

// listed returns the ids the client list shows for a query string.
func listed(t *testing.T, c *apptest.Client, query string) []string {
	t.Helper()
	var out struct{ Items []struct{ ID string } }
	r := c.API("GET", "/api/v1/clients?"+query, nil)
	if r.StatusCode != 200 {
		t.Fatalf("list %s: %d %s", query, r.StatusCode, r.Body)
	}
	r.JSON(t, &out)
	var ids []string
	for _, it := range out.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// ST-1, ST-2, ST-3 (issue 13, item 2): status is about care and the portal state is shown apart. Inviting
// a client already in care leaves them Active (and in an Active filter); Pending is only a new client whose
// only step is an open invitation, and stays so until someone registers or the invitation is withdrawn.
func TestStatusIsAboutCare(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		p := apptest.As(owner)
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		create := func(first string) string {
			var out clientOut
			r := c.API("POST", "/api/v1/clients", map[string]any{"first_name": first, "last_name": "Test", "email": first + "@example.net"})
			if r.StatusCode != 201 {
				t.Fatalf("create %s: %d %s", first, r.StatusCode, r.Body)
			}
			r.JSON(t, &out)
			return out.ID
		}
		complete := func(id string) {
			if _, err := h.App.Clients.SaveSetupStep(ctx, p, id, "contacts", model.ClientChange{}, true); err != nil {
				t.Fatal(err)
			}
		}
		invite := func(id string) accessOut {
			var acc accessOut
			r := c.API("POST", "/api/v1/clients/"+id+"/invitations", map[string]any{"features": []string{"documents"}})
			if r.StatusCode != 201 {
				t.Fatalf("invite %s: %d %s", id, r.StatusCode, r.Body)
			}
			r.JSON(t, &acc)
			return acc
		}
		expect := func(what, id, status, portal string) {
			t.Helper()
			if s, pt := clientState(t, c, id); s != status || pt != portal {
				t.Fatalf("%s: status %q, portal %q; want %q, %q", what, s, pt, status, portal)
			}
		}

		nia, ivo, una := create("Nia"), create("Ivo"), create("Una")
		expect("a new client not invited", nia, "active", "none")
		// A new client whose only step is the invitation is Pending.
		niaAccess := invite(nia)
		expect("a new client invited", nia, "pending", "invited")
		// A client in care (setup finished) who is invited stays Active, with the portal badge apart.
		complete(ivo)
		invite(ivo)
		expect("a client in care invited", ivo, "active", "invited")
		complete(una)
		expect("a client in care not invited", una, "active", "none")
		// The Active filter keeps everyone in care, invited or not; Pending holds only the new client.
		if got := listed(t, c, "status=active"); !slices.Contains(got, ivo) || !slices.Contains(got, una) || slices.Contains(got, nia) {
			t.Fatalf("status=active lists %v; want Ivo and Una, not Nia", got)
		}
		if got := listed(t, c, "status=pending"); len(got) != 1 || got[0] != nia {
			t.Fatalf("status=pending lists %v; want only Nia", got)
		}
		// Finishing the new client's setup or resending the invitation keeps them Pending: they still wait.
		complete(nia)
		if r := c.API("POST", "/api/v1/invitations/"+niaAccess.Invitation.ID+"/resend", nil); r.StatusCode != 200 {
			t.Fatalf("resend: %d %s", r.StatusCode, r.Body)
		}
		expect("a pending client after setup and a resend", nia, "pending", "invited")
		// ST-2: registering makes them Active; the portal shows registered.
		pc := h.Client()
		if r := pc.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}); r.StatusCode != 201 {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		expect("after registering", nia, "active", "registered")
		if r := c.API("POST", "/api/v1/clients/"+nia+"/portal-users/"+niaAccess.ID+"/disable", nil); r.StatusCode != 200 {
			t.Fatalf("disable: %d %s", r.StatusCode, r.Body)
		}
		expect("access disabled", nia, "active", "disabled")
		// ST-3: archived and restored, a client who registered before must be invited again, and stays
		// Active while that invitation waits: they were in care before.
		for _, step := range []string{"archive", "restore"} {
			if r := c.API("POST", "/api/v1/clients/"+nia+"/"+step, nil); r.StatusCode != 200 {
				t.Fatalf("%s: %d %s", step, r.StatusCode, r.Body)
			}
		}
		if r := c.API("POST", "/api/v1/clients/"+nia+"/invitations", map[string]any{"features": []string{"documents"}}); r.StatusCode != 201 {
			t.Fatalf("invite again: %d %s", r.StatusCode, r.Body)
		}
		if s, _ := clientState(t, c, nia); s != "active" {
			t.Fatalf("a client who registered before, invited again: %q, want active", s)
		}

		// The wizard's portal step: a new client invited there is Pending, and stays so when the wizard
		// ends; withdrawing the invitation makes them Active again (not using the portal).
		wen := create("Wen")
		if _, err := h.App.Clients.InviteDuringSetup(ctx, p, wen, clients.InviteInput{Features: []string{"documents"}}); err != nil {
			t.Fatal(err)
		}
		complete(wen)
		expect("invited in the wizard, wizard done", wen, "pending", "invited")
		var portal struct {
			Users []struct {
				Access *accessOut `json:"access"`
			} `json:"users"`
		}
		c.API("GET", "/api/v1/clients/"+wen+"/portal", nil).JSON(t, &portal)
		if len(portal.Users) == 0 || portal.Users[0].Access == nil || portal.Users[0].Access.Invitation == nil {
			t.Fatalf("Wen's portal: %+v", portal)
		}
		if r := c.API("DELETE", "/api/v1/invitations/"+portal.Users[0].Access.Invitation.ID, nil); r.StatusCode != 204 {
			t.Fatalf("delete invitation: %d %s", r.StatusCode, r.Body)
		}
		expect("invitation withdrawn", wen, "active", "none")
		// Invited again after the setup was finished, Wen counts as in care.
		invite(wen)
		expect("invited again once in care", wen, "active", "invited")

		// ST-2's other transitions stay: deactivate and reactivate, archive and restore.
		for _, step := range []struct{ action, status string }{{"deactivate", "inactive"}, {"reactivate", "active"}, {"archive", "archived"}, {"restore", "active"}} {
			if r := c.API("POST", "/api/v1/clients/"+ivo+"/"+step.action, nil); r.StatusCode != 200 {
				t.Fatalf("%s: %d %s", step.action, r.StatusCode, r.Body)
			}
			if s, _ := clientState(t, c, ivo); s != step.status {
				t.Fatalf("after %s: %q, want %q", step.action, s, step.status)
			}
		}
	})
}
