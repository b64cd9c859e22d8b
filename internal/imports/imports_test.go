package imports_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/imports"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

func strp(s string) *string { return &s }

type world struct {
	h     *apptest.Harness
	owner model.Staff
	clin  model.Staff
	p     model.Principal
	svc   *imports.Service
}

func newWorld(t testing.TB, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	clin := h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	return world{h: h, owner: owner, clin: clin, p: apptest.As(owner), svc: h.App.Imports}
}

func count(t testing.TB, w world, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.svc.Store.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// upload, map as proposed and preview.
func prepare(t testing.TB, w world, csv string) imports.Preview {
	t.Helper()
	ctx := context.Background()
	ci, err := w.svc.Upload(ctx, w.p, "clients.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if _, err := w.svc.SaveMapping(ctx, w.p, ci.ID, imports.MappingInput{Fields: ci.Mapping}); err != nil {
		t.Fatalf("mapping: %v", err)
	}
	pv, err := w.svc.Preview(ctx, w.p, ci.ID)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	return pv
}

// Proves IM-1, PT-2 and LS-2 after an import: the wizard's whole path on both engines. The preview
// shows problems by row and column, duplicates within the file and against the practice; the import
// creates the good rows in one job (a minor with their guardian as contact, tags, a clinician by
// email), which the client search finds at once, updates the chosen duplicate, invites nobody and
// audits one event with counts; undo takes it all back.
func TestWizard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		old, err := w.h.App.Clients.Create(ctx, w.p, model.ClientChange{FirstName: strp("Old"), LastName: strp("Timer"), Email: strp("old@example.org")})
		if err != nil {
			t.Fatal(err)
		}
		csv := "First Name,Last Name,Email,DOB,Mobile,Clinician,Tags,Guardian Name,Guardian Email\r\n" +
			"Ada,Lovelace,ada@example.org,12/10/1985,555 010 0199,casey@example.org,VIP;Waitlist,,\r\n" +
			"Kid,Byron,,05/06/2016,,,,Anne Byron,anne@example.org\r\n" +
			"Sib,Byron,,05/06/2018,,,,Anne Byron,anne@example.org\r\n" +
			"Bad,Date,bad@example.org,31/31/1990,,,,,\r\n" +
			"Bad,Mail,not-an-email,,,,,,\r\n" +
			"Again,Ada,ADA@example.org,,,,,,\r\n" +
			"Old,Timer,old@example.org,,555 010 0100,Casey Clinician,,,\r\n"
		pv := prepare(t, w, csv)
		if pv.Creates != 3 || pv.ProblemRows != 2 || len(pv.Duplicates) != 2 || pv.Minors != 2 {
			t.Fatalf("preview counts: creates %d problems %d duplicates %d minors %d", pv.Creates, pv.ProblemRows, len(pv.Duplicates), pv.Minors)
		}
		if p := pv.Problems; len(p) != 2 || p[0].Row != 4 || p[0].Column != "DOB" || p[1].Row != 5 || p[1].Column != "Email" {
			t.Errorf("problems: %+v", p)
		}
		if d := pv.Duplicates; d[0].Row != 6 || d[0].OfRow != 1 || d[1].Row != 7 || d[1].ChartID != old.ID || !d[1].CanUpdate {
			t.Errorf("duplicates: %+v", d)
		}
		if pv.First[0].Values[3] != "1985-12-10" {
			t.Errorf("first row as stored: %q", pv.First[0].Values)
		}
		persons := count(t, w, `SELECT COUNT(*) FROM persons`)
		if _, err := w.svc.Commit(ctx, w.p, pv.ID, []int{6}); err == nil {
			t.Error("a row duplicated within the file was accepted for update")
		}
		v, err := w.svc.Commit(ctx, w.p, pv.ID, []int{7})
		if err != nil {
			t.Fatal(err)
		}
		if v.State != model.ImportQueued || count(t, w, `SELECT COUNT(*) FROM persons`) != persons {
			t.Fatalf("before the job ran: %s, %d persons", v.State, count(t, w, `SELECT COUNT(*) FROM persons`))
		}
		w.h.RunJobs()
		v, err = w.svc.Get(ctx, w.p, pv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.State != model.ImportDone || v.ClientImport.Created != 3 || v.ClientImport.Updated != 1 || v.Skipped != 3 || !v.CanUndo {
			t.Fatalf("summary: %+v", v.ClientImport)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM persons`) - persons; n != 4 { // 3 clients and one guardian for both siblings
			t.Errorf("%d persons added, want 4", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM charts WHERE kind = 'minor'`); n != 2 {
			t.Errorf("%d minors, want 2", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM chart_contacts cc JOIN persons p ON p.id = cc.person_id WHERE p.email = 'anne@example.org'`); n != 2 {
			t.Errorf("the guardian is a contact on %d charts, want 2", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM charts c JOIN persons p ON p.id = c.person_id WHERE p.email = 'ada@example.org' AND c.assigned_clinician_id = $1`, w.clin.ID); n != 1 {
			t.Errorf("clinician by email: %d", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM chart_tags`); n != 2 {
			t.Errorf("%d chart tags, want 2", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM portal_access`) + count(t, w, `SELECT COUNT(*) FROM invitations`); n != 0 {
			t.Errorf("PT-2: %d invitations or accesses", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM audit_events WHERE action = 'clients.import' AND record_id = $1 AND detail = 'rows=7 created=3 updated=1 skipped=3'`, pv.ID); n != 1 {
			t.Errorf("%d import audit events with counts, want 1", n)
		}
		// The client search finds the imported clients at once, by a part of a name or an email, and the
		// search index still matches the charts.
		for _, q := range []string{"lovel", "ada@example", "byron"} {
			page, err := w.h.App.Clients.List(ctx, w.p, clients.ListQuery{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"lovel": 1, "ada@example": 1, "byron": 2}[q]
			if page.Total != want {
				t.Errorf("search %q found %d clients, want %d", q, page.Total, want)
			}
		}
		if err := d.CheckSearchIndex(ctx); err != nil {
			t.Errorf("after the import: %v", err)
		}
		updated, err := store.ClientByID(ctx, w.svc.Store.R(), w.owner.PracticeID, old.ID)
		if err != nil || updated.Phone != "555 010 0100" || updated.AssignedClinicianID != w.clin.ID {
			t.Errorf("updated duplicate: %+v, %v", updated, err)
		}
		// Undo within the day, nothing changed: everything goes back.
		w.h.Clock.Advance(3600e9)
		v, err = w.svc.Undo(ctx, w.p, pv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.State != model.ImportUndone || count(t, w, `SELECT COUNT(*) FROM persons`) != persons || count(t, w, `SELECT COUNT(*) FROM chart_tags`) != 0 {
			t.Errorf("after undo: %s, %d persons (want %d)", v.State, count(t, w, `SELECT COUNT(*) FROM persons`), persons)
		}
		if page, err := w.h.App.Clients.List(ctx, w.p, clients.ListQuery{Q: "lovel"}); err != nil || page.Total != 0 {
			t.Errorf("search after undo: %+v, %v", page.Total, err)
		}
		if err := d.CheckSearchIndex(ctx); err != nil {
			t.Errorf("after the undo: %v", err)
		}
		restored, err := store.ClientByID(ctx, w.svc.Store.R(), w.owner.PracticeID, old.ID)
		if err != nil || restored.Phone != "" || restored.AssignedClinicianID != old.AssignedClinicianID {
			t.Errorf("restored: %+v, %v", restored, err)
		}
		if _, err := w.svc.Undo(ctx, w.p, pv.ID); err == nil {
			t.Error("undone twice")
		}
	})
}

// Proves IM-1: undo is refused once a record the import created has changed, and after 24 hours.
func TestUndoRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		run := func() imports.View {
			pv := prepare(t, w, "First,Last\nAda,One\nBea,Two\n")
			if _, err := w.svc.Commit(ctx, w.p, pv.ID, nil); err != nil {
				t.Fatal(err)
			}
			w.h.RunJobs()
			return pv.View
		}
		first := run()
		var chartID string
		if err := w.svc.Store.R().QueryRowContext(ctx, `SELECT c.id FROM charts c JOIN persons p ON p.id = c.person_id WHERE p.first_name = 'Ada'`).Scan(&chartID); err != nil {
			t.Fatal(err)
		}
		w.h.Clock.Advance(1e9)
		if _, err := w.h.App.Clients.Update(ctx, w.p, chartID, model.ClientChange{Pronouns: strp("she/her")}, nil); err != nil {
			t.Fatal(err)
		}
		var ve *model.ValidationError
		if _, err := w.svc.Undo(ctx, w.p, first.ID); !errors.As(err, &ve) || !strings.Contains(ve.Message, "changed since") {
			t.Errorf("undo after a change: %v", err)
		}
		second := run()
		w.h.Clock.Advance(imports.UndoWindow + 1e9)
		if _, err := w.svc.Undo(ctx, w.p, second.ID); !errors.As(err, &ve) || !strings.Contains(ve.Message, "24 hours") {
			t.Errorf("undo after a day: %v", err)
		}
	})
}

// bigFile is n rows of which every 20th has a bad email or date of birth (5 %).
func bigFile(n int) (string, []int) {
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email,Date of Birth,Phone\n")
	var bad []int
	for i := 1; i <= n; i++ {
		email, dob := fmt.Sprintf("c%d@example.org", i), "1980-01-02"
		if i%20 == 0 {
			bad = append(bad, i)
			if i%40 == 0 {
				email = fmt.Sprintf("c%d-at-example.org", i)
			} else {
				dob = "1980-13-45"
			}
		}
		fmt.Fprintf(&b, "First%d,Last%d,%s,%s,555 010 %04d\n", i, i, email, dob, i%10000)
	}
	return b.String(), bad
}

// Proves IM-1: a 10,000-row file with 5 % bad rows; the preview reports exactly those, and the import
// creates the rest.
func TestTenThousandRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		csv, bad := bigFile(10_000)
		pv := prepare(t, w, csv)
		var got []int
		for _, p := range pv.Problems {
			got = append(got, p.Row)
		}
		if fmt.Sprint(got) != fmt.Sprint(bad) || pv.ProblemRows != 500 || pv.Creates != 9500 {
			t.Fatalf("problem rows %d (creates %d); first reported %v", pv.ProblemRows, pv.Creates, got[:min(5, len(got))])
		}
		v, err := w.svc.Commit(context.Background(), w.p, pv.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.h.RunJobs()
		if v, err = w.svc.Get(context.Background(), w.p, v.ID); err != nil || v.ClientImport.Created != 9500 || v.Skipped != 500 {
			t.Fatalf("summary %+v, %v", v.ClientImport, err)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM charts WHERE practice_id = $1`, w.owner.PracticeID); n != 9500 {
			t.Errorf("%d charts, want 9500", n)
		}
	})
}

// Proves IM-1: an import stopped mid-way (a failure after the first batch, or the process stopping)
// leaves nothing written; the job's retry then imports it whole.
func TestKilledMidway(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		csv, _ := bigFile(5000)
		persons := count(t, w, `SELECT COUNT(*) FROM persons`)
		// A failure inside the transaction.
		pv := prepare(t, w, csv)
		w.svc.OnBatch = func(_ context.Context, _ string, written int) error {
			return errors.New("disk full")
		}
		if _, err := w.svc.Commit(ctx, w.p, pv.ID, nil); err != nil {
			t.Fatal(err)
		}
		w.h.RunJobs()
		v, err := w.svc.Get(ctx, w.p, pv.ID)
		if err != nil || v.State != model.ImportFailed || v.Error == "" {
			t.Fatalf("after a failure: %+v, %v", v.ClientImport, err)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM persons`); n != persons {
			t.Fatalf("%d persons after a failed import, want %d", n, persons)
		}
		// The process stops (its context is cancelled) after the first batch: nothing is written, the
		// import stays running, and the next run imports it whole.
		stop, cancel := context.WithCancel(ctx)
		w.svc.OnBatch = func(_ context.Context, _ string, written int) error {
			cancel()
			return stop.Err()
		}
		queue := w.svc.Queue
		w.svc.Queue = func(context.Context, store.Q, string) error { return nil } // this test runs it
		if _, err := w.svc.Commit(ctx, w.p, pv.ID, nil); err != nil {
			t.Fatal(err)
		}
		w.svc.Queue = queue
		if err := w.svc.Run(stop, pv.ID); err == nil {
			t.Fatal("a stopped run reported success")
		}
		v, _ = w.svc.Get(ctx, w.p, pv.ID)
		if v.State != model.ImportRunning || count(t, w, `SELECT COUNT(*) FROM persons`) != persons {
			t.Fatalf("after a stop: %s, %d persons", v.State, count(t, w, `SELECT COUNT(*) FROM persons`))
		}
		w.svc.OnBatch = nil
		if err := w.svc.Run(ctx, pv.ID); err != nil {
			t.Fatal(err)
		}
		v, _ = w.svc.Get(ctx, w.p, pv.ID)
		if v.State != model.ImportDone || count(t, w, `SELECT COUNT(*) FROM persons`) != persons+4750 {
			t.Errorf("after the retry: %s, %d persons", v.State, count(t, w, `SELECT COUNT(*) FROM persons`)-persons)
		}
	})
}

// Proves IM-1 (bad input) through the API: each file is refused with a clear message under
// error.fields.file and nothing is written; a file over the limit is refused while it streams; staff
// other than owners and admins may not import.
func TestBadInputAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.svc.MaxBytes = 1 << 20
		c := w.h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		for name, tc := range map[string]struct {
			body string
			want string
		}{
			"empty":          {"", "empty"},
			"header only":    {"First,Last\n", "no clients"},
			"binary":         {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"},
			"500 columns":    {strings.Repeat("c,", 499) + "c\nv\n", "500 columns"},
			"dup header":     {"Email,First,Last,EMAIL\na,b,c,d\n", "both named"},
			"over the limit": {"First,Last\n" + strings.Repeat("Ada,Lovelace\n", 100_000), "TEND_MAX_IMPORT_MB"},
		} {
			r := c.Do("POST", "/api/v1/client-imports?name=x.csv", "text/csv", strings.NewReader(tc.body))
			var e apptest.ErrorBody
			_ = json.Unmarshal(r.Body, &e)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(e.Error.Fields["file"], tc.want) {
				t.Errorf("%s: %d %s", name, r.StatusCode, r.Body)
			}
		}
		if n := count(t, w, `SELECT COUNT(*) FROM client_imports`); n != 0 {
			t.Errorf("%d imports kept from bad files", n)
		}
		clin := w.h.Client()
		clin.Login("casey@example.org", apptest.StrongPassword)
		if r := clin.Do("POST", "/api/v1/client-imports", "text/csv", strings.NewReader("First,Last\nA,B\n")); r.StatusCode != http.StatusForbidden {
			t.Errorf("clinician upload: %d", r.StatusCode)
		}
	})
}

// Proves IM-1: the API's steps: upload, mapping, preview, commit, status, undo.
func TestAPISteps(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		r := c.Do("POST", "/api/v1/client-imports?name=list.csv", "text/csv", strings.NewReader("Vorname;Nachname;Geburtsdatum\nJörg;Müller;24.12.1970\n"))
		var ci struct {
			ID, State, Delimiter string
			Mapping              []string
		}
		if err := json.Unmarshal(r.Body, &ci); err != nil || r.StatusCode != http.StatusCreated || ci.Delimiter != "semicolon" {
			t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
		}
		base := "/api/v1/client-imports/" + ci.ID
		if r := c.API("PUT", base+"/mapping", map[string]any{"mapping": []string{"first_name", "first_name", ""}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a field twice: %d", r.StatusCode)
		}
		if r := c.API("PUT", base+"/mapping", map[string]any{"mapping": []string{"first_name", "last_name", "date_of_birth"}}); r.StatusCode != http.StatusOK {
			t.Fatalf("mapping: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("GET", base+"/preview", nil)
		var pv struct {
			Creates int `json:"creates"`
			First   []struct {
				Values []string `json:"values"`
			} `json:"first"`
		}
		if err := json.Unmarshal(r.Body, &pv); err != nil || pv.Creates != 1 || pv.First[0].Values[2] != "1970-12-24" {
			t.Fatalf("preview: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", base+"/commit", map[string]any{}); r.StatusCode != http.StatusAccepted {
			t.Fatalf("commit: %d %s", r.StatusCode, r.Body)
		}
		w.h.RunJobs()
		r = c.API("GET", base, nil)
		if !strings.Contains(string(r.Body), `"state":"done"`) || !strings.Contains(string(r.Body), `"created":1`) {
			t.Fatalf("status: %s", r.Body)
		}
		if r := c.API("POST", base+"/undo", map[string]any{}); r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), `"state":"undone"`) {
			t.Errorf("undo: %d %s", r.StatusCode, r.Body)
		}
	})
}
