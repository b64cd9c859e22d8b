package api_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/testdb"
)

var inviteLink = regexp.MustCompile(`/portal/register\?t=([0-9a-f]+)`)

type accessOut struct {
	ID          string   `json:"id"`
	State       string   `json:"state"`
	Role        string   `json:"role"`
	Email       string   `json:"email"`
	Permissions []string `json:"permissions"`
	Invitation  *struct {
		ID string `json:"id"`
	} `json:"invitation"`
}

type portalMe struct {
	Account  struct{ ID, Email, Name string }
	Charts   []struct{ ID, PracticeName, ChartName, Role string }
	Requests []struct {
		ID           string `json:"id"`
		PracticeName string `json:"practice_name"`
	}
}

// lastLink returns the token of the invitation link in the latest delivered message, after sending
// what is due.
func lastLink(t *testing.T, h *apptest.Harness, srv *mailtest.Server) string {
	t.Helper()
	h.RunJobs()
	n := len(srv.Messages())
	if n == 0 {
		t.Fatal("no message was delivered")
	}
	m := inviteLink.FindStringSubmatch(srv.Text(t, n-1))
	if m == nil {
		t.Fatalf("no invitation link in %q", srv.Text(t, n-1))
	}
	return m[1]
}

func status(t *testing.T, c *apptest.Client, clientID string) string {
	t.Helper()
	var out struct{ Status string }
	c.API("GET", "/api/v1/clients/"+clientID, nil).JSON(t, &out)
	return out.Status
}

