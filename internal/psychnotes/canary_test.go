package psychnotes_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
	"tend/internal/testdb"
)

// lockedBuffer collects the app's log lines from every goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

const newPassword = "another correct horse battery staple"

var pathParam = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// Issue 14, item 4 (NT-1, PT-10; 45 CFR 164.501): a unique string written into a psychotherapy note
// appears nowhere but in that note for its author. The test walks the route tables, so a page or an API
// answer added later is covered without changing it: every GET page and API answer of the chart for
// every staff role (the author skips only their own psychotherapy-note pages), the chart's tabs as the
// page links them, the client list and its search, the portal pages and portal API as the client, the
// mail folder and outbox, the log output, the audit table, and every other table of the database.
func TestPsychotherapyNoteCanary(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		logs := &lockedBuffer{}
		dataDir := t.TempDir()
		h := apptest.NewLogged(t, d, logs, func(c *config.Config) { c.DataDir = dataDir })
		pr, owner := h.Setup()
		staff := map[string]model.Staff{"owner": owner}
		for _, r := range []struct {
			key  string
			role model.Role
		}{{"author", model.RoleClinician}, {"colleague", model.RoleClinician}, {"supervisor", model.RoleSupervisor},
			{"admin", model.RoleAdmin}, {"billing", model.RoleBilling}} {
			st := h.AddStaff(owner, "Staff "+r.key, r.key+"@example.org", r.role)
			if err := h.App.Accounts.ChangePassword(ctx, apptest.As(st), apptest.StrongPassword, newPassword, false); err != nil {
				t.Fatal(err)
			}
			staff[r.key] = st
		}
		sup := staff["supervisor"].ID
		if _, err := h.App.Accounts.UpdateStaff(ctx, apptest.As(owner), staff["author"].ID, model.StaffChange{SupervisorID: &sup}); err != nil {
			t.Fatal(err)
		}
		seeAll := true // the colleague reaches the chart too: the note must still stay hidden from them
		if _, err := h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(owner), model.PracticeSettingsChange{CliniciansSeeAll: &seeAll}); err != nil {
			t.Fatal(err)
		}
		author := staff["author"]
		c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: strp("Rowan"), LastName: strp("Finch"),
			Email: strp("rowan@example.net"), AssignedClinicianID: &author.ID})
		if err != nil {
			t.Fatal(err)
		}
		accessID := portalClient(t, h, pr, c)

		clients := map[string]*apptest.Client{}
		for k, st := range staff {
			clients[k] = h.Client()
			pw := newPassword
			if k == "owner" {
				pw = apptest.StrongPassword
			}
			clients[k].Login(st.Email, pw)
		}
		canary := "CANARY" + strings.ReplaceAll(id.New(), "-", "")
		// Written through the page, then changed through the API, so both front doors carry it.
		r := clients["author"].Post("/clients/"+c.ID+"/psychotherapy-notes", url.Values{"date": {"2026-03-01"}, "body": {"First thoughts " + canary}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("writing the note: %d %s", r.StatusCode, r.Body)
		}
		noteID := r.Header.Get("Location")[strings.LastIndex(r.Header.Get("Location"), "/")+1:]
		r = clients["author"].API("PATCH", "/api/v1/clients/"+c.ID+"/psychotherapy-notes/"+noteID, map[string]string{"body": "Process: " + canary + " and more"})
		if r.StatusCode != http.StatusOK || !bytes.Contains(r.Body, []byte(canary)) {
			t.Fatalf("changing the note: %d %s", r.StatusCode, r.Body)
		}
		// A shared reflection with an email notice, so the portal and the mail folder have something.
		r = clients["author"].API("POST", "/api/v1/clients/"+c.ID+"/reflections", map[string]string{"title": "Between sessions", "body": "Try the *breathing* exercise."})
		var ref struct{ ID string }
		r.JSON(t, &ref)
		if r = clients["author"].API("POST", "/api/v1/clients/"+c.ID+"/reflections/"+ref.ID+"/share?notify=true", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("sharing: %d %s", r.StatusCode, r.Body)
		}
		// The notice is written to the mail folder by a job; under a loaded machine one run may not reach it.
		for try := 0; try < 50; try++ {
			h.RunJobs()
			if es, _ := os.ReadDir(filepath.Join(dataDir, "mail")); len(es) > 0 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}

		ids := map[string]string{"id": c.ID, "pnote": noteID, "pnote_id": noteID, "ref": ref.ID, "reflection_id": ref.ID,
			"section": "account", "step": "account"}
		fill := func(pattern string, idFor string) string {
			return pathParam.ReplaceAllStringFunc(pattern, func(m string) string {
				name := pathParam.FindStringSubmatch(m)[1]
				if name == "id" && idFor != "" {
					return idFor
				}
				if v, ok := ids[name]; ok {
					return v
				}
				return id.New() // an id the chart does not have: the page must still not fail
			})
		}
		checked := 0
		check := func(who, what string, resp apptest.Response) {
			t.Helper()
			checked++
			if resp.StatusCode >= 500 {
				t.Errorf("%s: %s failed: %d", who, what, resp.StatusCode)
			}
			if bytes.Contains(resp.Body, []byte(canary)) {
				t.Errorf("%s: %s shows the psychotherapy note (%d)", who, what, resp.StatusCode)
			}
		}
		var web, api, portal []string
		for _, rt := range h.App.Routes["web"] {
			if p, ok := strings.CutPrefix(rt, "GET "); ok && strings.HasPrefix(p, "/clients/{id}") {
				web = append(web, p)
			}
		}
		for _, rt := range h.App.Routes["api"] {
			if p, ok := strings.CutPrefix(rt, "GET "); ok && (strings.HasPrefix(p, "/api/v1/clients/{id}") || strings.HasPrefix(p, "/api/v1/portal/")) {
				if strings.HasPrefix(p, "/api/v1/portal/") {
					portal = append(portal, p)
				} else {
					api = append(api, p)
				}
			}
		}
		for _, rt := range h.App.Routes["portal"] {
			if p, ok := strings.CutPrefix(rt, "GET "); ok && strings.HasPrefix(p, "/portal") && !strings.Contains(p, "{slug}") {
				portal = append(portal, strings.ReplaceAll(p, "{$}", ""))
			}
		}
		tabLink := regexp.MustCompile(`href="(/clients/` + c.ID + `\?tab=[a-z]+)"`)
		for who, cl := range clients {
			own := func(p string) bool { return who == "author" && strings.Contains(p, "psychotherapy-notes") }
			for _, p := range append(append([]string{}, web...), api...) {
				if own(p) {
					continue
				}
				check(who, p, cl.Get(fill(p, "")))
			}
			chart := cl.Get("/clients/" + c.ID)
			for _, m := range tabLink.FindAllSubmatch(chart.Body, -1) {
				check(who, string(m[1]), cl.Get(string(m[1])))
			}
			for _, p := range []string{"/", "/clients", "/api/v1/home", "/settings/audit", "/settings/audit/export", "/api/v1/audit-events",
				"/settings/mail", "/api/v1/mail"} {
				check(who, p, cl.Get(p))
			}
			// The search finds the client by name but never by the note's words (its page repeats what was
			// typed, so it is checked for the client instead).
			for _, p := range []string{"/api/v1/clients?q=", "/api/v1/people?q="} {
				var list struct{ Items []json.RawMessage }
				if r := cl.Get(p + canary); r.StatusCode == http.StatusOK {
					r.JSON(t, &list)
				}
				if len(list.Items) != 0 {
					t.Errorf("%s: %s found %d records by the note's words", who, p, len(list.Items))
				}
			}
			if r := cl.Get("/clients?q=" + canary); bytes.Contains(r.Body, []byte(`href="/clients/`+c.ID)) {
				t.Errorf("%s: the client list search found the client by the note's words", who)
			}
		}
		var found struct{ Items []json.RawMessage }
		clients["owner"].Get("/api/v1/clients?q=Finch").JSON(t, &found)
		if len(found.Items) != 1 {
			t.Errorf("the client list search by name: %d clients, want 1 (the search check proved nothing)", len(found.Items))
		}
		pc := h.Client()
		if r := pc.API("POST", "/api/v1/portal/login", map[string]string{"email": "rowan@example.net", "password": newPassword}); r.StatusCode != http.StatusOK {
			t.Fatalf("portal login: %d %s", r.StatusCode, r.Body)
		}
		for _, p := range portal {
			check("the client", p, pc.Get(fill(p, accessID)))
		}
		// The author does reach it, through their own pages only: the test would prove nothing otherwise.
		if r := clients["author"].Get("/clients/" + c.ID + "/psychotherapy-notes/" + noteID); !bytes.Contains(r.Body, []byte(canary)) {
			t.Fatalf("the author's own page does not show the note: %d", r.StatusCode)
		}
		// Mail: the outbox and the folder the messages were written to.
		files := 0
		err = filepath.WalkDir(dataDir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasSuffix(path, ".db") || strings.Contains(path, ".db-") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			if bytes.Contains(b, []byte(canary)) {
				t.Errorf("file %s holds the psychotherapy note", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if files == 0 {
			t.Errorf("no mail was written to the folder: the mail check proved nothing")
		}
		if strings.Contains(logs.String(), canary) {
			t.Errorf("the log output holds the psychotherapy note")
		}
		if !strings.Contains(logs.String(), "level=") {
			t.Errorf("the log captured nothing: the log check proved nothing")
		}
		// Every table but the note's own, the audit table and the search index included.
		for _, table := range tables(t, d) {
			if table == "psychotherapy_notes" {
				continue
			}
			if hits := rowsHolding(t, d, table, canary); hits > 0 {
				t.Errorf("table %s holds the psychotherapy note in %d rows", table, hits)
			}
		}
		if n := rowsHolding(t, d, "psychotherapy_notes", canary); n != 1 {
			t.Errorf("the note itself: %d rows, want 1", n)
		}
		t.Logf("%d answers checked", checked)
	})
}

func strp(s string) *string { return &s }

// portalClient gives the chart's client a registered portal account with the default features
// (shared notes among them) and returns the access id.
func portalClient(t *testing.T, h *apptest.Harness, pr model.Practice, c model.Client) string {
	t.Helper()
	ctx := context.Background()
	hash, err := password.Hash(newPassword)
	if err != nil {
		t.Fatal(err)
	}
	now := h.Clock.Now()
	acct := model.PortalAccount{ID: id.New(), Email: "rowan@example.net", Name: "Rowan Finch", CreatedAt: now}
	a := model.PortalAccess{ID: id.New(), PracticeID: pr.ID, ChartID: c.ID, PersonID: c.PersonID, Role: model.AccessSelf,
		Permissions: model.DefaultFeatures(), Email: acct.Email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now}
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

// tables lists the database's tables.
func tables(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if d.Dialect == db.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := d.R.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if len(out) < 10 {
		t.Fatalf("only %d tables found", len(out))
	}
	return out
}

// rowsHolding counts the rows of table with s in any column.
func rowsHolding(t *testing.T, d *db.DB, table, s string) int {
	t.Helper()
	rows, err := d.R.QueryContext(context.Background(), fmt.Sprintf(`SELECT * FROM "%s"`, table))
	if err != nil {
		t.Fatalf("reading %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("reading %s: %v", table, err)
		}
		for _, v := range vals {
			if bytes.Contains(v, []byte(s)) {
				n++
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}
