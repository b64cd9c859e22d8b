package clients_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/csvsafe"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/testdb"
)

// exportRows exports lq as p and reads the CSV back: its header and rows, after checking the BOM.
func exportRows(t *testing.T, h *apptest.Harness, p model.Principal, lq clients.ListQuery) ([]string, [][]string) {
	t.Helper()
	var b bytes.Buffer
	n, err := h.App.Clients.ExportCSV(context.Background(), p, lq, &b)
	if err != nil {
		t.Fatal(err)
	}
	return readCSV(t, b.Bytes(), n)
}

func readCSV(t *testing.T, b []byte, want int) ([]string, [][]string) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(csvsafe.BOM)) {
		t.Fatalf("no BOM: %q", b[:min(len(b), 16)])
	}
	rows, err := csv.NewReader(bytes.NewReader(b[len(csvsafe.BOM):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || len(rows)-1 != want && want >= 0 {
		t.Fatalf("%d rows, the export said %d", len(rows)-1, want)
	}
	return rows[0], rows[1:]
}

// listIDs is every id the client list shows for lq, page by page.
func listIDs(t *testing.T, h *apptest.Harness, p model.Principal, lq clients.ListQuery) []string {
	t.Helper()
	var ids []string
	lq.PerPage, lq.Refresh = clients.MaxPerPage, true
	for {
		res, err := h.App.Clients.List(context.Background(), p, lq)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Clients {
			ids = append(ids, c.ID)
		}
		if lq.Page = res.Next; lq.Page == "" {
			return ids
		}
	}
}

// Proves IM-2 (the client list as CSV, with the current filters): on both engines, over more clients
// than one page of the export, the CSV holds exactly the clients the list shows for each filter and
// search, once each, in name order; a clinician's holds only their own; another practice's clients never
// appear; cells that start like a formula are neutralised; the file has a BOM; one audit event records
// the filter and count without the search text; a bad filter is a field error before anything is written.
func TestExportCSV(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		_, other := h.AddPractice("Elsewhere", "other@example.org")
		rng := rand.New(rand.NewPCG(7, 8))
		n := 2*clients.ExportPage + 100
		if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, owner.PracticeID, []string{owner.ID, clin.ID}, n, rng, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := demo.Clients(ctx, h.App.Clients.Store, h.App.AuditLog, other.PracticeID, []string{other.ID}, 50, rng, time.Now()); err != nil {
			t.Fatal(err)
		}
		po := apptest.As(owner)
		evil, err := h.App.Clients.Create(ctx, po, model.ClientChange{FirstName: str("=HYPERLINK(\"http://x\")"), LastName: str("+Plus"),
			LegalFirstName: str("-Minus"), LegalLastName: str("@At"), Phone: str("+1 555 0100"), AssignedClinicianID: &owner.ID})
		if err != nil {
			t.Fatal(err)
		}

		for _, name := range []string{"Zeta group", "@Alpha"} {
			tg, err := h.App.Clients.CreateTag(ctx, po, name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.App.Clients.Tag(ctx, po, tg.ID, []string{evil.ID}, false); err != nil {
				t.Fatal(err)
			}
		}
		header, rows := exportRows(t, h, po, clients.ListQuery{Statuses: model.Statuses()})
		if !slices.Equal(header, clients.ExportColumns) {
			t.Fatalf("header %q", header)
		}
		col := map[string]int{}
		for i, c := range header {
			col[c] = i
		}
		var got []string
		for _, r := range rows {
			got = append(got, r[col["client_id"]])
			if r[col["client_id"]] == evil.ID {
				for name, want := range map[string]string{"first_name": "'=HYPERLINK(\"http://x\")", "last_name": "'+Plus",
					"legal_first_name": "'-Minus", "legal_last_name": "'@At", "phone": "'+1 555 0100", "clinician": owner.Name,
					"tags": "'@Alpha; Zeta group"} {
					if r[col[name]] != want {
						t.Errorf("%s = %q, want %q", name, r[col[name]], want)
					}
				}
			}
		}
		all := listIDs(t, h, po, clients.ListQuery{Statuses: model.Statuses()})
		if len(got) <= n || !sameSet(got, all) || !slices.Equal(got, all) {
			t.Fatalf("every status: %d rows, the list has %d", len(got), len(all))
		}
		if !slices.Contains(got, evil.ID) {
			t.Fatal("the formula client is missing")
		}
		tags, err := h.App.Clients.Tags(ctx, po)
		if err != nil || len(tags) == 0 {
			t.Fatalf("tags: %v", err)
		}
		for name, lq := range map[string]clients.ListQuery{
			"default statuses":  {},
			"archived":          {Statuses: []model.Status{model.StatusArchived}},
			"a tag":             {TagID: tags[0].ID, Statuses: model.Statuses()},
			"a search":          {Q: "555", Statuses: model.Statuses()},
			"a name search":     {Q: "an"},
			"a clinician":       {ClinicianID: clin.ID},
			"minors":            {Kind: model.KindMinor, Statuses: model.Statuses()},
			"sorted otherwise":  {Sort: "-joined"},
			"nobody unassigned": {ClinicianID: "none"},
		} {
			_, rows := exportRows(t, h, po, lq)
			ids := make([]string, len(rows))
			for i, r := range rows {
				ids[i] = r[0]
			}
			if want := listIDs(t, h, po, lq); !sameSet(ids, want) {
				t.Errorf("%s: %d rows, the list shows %d", name, len(ids), len(want))
			}
		}
		// A clinician's export holds only the charts they reach.
		_, rows = exportRows(t, h, apptest.As(clin), clients.ListQuery{Statuses: model.Statuses()})
		for _, r := range rows {
			if r[col["clinician"]] != clin.Name {
				t.Fatalf("a clinician's export holds %s's client", r[col["clinician"]])
			}
		}
		if want := listIDs(t, h, apptest.As(clin), clients.ListQuery{Statuses: model.Statuses()}); len(rows) != len(want) || len(rows) == 0 {
			t.Errorf("clinician: %d rows, list %d", len(rows), len(want))
		}
		// Another practice's owner gets theirs alone.
		_, rows = exportRows(t, h, apptest.As(other), clients.ListQuery{Statuses: model.Statuses()})
		for _, r := range rows {
			if slices.Contains(all, r[0]) {
				t.Fatal("another practice's export holds this practice's client")
			}
		}
		if want := listIDs(t, h, apptest.As(other), clients.ListQuery{Statuses: model.Statuses()}); len(rows) != len(want) || len(rows) < 50 {
			t.Errorf("the other practice has %d rows, want %d", len(rows), len(want))
		}
		// Bad filters are field errors, and nothing is written.
		var b bytes.Buffer
		var ve *model.ValidationError
		if _, err := h.App.Clients.ExportCSV(ctx, po, clients.ListQuery{Statuses: []model.Status{"gone"}, TagID: "nope"}, &b); !errors.As(err, &ve) ||
			ve.Fields["status"] == "" || ve.Fields["tag"] == "" || b.Len() != 0 {
			t.Fatalf("bad filters: %v, %d bytes", err, b.Len())
		}
		// One audit event per export, with the filter and count, never the search text.
		if f := h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var detail string
		if err := d.R.QueryRowContext(ctx, `SELECT detail FROM audit_events WHERE action = 'clients.export' AND detail LIKE '%search=yes%' AND detail LIKE '%status=active,pending%'`).Scan(&detail); err != nil {
			t.Fatalf("the name search export's audit: %v", err)
		}
		if strings.Contains(detail, "an ") || !strings.Contains(detail, "rows=") {
			t.Fatalf("audit detail %q", detail)
		}

		// The page's button and download, and the API's.
		web := h.Client()
		web.Login(owner.Email, apptest.StrongPassword)
		page := string(web.Get("/clients?status=archived&tag=" + tags[0].ID).Body)
		if !strings.Contains(page, `href="/clients/export.csv?status=archived&amp;tag=`+tags[0].ID+`"`) {
			t.Fatal("the client list has no Export CSV button keeping its filters")
		}
		r := web.Get("/clients/export.csv?status=archived&tag=" + tags[0].ID)
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("page download: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
		_, rows = readCSV(t, r.Body, -1)
		if want := listIDs(t, h, po, clients.ListQuery{Statuses: []model.Status{model.StatusArchived}, TagID: tags[0].ID}); len(rows) != len(want) {
			t.Errorf("page download: %d rows, want %d", len(rows), len(want))
		}
		if r := web.Get("/clients/export.csv?status=gone"); r.StatusCode != http.StatusUnprocessableEntity || bytes.HasPrefix(r.Body, []byte(csvsafe.BOM)) {
			t.Fatalf("a bad filter on the page: %d", r.StatusCode)
		}
		r = web.API("GET", "/api/v1/clients/export.csv?status=active,pending,inactive,archived", nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("api: %d", r.StatusCode)
		}
		if _, rows = readCSV(t, r.Body, -1); len(rows) != len(all) {
			t.Errorf("api: %d rows, want %d", len(rows), len(all))
		}
		r = web.API("GET", "/api/v1/clients/export.csv?status=gone", nil)
		var e struct {
			Error struct{ Fields map[string]string }
		}
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("api bad filter: %d", r.StatusCode)
		}
		r.JSON(t, &e)
		if e.Error.Fields["status"] == "" {
			t.Fatalf("api bad filter: %s", r.Body)
		}
	})
}

// sameSet reports whether a and b hold the same ids, each once.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, s := range a {
		if seen[s] {
			return false
		}
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			return false
		}
	}
	return true
}