// Issue 5, items 4, 9 and 10 through the API: invite (PT-2), the emailed single-use link (PT-3), resend
// kills the old link, registration makes the client Active (ST-2), bad and used links, disable ends
// sessions (PT-4), who opened my record (PT-11).
func TestPortalInvitationAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ada clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ada", "last_name": "Lovelace"}).JSON(t, &ada)

		// A client without an email cannot be invited; the message says how to add one.
		r := c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		if r.StatusCode != 422 || !strings.Contains(r.Err(t).Error.Fields["email"], "add it to their details") {
			t.Fatalf("invite without email: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"email": "ada@example.net", "features": []string{"documents", "teleport"}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["features"] == "" {
			t.Fatalf("unknown feature: %d %s", r.StatusCode, r.Body)
		}
		var acc accessOut
		r = c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"email": "Ada@Example.net", "features": []string{"documents", "appointments"}})
		r.JSON(t, &acc)
		if r.StatusCode != 201 || acc.State != "invited" || acc.Role != "self" || acc.Invitation == nil {
			t.Fatalf("invite: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, c, ada.ID); s != "pending" {
			t.Fatalf("status after invitation = %q, want pending", s)
		}
		first := lastLink(t, h, srv)
		if subj := srv.Subject(t, 0); strings.Contains(subj, "Ada") || strings.Contains(subj, "Lovelace") || !strings.Contains(subj, "Harbor Counseling") {
			t.Fatalf("subject %q", subj)
		}
		// Resend: a new link; the first one stops working.
		r = c.API("POST", "/api/v1/invitations/"+acc.Invitation.ID+"/resend", nil)
		if r.StatusCode != 200 {
			t.Fatalf("resend: %d %s", r.StatusCode, r.Body)
		}
		second := lastLink(t, h, srv)
		if second == first {
			t.Fatal("resend sent the same link")
		}
		p := h.Client()
		for name, tok := range map[string]string{"replaced": first, "forged": strings.Repeat("ab", 32), "truncated": second[:20], "empty": ""} {
			r = p.API("POST", "/api/v1/portal/register", map[string]string{"token": tok, "password": apptest.StrongPassword})
			if r.StatusCode != 422 || !strings.Contains(r.Err(t).Error.Fields["token"], "ask them to send a new invitation") {
				t.Fatalf("%s link: %d %s", name, r.StatusCode, r.Body)
			}
		}
		// A short password is refused and nothing is created.
		r = p.API("POST", "/api/v1/portal/register", map[string]string{"token": second, "password": "short"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["password"] == "" || status(t, c, ada.ID) != "pending" {
			t.Fatalf("short password: %d %s", r.StatusCode, r.Body)
		}
		var me portalMe
		r = p.API("POST", "/api/v1/portal/register", map[string]string{"token": second, "password": apptest.StrongPassword})
		r.JSON(t, &me)
		if r.StatusCode != 201 || me.Account.Email != "ada@example.net" || me.Account.Name != "Ada Lovelace" || len(me.Charts) != 1 {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, c, ada.ID); s != "active" {
			t.Fatalf("status after registration = %q, want active", s)
		}
		r = h.Client().API("POST", "/api/v1/portal/register", map[string]string{"token": second, "password": apptest.StrongPassword})
		if r.StatusCode != 422 || !strings.Contains(r.Err(t).Error.Fields["token"], "already used") {
			t.Fatalf("used link: %d %s", r.StatusCode, r.Body)
		}
		// The staff session does not open the portal, nor the portal session the staff API.
		if r := c.API("GET", "/api/v1/portal/me", nil); r.StatusCode != 401 {
			t.Fatalf("staff cookie on the portal: %d", r.StatusCode)
		}
		if r := p.API("GET", "/api/v1/clients", nil); r.StatusCode != 401 {
			t.Fatalf("portal cookie on the staff API: %d", r.StatusCode)
		}
		// PT-11: the home links to who opened my record; on the day the chart was added the practice's
		// setup (the owner creating, viewing and inviting) is one line, by role, never a name.
		var home struct {
			WhoOpenedURL string `json:"who_opened_url"`
		}
		r = p.API("GET", "/api/v1/portal/charts/"+me.Charts[0].ID, nil)
		r.JSON(t, &home)
		if r.StatusCode != 200 || home.WhoOpenedURL != "/api/v1/portal/charts/"+me.Charts[0].ID+"/opened" || strings.Contains(string(r.Body), "who_opened\"") {
			t.Fatalf("chart home: %d %s", r.StatusCode, r.Body)
		}
		var opened openedOut
		r = p.API("GET", home.WhoOpenedURL, nil)
		r.JSON(t, &opened)
		if r.StatusCode != 200 || len(opened.Days) != 1 || len(opened.Days[0].Lines) != 1 || strings.Contains(string(r.Body), "Olivia") {
			t.Fatalf("who opened: %d %s", r.StatusCode, r.Body)
		}
		if l := opened.Days[0].Lines[0]; !l.Setup || l.Who != "practice" || l.Changes == 0 || l.Summary != "The practice set up your record" {
			t.Fatalf("the setup day: %+v", l)
		}
		// PT-4: disabling ends the session at once; enabling lets the person sign in again.
		r = c.API("POST", "/api/v1/clients/"+ada.ID+"/portal-users/"+acc.ID+"/disable", nil)
		if r.StatusCode != 200 {
			t.Fatalf("disable: %d %s", r.StatusCode, r.Body)
		}
		if r := p.API("GET", "/api/v1/portal/me", nil); r.StatusCode != 401 {
			t.Fatalf("a disabled person is still signed in: %d", r.StatusCode)
		}
		p2 := h.Client()
		p2.API("POST", "/api/v1/portal/login", map[string]string{"email": "ada@example.net", "password": apptest.StrongPassword}).JSON(t, &me)
		if len(me.Charts) != 0 {
			t.Fatalf("a disabled access still lists the chart: %+v", me)
		}
		if r := p2.API("GET", "/api/v1/portal/charts/"+acc.ID, nil); r.StatusCode != 404 {
			t.Fatalf("disabled chart opens: %d", r.StatusCode)
		}
		c.API("POST", "/api/v1/clients/"+ada.ID+"/portal-users/"+acc.ID+"/enable", nil)
		if r := p2.API("GET", "/api/v1/portal/charts/"+acc.ID, nil); r.StatusCode != 200 {
			t.Fatalf("enabled chart: %d", r.StatusCode)
		}
		// A second invitation to someone registered is refused with a pointer to what to do instead.
		r = c.API("POST", "/api/v1/clients/"+ada.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		if r.StatusCode != 422 || !strings.Contains(r.Err(t).Error.Fields["email"], "already has portal access") {
			t.Fatalf("invite a registered person: %d %s", r.StatusCode, r.Body)
		}

		// An expired link says to ask for a new one; a deleted invitation's link stops working.
		var bo clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Bo", "last_name": "Diaz", "email": "bo@example.net"}).JSON(t, &bo)
		c.API("POST", "/api/v1/clients/"+bo.ID+"/invitations", map[string]any{"features": []string{}}).JSON(t, &acc)
		bos := lastLink(t, h, srv)
		h.Clock.Advance(7*24*time.Hour + time.Minute)
		c.Login("owner@example.org", apptest.StrongPassword) // the staff session ended meanwhile
		r = h.Client().API("POST", "/api/v1/portal/register", map[string]string{"token": bos, "password": apptest.StrongPassword})
		if r.StatusCode != 422 || !strings.Contains(r.Err(t).Error.Fields["token"], "expired") {
			t.Fatalf("expired link: %d %s", r.StatusCode, r.Body)
		}
		c.API("POST", "/api/v1/invitations/"+acc.Invitation.ID+"/resend", nil)
		bos = lastLink(t, h, srv)
		if r := c.API("DELETE", "/api/v1/invitations/"+acc.Invitation.ID, nil); r.StatusCode != 204 {
			t.Fatalf("delete invitation: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, c, bo.ID); s != "active" {
			t.Fatalf("status after deleting the invitation = %q", s)
		}
		r = h.Client().API("POST", "/api/v1/portal/register", map[string]string{"token": bos, "password": apptest.StrongPassword})
		if r.StatusCode != 422 {
			t.Fatalf("deleted invitation's link: %d %s", r.StatusCode, r.Body)
		}
		// An invitation to a deleted client is not found.
		c.API("DELETE", "/api/v1/clients/"+bo.ID, nil)
		r = c.API("POST", "/api/v1/clients/"+bo.ID+"/invitations", map[string]any{"features": []string{}})
		if r.StatusCode != 404 {
			t.Fatalf("invite a deleted client: %d %s", r.StatusCode, r.Body)
		}
	})
}

// PT-5, ST-3, CT-4, MN-3, PT-7 and the practice wall: a second practice's invitation to a registered email
// is a connection request the holder approves; a guardian enrolled without a permission gets 404 for it;
// a portal user sees nothing of a practice they have no access to.
func TestPortalRequestsAndPermissionsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		h.AddPractice("Second Street Therapy", "owner2@example.org")
		srv := h.SMTP(t)
		a := h.Client()
		a.Login("owner@example.org", apptest.StrongPassword)
		b := h.Client()
		b.Login("owner2@example.org", apptest.StrongPassword)

		// A minor with a parent; the parent is enrolled with no permissions beyond basic access.
		var mia clientOut
		a.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes",
			"contacts": []map[string]any{{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org", "relationship": "parent"}}}).JSON(t, &mia)
		var contacts struct{ Items []contactOut }
		a.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		var acc accessOut
		r := a.API("POST", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{}})
		r.JSON(t, &acc)
		if r.StatusCode != 201 || acc.Role != "guardian" || acc.Email != "rosa@example.org" {
			t.Fatalf("enroll: %d %s", r.StatusCode, r.Body)
		}
		rosa := h.Client()
		var me portalMe
		rosa.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}).JSON(t, &me)
		if len(me.Charts) != 1 || me.Charts[0].ChartName != "" && me.Charts[0].ID != acc.ID {
			t.Fatalf("rosa's charts: %+v", me)
		}
		if r := rosa.API("GET", "/api/v1/portal/charts/"+acc.ID+"/appointments", nil); r.StatusCode != 404 {
			t.Fatalf("appointments without the permission: %d %s", r.StatusCode, r.Body)
		}
		if r := rosa.API("GET", "/api/v1/portal/charts/"+acc.ID, nil); r.StatusCode != 200 {
			t.Fatalf("basic access: %d %s", r.StatusCode, r.Body)
		}
		r = a.API("PATCH", "/api/v1/clients/"+mia.ID+"/portal-users/"+acc.ID, map[string]any{"permissions": []string{"appointments"}})
		if r.StatusCode != 200 {
			t.Fatalf("permissions: %d %s", r.StatusCode, r.Body)
		}
		if r := rosa.API("GET", "/api/v1/portal/charts/"+acc.ID+"/appointments", nil); r.StatusCode != 200 {
			t.Fatalf("appointments with the permission: %d %s", r.StatusCode, r.Body)
		}

		// Practice B invites the same email: a connection request, not a new account.
		var other clientOut
		b.API("POST", "/api/v1/clients", map[string]any{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org"}).JSON(t, &other)
		var req accessOut
		r = b.API("POST", "/api/v1/clients/"+other.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		r.JSON(t, &req)
		// Staff see an invitation like any other: that the email has an account elsewhere stays private.
		if r.StatusCode != 201 || req.State != "invited" || strings.Contains(string(r.Body), "request") {
			t.Fatalf("request: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, b, other.ID); s != "pending" {
			t.Fatalf("status while requested = %q", s)
		}
		h.RunJobs()
		if txt := srv.Text(t, len(srv.Messages())-1); inviteLink.MatchString(txt) || !strings.Contains(txt, "/portal/login") {
			t.Fatalf("request mail: %q", txt)
		}
		if srv.Subject(t, len(srv.Messages())-1) != "Your invitation to the Second Street Therapy client portal" {
			t.Fatal("a connection request's subject differs from an invitation's: the Mail log would tell")
		}
		// Practice B sees nothing Rosa's account holds: only the access it made itself.
		var bPortal struct {
			Users []struct {
				Access *accessOut
			}
		}
		b.API("GET", "/api/v1/clients/"+other.ID+"/portal", nil).JSON(t, &bPortal)
		if len(bPortal.Users) != 1 || bPortal.Users[0].Access.State != "invited" {
			t.Fatalf("B's portal tab: %+v", bPortal)
		}
		// Practice A's staff cannot touch B's invitation, and B's staff cannot touch A's portal user.
		if r := a.API("POST", "/api/v1/invitations/"+req.Invitation.ID+"/resend", nil); r.StatusCode != 404 {
			t.Fatalf("other practice resends: %d", r.StatusCode)
		}
		if r := b.API("POST", "/api/v1/clients/"+mia.ID+"/portal-users/"+acc.ID+"/disable", nil); r.StatusCode != 404 {
			t.Fatalf("other practice disables: %d", r.StatusCode)
		}
		// Before approval the request's chart cannot be opened.
		if r := rosa.API("GET", "/api/v1/portal/charts/"+req.ID, nil); r.StatusCode != 404 {
			t.Fatalf("unapproved chart: %d", r.StatusCode)
		}
		rosa.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Requests) != 1 || me.Requests[0].PracticeName != "Second Street Therapy" {
			t.Fatalf("requests: %+v", me)
		}
		// Someone else cannot answer Rosa's request.
		var mia2 accessOut
		a.API("POST", "/api/v1/clients/"+mia.ID+"/invitations", map[string]any{"email": "mia@example.org", "features": []string{}}).JSON(t, &mia2)
		miaP := h.Client()
		miaP.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		if r := miaP.API("POST", "/api/v1/portal/requests/"+req.ID+"/approve", nil); r.StatusCode != 404 {
			t.Fatalf("a stranger approves: %d %s", r.StatusCode, r.Body)
		}
		if r := miaP.API("GET", "/api/v1/portal/charts/"+acc.ID, nil); r.StatusCode != 404 {
			t.Fatalf("another account opens rosa's access: %d", r.StatusCode)
		}
		if r := rosa.API("POST", "/api/v1/portal/requests/"+req.ID+"/approve", nil); r.StatusCode != 200 {
			t.Fatalf("approve: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, b, other.ID); s != "active" {
			t.Fatalf("status after approval = %q", s)
		}
		rosa.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Charts) != 2 || len(me.Requests) != 0 {
			t.Fatalf("after approval: %+v", me)
		}

		// ST-3: archive and restore: the registered person must accept again.
		b.API("POST", "/api/v1/clients/"+other.ID+"/archive", nil)
		rosa.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Charts) != 1 {
			t.Fatalf("an archived chart still shows: %+v", me)
		}
		b.API("POST", "/api/v1/clients/"+other.ID+"/restore", nil)
		rosa.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Charts) != 1 || status(t, b, other.ID) != "active" {
			t.Fatalf("a restored chart opens without consent: %+v", me)
		}
		r = b.API("POST", "/api/v1/clients/"+other.ID+"/invitations", map[string]any{"features": []string{}})
		r.JSON(t, &req)
		if r.StatusCode != 201 || req.State != "invited" {
			t.Fatalf("invite after restore: %d %s", r.StatusCode, r.Body)
		}
		rosa.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Requests) != 1 {
			t.Fatalf("the new request is not waiting: %+v", me)
		}
		if r := rosa.API("POST", "/api/v1/portal/requests/"+req.ID+"/decline", nil); r.StatusCode != 200 {
			t.Fatalf("decline: %d %s", r.StatusCode, r.Body)
		}
		if r := rosa.API("POST", "/api/v1/portal/requests/"+req.ID+"/approve", nil); r.StatusCode != 404 {
			t.Fatalf("approving a declined request: %d", r.StatusCode)
		}
	})
}

