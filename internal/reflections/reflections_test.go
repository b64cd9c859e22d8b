package reflections_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/reflections"
	"tend/internal/store"
	"tend/internal/testdb"
)

const newPassword = "another correct horse battery staple"

func strp(s string) *string { return &s }

// Issue 14, item 5: a reflection's Markdown keeps headings, lists, emphasis and links, and nothing that
// could run in the client's browser: no raw HTML, no script links, no images; links get
// rel="nofollow noopener" and open in a new tab.
func TestMarkdownIsSanitized(t *testing.T) {
	t.Parallel()
	var s reflections.Service
	tests := []struct {
		name, in      string
		want, forbids []string
	}{
		{"heading and list", "# Plan\n\n- walk\n- *breathe*\n\n**well done**", []string{"<h1>Plan</h1>", "<li>walk</li>", "<em>breathe</em>", "<strong>well done</strong>"}, nil},
		{"safe link", "[guide](https://example.org/guide)", []string{`href="https://example.org/guide"`, `rel="nofollow noopener"`, `target="_blank"`}, nil},
		{"script tag", "<script>alert(1)</script>\n\nhello", []string{"hello"}, []string{"<script", "alert(1)</script>"}},
		{"javascript link", "[click](javascript:alert(1))", nil, []string{"javascript:", "href"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:", "href"}},
		{"image", "![pic](https://example.org/a.png)", nil, []string{"<img"}},
		{"raw img with handler", `<img src=x onerror="alert(1)">`, nil, []string{"<img", "onerror"}},
		{"raw link with handler", `<a href="https://example.org" onclick="steal()">x</a>`, nil, []string{"onclick", "steal"}},
		{"inline html in text", "a <b onmouseover=alert(1)>b</b>", nil, []string{"onmouseover", "<b "}},
		{"iframe", "<iframe src=https://evil.example></iframe>", nil, []string{"<iframe"}},
		{"autolink scheme", "<javascript:alert(1)>", nil, []string{`href="javascript`}},
	}
	for _, tt := range tests {
		got := string(s.Render(tt.in))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, f := range tt.forbids {
			if strings.Contains(got, f) {
				t.Errorf("%s: %q contains %q", tt.name, got, f)
			}
		}
	}
}

type world struct {
	h                                  *apptest.Harness
	owner, clin, sup, colleague, admin model.Staff
	bil                                model.Staff
	chart                              model.Client
	accessID                           string // the client's portal access, with shared notes
	limitedID                          string // a contact's, without
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	h := apptest.New(t, d)
	pr, owner := h.Setup()
	w := world{h: h, owner: owner}
	w.clin = h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	w.sup = h.AddStaff(owner, "Sam Supervisor", "sam@example.org", model.RoleSupervisor)
	w.colleague = h.AddStaff(owner, "Cole League", "cole@example.org", model.RoleClinician)
	w.admin = h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
	w.bil = h.AddStaff(owner, "Bill Billing", "bill@example.org", model.RoleBilling)
	if _, err := h.App.Accounts.UpdateStaff(ctx, apptest.As(owner), w.clin.ID, model.StaffChange{SupervisorID: &w.sup.ID}); err != nil {
		t.Fatal(err)
	}
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: strp("Jo"), LastName: strp("Client"), AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	w.accessID = portalUser(t, h, pr, c, c.PersonID, "jo@example.net", model.AccessSelf, model.DefaultFeatures())
	ct, err := h.App.Clients.AddContact(ctx, apptest.As(owner), c.ID, model.ContactInput{Relationship: model.RelSpousePartner,
		New: model.NewPerson{FirstName: "Pat", LastName: "Partner"}})
	if err != nil {
		t.Fatal(err)
	}
	w.limitedID = portalUser(t, h, pr, c, ct.Person.ID, "pat@example.net", model.AccessContact, model.Features{model.FeatureDocuments})
	return w
}

func portalUser(t *testing.T, h *apptest.Harness, pr model.Practice, c model.Client, personID, email string, role model.AccessRole, perms model.Features) string {
	t.Helper()
	ctx := context.Background()
	hash, err := password.Hash(newPassword)
	if err != nil {
		t.Fatal(err)
	}
	now := h.Clock.Now()
	acct := model.PortalAccount{ID: id.New(), Email: email, Name: email, CreatedAt: now}
	a := model.PortalAccess{ID: id.New(), PracticeID: pr.ID, ChartID: c.ID, PersonID: personID, Role: role, Permissions: perms,
		Email: email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now}
	err = h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
			return err
		}
		return store.InsertPortalAccess(ctx, q, a)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// Issue 14, items 5 and 6: who writes, reads and shares reflections.
func TestReflectionRoles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		svc := w.h.App.Reflections
		in := model.ReflectionChange{Title: strp("After today"), Body: strp("Keep a *mood* diary.")}
		tests := []struct {
			who              model.Staff
			create, get      error // nil: allowed
			canChangeWhenSee bool
		}{
			{w.clin, nil, nil, true},
			{w.owner, nil, nil, true},
			{w.sup, model.ErrForbidden, nil, false}, // reads a supervisee's, writes none
			{w.colleague, model.ErrNotFound, model.ErrNotFound, false},
			{w.admin, model.ErrNotFound, model.ErrNotFound, false},
			{w.bil, model.ErrNotFound, model.ErrNotFound, false},
		}
		v, err := svc.Create(ctx, apptest.As(w.clin), w.chart.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			p := apptest.As(tt.who)
			_, err := svc.Create(ctx, p, w.chart.ID, in)
			if (tt.create == nil) != (err == nil) || (tt.create != nil && !errors.Is(err, tt.create)) {
				t.Errorf("%s creates: got %v, want %v", tt.who.Name, err, tt.create)
			}
			_, _, canChange, err := svc.Get(ctx, p, w.chart.ID, v.ID)
			if (tt.get == nil) != (err == nil) || (tt.get != nil && !errors.Is(err, tt.get)) {
				t.Errorf("%s reads: got %v, want %v", tt.who.Name, err, tt.get)
			}
			if err == nil && canChange != tt.canChangeWhenSee {
				t.Errorf("%s may change: got %t, want %t", tt.who.Name, canChange, tt.canChangeWhenSee)
			}
			if _, err := svc.Share(ctx, p, w.chart.ID, v.ID, false); (err == nil) != tt.canChangeWhenSee {
				t.Errorf("%s shares: %v", tt.who.Name, err)
			}
			if _, err := svc.Unshare(ctx, p, w.chart.ID, v.ID); (err == nil) != tt.canChangeWhenSee {
				t.Errorf("%s unshares: %v", tt.who.Name, err)
			}
		}
		for _, bad := range []model.ReflectionChange{{Title: strp(""), Body: strp("x")}, {Title: strp("t"), Body: strp(" ")},
			{Title: strp("t"), Body: strp(strings.Repeat("b", model.MaxPrivateNoteBody+1))}, {Title: strp(strings.Repeat("t", 201)), Body: strp("x")}} {
			var ve *model.ValidationError
			if _, err := svc.Create(ctx, apptest.As(w.clin), w.chart.ID, bad); !errors.As(err, &ve) {
				t.Errorf("bad input %+v: %v", bad, err)
			}
		}
	})
}

