package psychnotes_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/psychnotes"
	"tend/internal/testdb"
)

// world is a practice with a clinician (supervised), their supervisor, a colleague and the clinician's client.
type world struct {
	h                                       *apptest.Harness
	owner, clin, sup, colleague, admin, bil model.Staff
	chart                                   model.Client
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	h := apptest.New(t, d)
	_, owner := h.Setup()
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
	return w
}

// Issue 14, item 4 (NT-1): only the author reads, changes or deletes a psychotherapy note; to everyone
// else it answers exactly like a missing one, and a supervisor writes none on a supervisee's chart.
func TestPsychotherapyNotesAreTheAuthorsAlone(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		svc := w.h.App.PsychNotes
		body := "Transference noticed."
		n, err := svc.Create(ctx, apptest.As(w.clin), w.chart.ID, model.PsychotherapyNoteChange{Date: strp("2026-03-01"), Body: &body})
		if err != nil {
			t.Fatal(err)
		}
		if n.CreatedAt.IsZero() || !n.UpdatedAt.Equal(n.CreatedAt) {
			t.Errorf("times: created %v updated %v", n.CreatedAt, n.UpdatedAt)
		}
		got, _, canWrite, err := svc.Get(ctx, apptest.As(w.clin), w.chart.ID, n.ID)
		if err != nil || got.Body != body || !canWrite {
			t.Fatalf("author reads: %v %q %t", err, got.Body, canWrite)
		}
		for _, st := range []model.Staff{w.owner, w.sup, w.colleague, w.admin, w.bil} {
			p := apptest.As(st)
			if _, _, _, err := svc.Get(ctx, p, w.chart.ID, n.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s reads the note: %v, want not found", st.Role, err)
			}
			if _, err := svc.Update(ctx, p, w.chart.ID, n.ID, model.PsychotherapyNoteChange{Body: strp("x")}); err == nil {
				t.Errorf("%s changed the note", st.Role)
			}
			if err := svc.Delete(ctx, p, w.chart.ID, n.ID); err == nil {
				t.Errorf("%s deleted the note", st.Role)
			}
			l, err := svc.List(ctx, p, w.chart.ID, "")
			if err == nil && len(l.Notes) != 0 {
				t.Errorf("%s lists %d notes of the author", st.Role, len(l.Notes))
			}
		}
		// A supervisor keeps no psychotherapy notes on a supervisee's chart (it is read only to them).
		if _, err := svc.Create(ctx, apptest.As(w.sup), w.chart.ID, model.PsychotherapyNoteChange{Date: strp("2026-03-01"), Body: &body}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("supervisor writes on a supervisee's chart: %v, want forbidden", err)
		}
		// The owner keeps their own, which the clinician of the chart does not see either.
		on, err := svc.Create(ctx, apptest.As(w.owner), w.chart.ID, model.PsychotherapyNoteChange{Date: strp("2026-03-02"), Body: &body})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := svc.Get(ctx, apptest.As(w.clin), w.chart.ID, on.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the chart's clinician reads the owner's note: %v", err)
		}
		w.h.Clock.Advance(time.Minute)
		up, err := svc.Update(ctx, apptest.As(w.clin), w.chart.ID, n.ID, model.PsychotherapyNoteChange{Body: strp("Later thoughts.")})
		if err != nil || !up.UpdatedAt.After(up.CreatedAt) || up.Body != "Later thoughts." {
			t.Errorf("edit: %v, created %v updated %v", err, up.CreatedAt, up.UpdatedAt)
		}
		if err := svc.Delete(ctx, apptest.As(w.clin), w.chart.ID, n.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := svc.Get(ctx, apptest.As(w.clin), w.chart.ID, n.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("deleted note: %v", err)
		}
	})
}

// Issue 14, bad input: a clear message next to the field, nothing saved.
func TestPsychotherapyNoteValidation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		big := strings.Repeat("a", model.MaxPrivateNoteBody+1)
		tests := []struct {
			name, date, body, field string
		}{
			{"empty body", "2026-03-01", "  ", "body"},
			{"over 100 KB", "2026-03-01", big, "body"},
			{"no date", "", "text", "date"},
			{"not a date", "03/01/2026", "text", "date"},
			{"far future", "2026-03-20", "text", "date"},
		}
		for _, tt := range tests {
			_, err := w.h.App.PsychNotes.Create(ctx, apptest.As(w.clin), w.chart.ID, model.PsychotherapyNoteChange{Date: &tt.date, Body: &tt.body})
			var ve *model.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Errorf("%s: got %v, want a problem with %s", tt.name, err, tt.field)
			}
		}
		l, err := w.h.App.PsychNotes.List(ctx, apptest.As(w.clin), w.chart.ID, "")
		if err != nil || len(l.Notes) != 0 {
			t.Errorf("after refusals: %v, %d notes saved", err, len(l.Notes))
		}
	})
}