var joinLink = regexp.MustCompile(`/portal/join/[a-z0-9-]+/complete\?t=([0-9a-f]+)`)

// ST-2: self-registration at the practice's portal address, off by default; the email is proved by a
// link; a pending invitation to the email is taken up, anyone else gets a new chart under Needs attention.
func TestPortalSelfRegistrationAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var pr struct {
			Slug          string
			SelfReg       bool   `json:"portal_self_registration"`
			PortalAddress string `json:"portal_address"`
		}
		c.API("GET", "/api/v1/practice", nil).JSON(t, &pr)
		if pr.SelfReg {
			t.Fatal("self-registration is on by default")
		}
		p := h.Client()
		if r := p.API("POST", "/api/v1/portal/join/"+pr.Slug, map[string]string{"email": "zed@example.net"}); r.StatusCode != 404 {
			t.Fatalf("join while closed: %d", r.StatusCode)
		}
		c.API("PATCH", "/api/v1/practice", map[string]any{"portal_self_registration": true}).JSON(t, &pr)
		if !pr.SelfReg || pr.PortalAddress != "/portal/join/"+pr.Slug {
			t.Fatalf("practice after the change: %+v", pr)
		}
		join := func(email string) string {
			t.Helper()
			if r := h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug, map[string]string{"email": email}); r.StatusCode != 202 {
				t.Fatalf("join %s: %d %s", email, r.StatusCode, r.Body)
			}
			h.RunJobs()
			m := joinLink.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
			if m == nil {
				return ""
			}
			return m[1]
		}
		// A pending client registers on their own: the registration joins their chart.
		var ann clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ann", "last_name": "Lee", "email": "ann@example.net"}).JSON(t, &ann)
		c.API("POST", "/api/v1/clients/"+ann.ID+"/invitations", map[string]any{"features": []string{"documents"}})
		tok := join("ANN@example.net")
		if tok == "" {
			t.Fatal("no registration link")
		}
		r := p.API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": tok, "first_name": "Ann", "last_name": "Lee", "password": "short"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["password"] == "" {
			t.Fatalf("short password: %d %s", r.StatusCode, r.Body)
		}
		var me portalMe
		r = p.API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": tok, "first_name": "Ann", "last_name": "Lee", "password": apptest.StrongPassword})
		r.JSON(t, &me)
		if r.StatusCode != 201 || len(me.Charts) != 1 || status(t, c, ann.ID) != "active" {
			t.Fatalf("pending client registers: %d %s", r.StatusCode, r.Body)
		}
		if r := h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": tok, "first_name": "A", "last_name": "B", "password": apptest.StrongPassword}); r.StatusCode != 422 {
			t.Fatalf("used link: %d", r.StatusCode)
		}
		// Someone unknown gets a new chart, which needs the practice's attention.
		tok = join("zed@example.net")
		r = h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": tok, "first_name": "Zed", "last_name": "Quill", "password": apptest.StrongPassword})
		r.JSON(t, &me)
		if r.StatusCode != 201 || len(me.Charts) != 1 || me.Charts[0].ChartName != "" && !strings.Contains(string(r.Body), "Zed Quill") {
			t.Fatalf("new person registers: %d %s", r.StatusCode, r.Body)
		}
		var found struct {
			Items []clientOut
		}
		c.API("GET", "/api/v1/clients?q=zed", nil).JSON(t, &found)
		if len(found.Items) != 1 || found.Items[0].Email != "zed@example.net" || found.Items[0].SetupComplete || found.Items[0].Status != "active" {
			t.Fatalf("the new chart: %+v", found)
		}
		// An email that already has an account gets a reminder, no link; the answer is the same.
		if tok := join("zed@example.net"); tok != "" {
			t.Fatal("an account holder got a registration link")
		}
		// The email of a client who was not invited: a new chart without the email (one per person).
		var old clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Old", "last_name": "Timer", "email": "old@example.net"}).JSON(t, &old)
		tok = join("old@example.net")
		r = h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": tok, "first_name": "Old", "last_name": "Timer", "password": apptest.StrongPassword})
		if r.StatusCode != 201 || status(t, c, old.ID) != "active" {
			t.Fatalf("uninvited client's email: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", "/api/v1/clients?q=timer", nil).JSON(t, &found)
		if len(found.Items) != 2 {
			t.Fatalf("want the old chart and a new one: %+v", found)
		}
		// Forged token.
		if r := h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": "nope", "first_name": "A", "last_name": "B", "password": apptest.StrongPassword}); r.StatusCode != 422 {
			t.Fatalf("forged token: %d", r.StatusCode)
		}
	})
}