// Issue 14, item 5 (PT-6, PT-7, PT-10): a shared reflection shows in the portal, with when it was shared,
// to portal users with the shared-notes permission only; an edit shows at once; unsharing removes it at
// the next request; the optional email says nothing of its content.
func TestSharedReflectionsInThePortal(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		staff := w.h.Client()
		staff.Login(w.clin.Email, apptest.StrongPassword)
		staff.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {newPassword}, "confirm_password": {newPassword}})
		// The web form keeps what was typed and shows the problem by the field.
		r := staff.Post("/clients/"+w.chart.ID+"/reflections", url.Values{"title": {""}, "body": {"Typed **text**"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Typed **text**") || !strings.Contains(string(r.Body), `id="f-title-error"`) {
			t.Fatalf("refused form: %d", r.StatusCode)
		}
		r = staff.Post("/clients/"+w.chart.ID+"/reflections", url.Values{"title": {"Homework"}, "body": {"Walk *daily*. <script>alert(1)</script>"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		refURL := r.Header.Get("Location")
		refID := refURL[strings.LastIndex(refURL, "/")+1:]
		if page := staff.Get(refURL); strings.Contains(string(page.Body), "<script>alert") || !strings.Contains(string(page.Body), "<em>daily</em>") {
			t.Errorf("staff preview is not the sanitized Markdown")
		}
		client := w.h.Client()
		if r := client.API("POST", "/api/v1/portal/login", map[string]string{"email": "jo@example.net", "password": newPassword}); r.StatusCode != http.StatusOK {
			t.Fatalf("portal login: %d", r.StatusCode)
		}
		list := "/portal/c/" + w.accessID + "/reflections"
		one := list + "/" + refID
		if r := client.Get(one); r.StatusCode != http.StatusNotFound {
			t.Errorf("unshared reflection in the portal: %d, want 404", r.StatusCode)
		}
		if r := staff.Post(refURL+"/share", url.Values{"notify": {"on"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("share: %d", r.StatusCode)
		}
		chart := client.Get("/portal/c/" + w.accessID)
		if !strings.Contains(string(chart.Body), `href="`+list+`"`) {
			t.Errorf("the portal chart does not link its shared notes")
		}
		r = client.Get(list)
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "Homework") || !strings.Contains(string(r.Body), "shared ") {
			t.Errorf("portal list: %d", r.StatusCode)
		}
		r = client.Get(one)
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "<em>daily</em>") || strings.Contains(string(r.Body), "<script>alert") ||
			!strings.Contains(string(r.Body), "Shared by") {
			t.Errorf("portal page: %d", r.StatusCode)
		}
		var api struct {
			Items []struct {
				ID, Title, HTML string
				SharedAt        string `json:"shared_at"`
			}
		}
		client.Get("/api/v1/portal/charts/"+w.accessID+"/reflections").JSON(t, &api)
		if len(api.Items) != 1 || api.Items[0].SharedAt == "" {
			t.Errorf("portal API: %+v", api.Items)
		}
		// An edit of a shared reflection shows at once, with its time.
		w.h.Clock.Advance(time.Minute)
		if r := staff.Post(refURL, url.Values{"title": {"Homework"}, "body": {"Walk twice a day."}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
		if r := client.Get(one); !strings.Contains(string(r.Body), "twice a day") || !strings.Contains(string(r.Body), "updated") {
			t.Errorf("the edit does not show in the portal")
		}
		// A portal user without the shared-notes permission reaches none of it.
		other := w.h.Client()
		other.API("POST", "/api/v1/portal/login", map[string]string{"email": "pat@example.net", "password": newPassword})
		for _, p := range []string{"/portal/c/" + w.limitedID + "/reflections", "/portal/c/" + w.limitedID + "/reflections/" + refID,
			"/api/v1/portal/charts/" + w.limitedID + "/reflections", one} {
			if r := other.Get(p); r.StatusCode != http.StatusNotFound {
				t.Errorf("without the permission %s: %d, want 404", p, r.StatusCode)
			}
		}
		// Unsharing takes it away at the next request.
		if r := staff.Post(refURL+"/unshare", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("unshare: %d", r.StatusCode)
		}
		if r := client.Get(one); r.StatusCode != http.StatusNotFound {
			t.Errorf("after unsharing: %d, want 404", r.StatusCode)
		}
		if r := client.Get(list); strings.Contains(string(r.Body), "Homework") {
			t.Errorf("after unsharing the list still shows it")
		}
		if r := client.Get("/api/v1/portal/charts/" + w.accessID + "/reflections/" + refID); r.StatusCode != http.StatusNotFound {
			t.Errorf("after unsharing, the portal API: %d", r.StatusCode)
		}
		// The notice went to the permitted portal user only, and holds no title, text or clinician name.
		rows, err := d.R.QueryContext(ctx, `SELECT to_address, subject, text_body, html_body FROM mail_messages WHERE subject LIKE '%something new%'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var to, subject, text, html string
			if err := rows.Scan(&to, &subject, &text, &html); err != nil {
				t.Fatal(err)
			}
			n++
			all := subject + text + html
			if to != "jo@example.net" || strings.Contains(all, "Homework") || strings.Contains(all, "Walk") || strings.Contains(all, w.clin.Name) {
				t.Errorf("notice to %s says too much: %q", to, all)
			}
		}
		if n != 1 {
			t.Errorf("notices: %d, want 1", n)
		}
		// Portal views are audited in the chart's practice.
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var views int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action IN ('portal.reflection.view', 'portal.reflections.view') AND chart_id = $1`,
			w.chart.ID).Scan(&views); err != nil {
			t.Fatal(err)
		}
		if views < 3 {
			t.Errorf("audited portal views: %d", views)
		}
	})
}