// Issue 14, item 4: the web form keeps what was typed and shows the message next to the field; the tab
// is not listed for admins and billing, and answers like a missing one when asked for.
func TestPsychotherapyNotePages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		signIn := func(st model.Staff) *apptest.Client {
			c := w.h.Client()
			c.Login(st.Email, apptest.StrongPassword)
			if r := c.Post("/settings/password", url.Values{"current_password": {apptest.StrongPassword}, "new_password": {newPassword}, "confirm_password": {newPassword}}); r.StatusCode >= 400 {
				t.Fatalf("password: %d", r.StatusCode)
			}
			return c
		}
		clin := signIn(w.clin)
		r := clin.Post("/clients/"+w.chart.ID+"/psychotherapy-notes", url.Values{"date": {"2030-01-01"}, "body": {"Kept words"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Kept words") || !strings.Contains(string(r.Body), `id="f-date-error"`) {
			t.Errorf("refused form: %d, typed text kept %t, message by the date %t", r.StatusCode, strings.Contains(string(r.Body), "Kept words"),
				strings.Contains(string(r.Body), `id="f-date-error"`))
		}
		r = clin.Get("/clients/" + w.chart.ID + "?tab=psychotherapy")
		if !strings.Contains(string(r.Body), "Your psychotherapy notes") {
			t.Errorf("the clinician's tab: %d", r.StatusCode)
		}
		for _, st := range []model.Staff{w.admin, w.bil} {
			c := signIn(st)
			r := c.Get("/clients/" + w.chart.ID)
			if strings.Contains(string(r.Body), "tab=psychotherapy") || strings.Contains(string(r.Body), "tab=reflections") {
				t.Errorf("%s sees the private tabs", st.Role)
			}
			if r := c.Get("/clients/" + w.chart.ID + "/psychotherapy-notes/new"); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s opens the new note form: %d", st.Role, r.StatusCode)
			}
		}
	})
}

// Issue 14, item 8: the API writes and pages psychotherapy notes with strict JSON and structured 422s.
func TestPsychotherapyNotesAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := w.h.Client()
		c.Login(w.owner.Email, apptest.StrongPassword)
		base := "/api/v1/clients/" + w.chart.ID + "/psychotherapy-notes"
		if r := c.API("POST", base, map[string]any{"date": "2026-03-01", "body": "x", "title": "no such field"}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown field: %d, want 400", r.StatusCode)
		}
		r := c.API("POST", base, map[string]any{"date": "2027-01-01", "body": ""})
		if e := r.Err(t); r.StatusCode != http.StatusUnprocessableEntity || e.Error.Fields["date"] == "" || e.Error.Fields["body"] == "" {
			t.Errorf("bad note: %d %s", r.StatusCode, r.Body)
		}
		for i, date := range []string{"2026-02-01", "2026-02-03", "2026-02-02"} {
			if r := c.API("POST", base, map[string]any{"date": date, "body": "note " + date}); r.StatusCode != http.StatusCreated {
				t.Fatalf("note %d: %d %s", i, r.StatusCode, r.Body)
			}
		}
		var l struct {
			Items []struct{ Date string }
		}
		c.Get(base).JSON(t, &l)
		if len(l.Items) != 3 || l.Items[0].Date != "2026-02-03" || l.Items[2].Date != "2026-02-01" {
			t.Errorf("list, newest first: %+v", l.Items)
		}
		if r := c.Get(base + "?page=garbage"); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad page key: %d", r.StatusCode)
		}
		// The chart's own payload says nothing of them.
		if r := c.Get("/api/v1/clients/" + w.chart.ID); strings.Contains(string(r.Body), "note 2026") || strings.Contains(string(r.Body), "psychotherapy") {
			t.Errorf("the chart's payload mentions psychotherapy notes: %s", r.Body)
		}
	})
}

// Lists page by key: every note once, newest first, however many share a date.
func TestPsychotherapyNotesPageByKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := apptest.As(w.clin)
		total := psychnotes.PageSize + 7
		for i := range total {
			date := fmt.Sprintf("2026-02-%02d", 1+i%20)
			if _, err := w.h.App.PsychNotes.Create(ctx, p, w.chart.ID, model.PsychotherapyNoteChange{Date: &date, Body: strp("n")}); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		page, last, pages := "", "9999-99-99", 0
		for {
			l, err := w.h.App.PsychNotes.List(ctx, p, w.chart.ID, page)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, n := range l.Notes {
				if seen[n.ID] || n.Date > last {
					t.Fatalf("note %s repeated or out of order", n.ID)
				}
				seen[n.ID], last = true, n.Date
			}
			if page = l.Next; page == "" {
				break
			}
		}
		if len(seen) != total || pages != 2 {
			t.Errorf("got %d notes in %d pages, want %d in 2", len(seen), pages, total)
		}
	})
}