// registered invites a new client with the email and registers them; it returns their portal client.
func registered(t *testing.T, h *apptest.Harness, srv *mailtest.Server, staff *apptest.Client, first, email string) *apptest.Client {
	t.Helper()
	var cl clientOut
	staff.API("POST", "/api/v1/clients", map[string]any{"first_name": first, "last_name": "Test", "email": email}).JSON(t, &cl)
	if r := staff.API("POST", "/api/v1/clients/"+cl.ID+"/invitations", map[string]any{"features": []string{}}); r.StatusCode != 201 {
		t.Fatalf("invite %s: %d %s", email, r.StatusCode, r.Body)
	}
	p := h.Client()
	if r := p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}); r.StatusCode != 201 {
		t.Fatalf("register %s: %d %s", email, r.StatusCode, r.Body)
	}
	return p
}

// Bad input of issue 5: an email change to an address that has an account is refused; a change is
// confirmed through a link to the new address; the password needs the current one.
// Proves PT-1.
func TestPortalAccountChangesAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ada := registered(t, h, srv, c, "Ada", "ada@example.net")
		registered(t, h, srv, c, "Bo", "bo@example.net")

		r := ada.API("POST", "/api/v1/portal/me/email", map[string]string{"current_password": "wrong password here", "email": "new@example.net"})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["current_password"] == "" {
			t.Fatalf("wrong current password: %d %s", r.StatusCode, r.Body)
		}
		// An address with an account: the same answer (no enumeration); its holder gets a notice, no link.
		r = ada.API("POST", "/api/v1/portal/me/email", map[string]string{"current_password": apptest.StrongPassword, "email": "BO@example.net"})
		if r.StatusCode != 202 {
			t.Fatalf("change to a taken email: %d %s", r.StatusCode, r.Body)
		}
		h.RunJobs()
		if txt := srv.Text(t, len(srv.Messages())-1); !strings.Contains(txt, "already has its own") || strings.Contains(txt, "/portal/email?t=") {
			t.Fatalf("notice to the taken address: %q", txt)
		}
		r = ada.API("POST", "/api/v1/portal/me/email", map[string]string{"current_password": apptest.StrongPassword, "email": "new@example.net"})
		if r.StatusCode != 202 {
			t.Fatalf("change: %d %s", r.StatusCode, r.Body)
		}
		h.RunJobs()
		m := regexp.MustCompile(`/portal/email\?t=([0-9a-f]+)`).FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
		if m == nil {
			t.Fatal("no confirmation link")
		}
		if r := h.Client().API("POST", "/api/v1/portal/email/confirm", map[string]string{"token": m[1]}); r.StatusCode != 204 {
			t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
		}
		if r := h.Client().API("POST", "/api/v1/portal/email/confirm", map[string]string{"token": m[1]}); r.StatusCode != 422 {
			t.Fatalf("reused confirmation: %d", r.StatusCode)
		}
		if r := ada.API("GET", "/api/v1/portal/me", nil); r.StatusCode != 401 {
			t.Fatalf("the old session survived the email change: %d", r.StatusCode)
		}
		if r := h.Client().API("POST", "/api/v1/portal/login", map[string]string{"email": "ada@example.net", "password": apptest.StrongPassword}); r.StatusCode != 401 {
			t.Fatalf("the old email still signs in: %d", r.StatusCode)
		}
		p := h.Client()
		if r := p.API("POST", "/api/v1/portal/login", map[string]string{"email": "new@example.net", "password": apptest.StrongPassword}); r.StatusCode != 200 {
			t.Fatalf("the new email: %d %s", r.StatusCode, r.Body)
		}
		// Password change: the current one is required; the new one obeys the policy.
		if r := p.API("POST", "/api/v1/portal/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "short"}); r.StatusCode != 422 {
			t.Fatalf("short new password: %d", r.StatusCode)
		}
		if r := p.API("POST", "/api/v1/portal/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "an entirely new passphrase"}); r.StatusCode != 204 {
			t.Fatalf("password change: %d %s", r.StatusCode, r.Body)
		}
		if r := p.API("GET", "/api/v1/portal/me", nil); r.StatusCode != 200 {
			t.Fatalf("the session that changed the password ended: %d", r.StatusCode)
		}
	})
}

// GR-5, CT-4, PT-11: on a family chart each member's access is separate from access to their own chart;
// a contact enrolled on an individual chart does not see who opened the record.
func TestPortalGroupsAndContactsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		var ana, fam clientOut
		c.API("POST", "/api/v1/clients", map[string]any{"first_name": "Ana", "last_name": "Lima", "email": "ana@example.net"}).JSON(t, &ana)
		c.API("POST", "/api/v1/clients", map[string]any{"kind": "group", "name": "Lima family",
			"members": []map[string]any{{"client_id": ana.ID}, {"first_name": "Bruno", "last_name": "Lima"}}}).JSON(t, &fam)
		// Without member_id a group invitation cannot know whom it is for.
		r := c.API("POST", "/api/v1/clients/"+fam.ID+"/invitations", map[string]any{"features": []string{}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["member_id"] == "" {
			t.Fatalf("group invitation without a member: %d %s", r.StatusCode, r.Body)
		}
		var acc accessOut
		r = c.API("POST", "/api/v1/clients/"+fam.ID+"/invitations", map[string]any{"member_id": ana.ID, "features": []string{"documents"}})
		r.JSON(t, &acc)
		if r.StatusCode != 201 || acc.Role != "member" || acc.Email != "ana@example.net" {
			t.Fatalf("member invitation: %d %s", r.StatusCode, r.Body)
		}
		p := h.Client()
		var me portalMe
		p.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword}).JSON(t, &me)
		if len(me.Charts) != 1 || me.Charts[0].ID != acc.ID {
			t.Fatalf("Ana reaches: %+v", me)
		}
		// Her own chart is not reachable through the group's access; inviting her there is a request.
		if s := status(t, c, ana.ID); s != "active" {
			t.Fatalf("Ana's own chart = %q", s)
		}
		var own accessOut
		c.API("POST", "/api/v1/clients/"+ana.ID+"/invitations", map[string]any{"features": []string{}}).JSON(t, &own)
		if own.State != "invited" {
			t.Fatalf("own chart invitation: %+v", own)
		}
		if r := p.API("GET", "/api/v1/portal/charts/"+own.ID, nil); r.StatusCode != 404 {
			t.Fatalf("own chart before approval: %d", r.StatusCode)
		}
		p.API("POST", "/api/v1/portal/requests/"+own.ID+"/approve", nil)
		p.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Charts) != 2 {
			t.Fatalf("after approval: %+v", me)
		}
		// Taking Ana out of the family ends her access to the family chart, not to her own.
		c.API("POST", "/api/v1/clients/"+fam.ID+"/members", map[string]any{"first_name": "Caio", "last_name": "Lima"})
		if r := c.API("DELETE", "/api/v1/clients/"+fam.ID+"/members/"+ana.ID, nil); r.StatusCode != 204 {
			t.Fatalf("remove member: %d %s", r.StatusCode, r.Body)
		}
		p.API("GET", "/api/v1/portal/me", nil).JSON(t, &me)
		if len(me.Charts) != 1 || me.Charts[0].ID != own.ID {
			t.Fatalf("after leaving the family: %+v", me)
		}

		// A spouse enrolled as a contact on Ana's chart sees the chart but not who opened it.
		c.API("POST", "/api/v1/clients/"+ana.ID+"/contacts", map[string]any{"first_name": "Rui", "last_name": "Lima", "email": "rui@example.net", "relationship": "spouse_partner"})
		var contacts struct{ Items []contactOut }
		c.API("GET", "/api/v1/clients/"+ana.ID+"/contacts", nil).JSON(t, &contacts)
		r = c.API("POST", "/api/v1/clients/"+ana.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{"appointments"}})
		r.JSON(t, &acc)
		if acc.Role != "contact" {
			t.Fatalf("contact enrolment: %d %s", r.StatusCode, r.Body)
		}
		rui := h.Client()
		rui.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		var home struct {
			WhoOpenedURL string `json:"who_opened_url"`
		}
		r = rui.API("GET", "/api/v1/portal/charts/"+acc.ID, nil)
		r.JSON(t, &home)
		if r.StatusCode != 200 || home.WhoOpenedURL != "" {
			t.Fatalf("a contact is shown who opened: %d %s", r.StatusCode, r.Body)
		}
		if r := rui.API("GET", "/api/v1/portal/charts/"+acc.ID+"/opened", nil); r.StatusCode != 404 {
			t.Fatalf("a contact sees who opened: %d %s", r.StatusCode, r.Body)
		}
		// Removing the contact ends the access.
		c.API("DELETE", "/api/v1/clients/"+ana.ID+"/contacts/"+contacts.Items[0].ID, nil)
		if r := rui.API("GET", "/api/v1/portal/charts/"+acc.ID, nil); r.StatusCode != 404 {
			t.Fatalf("a removed contact still opens the chart: %d", r.StatusCode)
		}
	})
}

// Review of the portal: a password reset spends a pending email change and earlier reset links; an email
// change spends reset links and tells the old address.
// Proves PT-1.
func TestPortalLinksAreSpentAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		srv := h.SMTP(t)
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		ada := registered(t, h, srv, c, "Ada", "ada@example.net")
		token := func(pattern string) string {
			t.Helper()
			h.RunJobs()
			m := regexp.MustCompile(pattern + `([0-9a-f]{64})`).FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
			if m == nil {
				t.Fatalf("no %s link", pattern)
			}
			return m[1]
		}
		// Someone with the password starts an email change; the owner resets the password: the change dies.
		ada.API("POST", "/api/v1/portal/me/email", map[string]string{"current_password": apptest.StrongPassword, "email": "thief@example.net"})
		change := token(`/portal/email\?t=`)
		h.Client().API("POST", "/api/v1/portal/forgot", map[string]string{"email": "ada@example.net"})
		first := token(`/portal/reset\?t=`)
		h.Client().API("POST", "/api/v1/portal/forgot", map[string]string{"email": "ada@example.net"})
		second := token(`/portal/reset\?t=`)
		if r := h.Client().API("POST", "/api/v1/portal/reset", map[string]string{"token": first, "password": "a fresh passphrase here"}); r.StatusCode != 422 {
			t.Fatalf("an older reset link still works: %d", r.StatusCode)
		}
		if r := h.Client().API("POST", "/api/v1/portal/reset", map[string]string{"token": second, "password": "a fresh passphrase here"}); r.StatusCode != 204 {
			t.Fatalf("reset: %d %s", r.StatusCode, r.Body)
		}
		if r := h.Client().API("POST", "/api/v1/portal/email/confirm", map[string]string{"token": change}); r.StatusCode != 422 {
			t.Fatalf("an email change survived the password reset: %d", r.StatusCode)
		}
		// An email change spends reset links and tells the old address.
		p := h.Client()
		p.API("POST", "/api/v1/portal/login", map[string]string{"email": "ada@example.net", "password": "a fresh passphrase here"})
		h.Client().API("POST", "/api/v1/portal/forgot", map[string]string{"email": "ada@example.net"})
		reset := token(`/portal/reset\?t=`)
		p.API("POST", "/api/v1/portal/me/email", map[string]string{"current_password": "a fresh passphrase here", "email": "ada2@example.net"})
		if r := h.Client().API("POST", "/api/v1/portal/email/confirm", map[string]string{"token": token(`/portal/email\?t=`)}); r.StatusCode != 204 {
			t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
		}
		if r := h.Client().API("POST", "/api/v1/portal/reset", map[string]string{"token": reset, "password": "yet another passphrase"}); r.StatusCode != 422 {
			t.Fatalf("a reset link survived the email change: %d", r.StatusCode)
		}
		h.RunJobs()
		if subj := srv.Subject(t, len(srv.Messages())-1); subj != "Your client portal email was changed" {
			t.Fatalf("the old address was not told: %q", subj)
		}
	})
}

// Review of the portal: a clinician cannot change, through an invitation, the email kept on a chart they
// cannot change; removing a chart refreshes the portal status of charts its person had access to; a
// former guardian stops seeing who opened the record; an expired invitation is not taken up by a
// self-registration.
// Proves CT-4, MN-3, ST-1, ST-2.
func TestPortalReviewFindingsAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		srv := h.SMTP(t)
		o := h.Client()
		o.Login("owner@example.org", apptest.StrongPassword)
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		cc := h.Client()
		cc.Login("cal@example.org", apptest.StrongPassword)
		cc.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "cal has his own passphrase"})
		var alice, bob clientOut
		o.API("POST", "/api/v1/clients", map[string]any{"first_name": "Alice", "last_name": "Ames", "assigned_clinician_id": cal.ID}).JSON(t, &alice)
		o.API("POST", "/api/v1/clients", map[string]any{"first_name": "Bob", "last_name": "Burns", "email": "bob@example.net"}).JSON(t, &bob)
		var people struct {
			Items []struct{ ID, FirstName string }
		}
		o.API("GET", "/api/v1/people?q=burns", nil).JSON(t, &people)
		o.API("POST", "/api/v1/clients/"+alice.ID+"/contacts", map[string]any{"person_id": people.Items[0].ID, "relationship": "spouse_partner"})
		var contacts struct{ Items []contactOut }
		cc.API("GET", "/api/v1/clients/"+alice.ID+"/contacts", nil).JSON(t, &contacts)
		r := cc.API("POST", "/api/v1/clients/"+alice.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"email": "evil@example.net", "permissions": []string{}})
		if r.StatusCode != 422 || r.Err(t).Error.Fields["email"] == "" {
			t.Fatalf("a clinician rewrote an email on a chart he cannot change: %d %s", r.StatusCode, r.Body)
		}
		var after clientOut
		o.API("GET", "/api/v1/clients/"+bob.ID, nil).JSON(t, &after)
		if after.Email != "bob@example.net" {
			t.Fatalf("Bob's email is now %q", after.Email)
		}
		// Enrolling Bob with his own email works.
		if r := cc.API("POST", "/api/v1/clients/"+alice.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{}}); r.StatusCode != 201 {
			t.Fatalf("enroll with the existing email: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, o, alice.ID); s != "pending" {
			t.Fatalf("Alice's chart = %q while Bob is invited", s)
		}
		// Deleting Bob's chart removes him, and Alice's chart is no longer waiting on him.
		if r := o.API("DELETE", "/api/v1/clients/"+bob.ID, nil); r.StatusCode != 204 {
			t.Fatalf("delete: %d %s", r.StatusCode, r.Body)
		}
		if s := status(t, o, alice.ID); s != "active" {
			t.Fatalf("Alice's chart = %q after Bob's removal", s)
		}

		// A guardian who stops being one loses who-opened.
		var mia clientOut
		o.API("POST", "/api/v1/clients", map[string]any{"kind": "minor", "first_name": "Mia", "last_name": "Reyes",
			"contacts": []map[string]any{{"first_name": "Rosa", "last_name": "Reyes", "email": "rosa@example.org", "relationship": "parent"}}}).JSON(t, &mia)
		o.API("GET", "/api/v1/clients/"+mia.ID+"/contacts", nil).JSON(t, &contacts)
		var acc accessOut
		o.API("POST", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID+"/enroll", map[string]any{"permissions": []string{}}).JSON(t, &acc)
		rosa := h.Client()
		rosa.API("POST", "/api/v1/portal/register", map[string]string{"token": lastLink(t, h, srv), "password": apptest.StrongPassword})
		if r := rosa.API("GET", "/api/v1/portal/charts/"+acc.ID+"/opened", nil); r.StatusCode != 200 {
			t.Fatalf("the guardian does not see who opened the record: %d %s", r.StatusCode, r.Body)
		}
		o.API("POST", "/api/v1/clients/"+mia.ID+"/contacts", map[string]any{"first_name": "Luis", "last_name": "Reyes", "relationship": "parent"})
		o.API("PATCH", "/api/v1/clients/"+mia.ID+"/contacts/"+contacts.Items[0].ID, map[string]any{"relationship": "other", "relationship_other": "Neighbour"})
		if r := rosa.API("GET", "/api/v1/portal/charts/"+acc.ID+"/opened", nil); r.StatusCode != 404 {
			t.Fatalf("a former guardian still sees who opened the record: %d %s", r.StatusCode, r.Body)
		}

		// An expired invitation is not taken up by a self-registration with the same email.
		var zed clientOut
		o.API("POST", "/api/v1/clients", map[string]any{"first_name": "Zed", "last_name": "Quill", "email": "zed@example.net"}).JSON(t, &zed)
		o.API("POST", "/api/v1/clients/"+zed.ID+"/invitations", map[string]any{"features": []string{}})
		h.RunJobs()
		h.Clock.Advance(8 * 24 * time.Hour)
		o.Login("owner@example.org", apptest.StrongPassword)
		var pr struct{ Slug string }
		o.API("PATCH", "/api/v1/practice", map[string]any{"portal_self_registration": true}).JSON(t, &pr)
		h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug, map[string]string{"email": "zed@example.net"})
		h.RunJobs()
		m := joinLink.FindStringSubmatch(srv.Text(t, len(srv.Messages())-1))
		if m == nil {
			t.Fatal("no join link")
		}
		var me portalMe
		h.Client().API("POST", "/api/v1/portal/join/"+pr.Slug+"/complete", map[string]string{"token": m[1], "first_name": "Zed", "last_name": "Quill", "password": apptest.StrongPassword}).JSON(t, &me)
		if len(me.Charts) != 1 || status(t, o, zed.ID) != "pending" {
			t.Fatalf("an expired invitation was taken up: %+v, Zed %q", me, status(t, o, zed.ID))
		}
	})
}
