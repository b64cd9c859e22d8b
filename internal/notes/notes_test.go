package notes_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/pdftest"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string { return &s }

// world is a practice with one of each role, a supervisee, a client of the supervisee and one of a
// colleague, and another practice.
type world struct {
	h                                    *apptest.Harness
	owner, admin, clin, clin2, sup, bill model.Staff
	other                                model.Staff
	chart, colleagueChart                model.Client // chart is clin's, who is sup's supervisee
	svc                                  *notes.Service
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	h := apptest.New(t, d)
	_, owner := h.Setup()
	w := world{h: h, owner: owner, svc: h.App.Notes}
	w.admin = h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
	w.sup = h.AddStaff(owner, "Sue Supervisor", "sue@example.org", model.RoleSupervisor)
	w.clin = h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
	w.clin2 = h.AddStaff(owner, "Cleo Clinician", "cleo@example.org", model.RoleClinician)
	w.bill = h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
	supID := w.sup.ID
	var err error
	if w.clin, err = h.App.Accounts.UpdateStaff(ctx, apptest.As(owner), w.clin.ID, model.StaffChange{SupervisorID: &supID}); err != nil {
		t.Fatal(err)
	}
	_, w.other = h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
	mk := func(by model.Staff, first string) model.Client {
		c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str(first), LastName: str("Rivera"), AssignedClinicianID: &by.ID})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.chart, w.colleagueChart = mk(w.clin, "Robin"), mk(w.clin2, "Sam")
	return w
}

// draft starts a SOAP draft on the chart by clin with the subjective section written.
func (w world) draft(t *testing.T, text string) model.Note {
	t.Helper()
	n, err := w.svc.Create(ctx, apptest.As(w.clin), w.chart.ID, "soap", model.NoteInput{Sections: map[string]string{"subjective": text}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return n
}

func conflict(err error) bool {
	var ce *model.ConflictError
	return errors.As(err, &ce)
}

func fieldErr(err error, field string) bool {
	var ve *model.ValidationError
	return errors.As(err, &ve) && ve.Fields[field] != ""
}

func sum(s string) string { b := sha256.Sum256([]byte(s)); return hex.EncodeToString(b[:]) }

// NT-1: signing locks a note with the SHA-256 of the exact content; a signed note never changes again.
func TestSigningLocks(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		n := w.draft(t, "Slept better this week.")
		if _, err := w.svc.Update(ctx, cal, w.chart.ID, n.ID, model.NoteInput{Sections: map[string]string{"plan": "Continue weekly."}, Mood: str("6")}); err != nil {
			t.Fatalf("update draft: %v", err)
		}
		signed, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "  cal  CLINICIAN ", nil)
		if err != nil {
			t.Fatalf("sign: %v", err)
		}
		got, err := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != model.NoteSigned || got.SignedBy != w.clin.ID || got.SignedAt.IsZero() {
			t.Errorf("signed note: state %s signer %q at %v", got.State, got.SignedBy, got.SignedAt)
		}
		if got.ContentSHA256 != sum(got.SignedContent) || got.ContentSHA256 != signed.ContentSHA256 {
			t.Errorf("hash: got %s, want SHA-256 of the stored content %s", got.ContentSHA256, sum(got.SignedContent))
		}
		if got.SignedContent != notes.SignedContent(got.Note) {
			t.Errorf("signed content does not match the note as stored:\n%s\n%s", got.SignedContent, notes.SignedContent(got.Note))
		}
		for _, want := range []string{"Slept better this week.", "Continue weekly.", `"mood":6`} {
			if !strings.Contains(got.SignedContent, want) {
				t.Errorf("signed content lacks %q", want)
			}
		}
		if got.CanEdit || got.CanSign || !got.CanAddend {
			t.Errorf("caps after signing: edit %t sign %t addend %t", got.CanEdit, got.CanSign, got.CanAddend)
		}
		_, err = w.svc.Update(ctx, cal, w.chart.ID, n.ID, model.NoteInput{Sections: map[string]string{"subjective": "Changed."}})
		if !conflict(err) {
			t.Errorf("editing a signed note: got %v, want a conflict", err)
		}
		if _, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Cal Clinician", nil); !conflict(err) {
			t.Errorf("signing twice: got %v, want a conflict", err)
		}
		again, _ := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
		if again.SignedContent != got.SignedContent || again.Sections[0].Text != "Slept better this week." {
			t.Errorf("the signed note changed")
		}
	})
}

// NT-1: an addendum has its own text, reason, author and time; the note and its hash never change.
func TestAddendumNeverAltersTheSignedNote(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		n := w.draft(t, "Reported panic twice.")
		if _, err := w.svc.AddAddendum(ctx, cal, w.chart.ID, n.ID, "Correction", "Three times."); !conflict(err) {
			t.Errorf("addendum on a draft: got %v, want a conflict", err)
		}
		if _, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Cal Clinician", nil); err != nil {
			t.Fatal(err)
		}
		before, _ := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
		cases := []struct{ reason, body, field string }{
			{"", "Three times.", "reason"},
			{"Correction", "  ", "body"},
			{"Correction", strings.Repeat("x", model.MaxNoteBody+1), "body"},
		}
		for _, c := range cases {
			if _, err := w.svc.AddAddendum(ctx, cal, w.chart.ID, n.ID, c.reason, c.body); !fieldErr(err, c.field) {
				t.Errorf("addendum %q/%d bytes: got %v, want a problem on %s", c.reason, len(c.body), err, c.field)
			}
		}
		w.h.Clock.Advance(3600e9)
		a, err := w.svc.AddAddendum(ctx, cal, w.chart.ID, n.ID, "Correction", "It was three times, not twice.")
		if err != nil {
			t.Fatal(err)
		}
		after, _ := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
		if after.ContentSHA256 != before.ContentSHA256 || after.SignedContent != before.SignedContent || after.Sections[0].Text != "Reported panic twice." {
			t.Errorf("the addendum changed the signed note")
		}
		if len(after.Addenda) != 1 || after.Addenda[0].ID != a.ID || after.Addenda[0].Reason != "Correction" || after.Addenda[0].AuthorID != w.clin.ID ||
			!after.Addenda[0].CreatedAt.After(after.SignedAt) {
			t.Errorf("addenda: got %+v", after.Addenda)
		}
		if strings.Contains(after.SignedContent, "three times, not twice") {
			t.Errorf("the addendum is inside the signed content")
		}
	})
}

// NT-1, NT-2 and the bad input: each is a field error and nothing is half-saved.
func TestBadInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		n := w.draft(t, "Kept.")
		// The harness clock is 2 March 2026, 9:00 UTC: 3:00 the same day in Chicago, the practice's zone.
		cases := []struct {
			name  string
			in    model.NoteInput
			field string
		}{
			{"date two days ahead", model.NoteInput{ServiceDate: str("2026-03-04")}, "service_date"},
			{"not a date", model.NoteInput{ServiceDate: str("03/01/2026")}, "service_date"},
			{"mood above 10", model.NoteInput{Mood: str("11")}, "mood"},
			{"mood below 0", model.NoteInput{Mood: str("-1")}, "mood"},
			{"mood not a number", model.NoteInput{Mood: str("good")}, "mood"},
			{"duration zero", model.NoteInput{DurationMinutes: str("0")}, "duration_minutes"},
			{"body over 100 KB", model.NoteInput{Sections: map[string]string{"subjective": strings.Repeat("a", 60*1024), "plan": strings.Repeat("b", 41*1024)}}, "body"},
			{"unknown section", model.NoteInput{Sections: map[string]string{"data": "x"}}, "sections.data"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.Update(ctx, cal, w.chart.ID, n.ID, c.in)
				if !fieldErr(err, c.field) {
					t.Fatalf("got %v, want a problem on %s", err, c.field)
				}
				got, _ := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
				if got.Sections[0].Text != "Kept." || got.ServiceDate != "2026-03-02" || got.Mood != nil {
					t.Errorf("half-saved: %+v", got.Note)
				}
			})
		}
		if _, err := w.svc.Update(ctx, cal, w.chart.ID, n.ID, model.NoteInput{ServiceDate: str("2026-03-03"), Mood: str("0")}); err != nil {
			t.Errorf("a date one day ahead and mood 0 are fine: %v", err)
		}
		if _, err := w.svc.Create(ctx, cal, w.chart.ID, "nonsense", model.NoteInput{}); !fieldErr(err, "template") {
			t.Errorf("unknown template: got %v", err)
		}
		empty, err := w.svc.Create(ctx, cal, w.chart.ID, "dap", model.NoteInput{Sections: map[string]string{"data": "  \n "}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Sign(ctx, cal, w.chart.ID, empty.ID, "Cal Clinician", nil); !fieldErr(err, "body") {
			t.Errorf("signing an empty note: got %v, want a problem on body", err)
		}
		if _, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Someone Else", nil); !fieldErr(err, "full_name") {
			t.Errorf("signing with another name: got %v, want a problem on full_name", err)
		}
		if got, _ := w.svc.Get(ctx, cal, w.chart.ID, n.ID); got.Signed() {
			t.Errorf("a refused signature signed the note")
		}
	})
}

// Issue 14, bad input: of several simultaneous signatures exactly one wins.
func TestSimultaneousSignOneWins(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		n := w.draft(t, "Race.")
		const tries = 4
		var wg sync.WaitGroup
		errs := make([]error, tries)
		for i := range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Cal Clinician", &model.NoteInput{Sections: map[string]string{"plan": fmt.Sprint("try ", i)}})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !conflict(err):
				t.Errorf("a losing signature: got %v, want a conflict", err)
			}
		}
		if won != 1 {
			t.Fatalf("signatures that won: got %d, want 1", won)
		}
		got, _ := w.svc.Get(ctx, cal, w.chart.ID, n.ID)
		if got.ContentSHA256 != sum(got.SignedContent) || !strings.Contains(got.SignedContent, got.Sections[3].Text) {
			t.Errorf("the stored content is not the one signed")
		}
	})
}

// Issue 14, item 6: who reads and writes notes, and that admins never see a body and billing nothing.
func TestRoles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		n := w.draft(t, "Private words.")
		if _, err := w.svc.Update(ctx, apptest.As(w.clin), w.chart.ID, n.ID, model.NoteInput{Mood: str("4")}); err != nil {
			t.Fatal(err)
		}
		type outcome string
		of := func(err error) outcome {
			switch {
			case err == nil:
				return "ok"
			case errors.Is(err, model.ErrNotFound):
				return "404"
			case errors.Is(err, model.ErrForbidden):
				return "403"
			}
			return outcome(err.Error())
		}
		cases := []struct {
			name             string
			who              model.Staff
			chart            string
			list, get, write outcome
		}{
			{"owner", w.owner, w.chart.ID, "ok", "ok", "ok"},
			{"clinician on own client", w.clin, w.chart.ID, "ok", "ok", "ok"},
			{"clinician on a colleague's client", w.clin2, w.chart.ID, "404", "404", "404"},
			{"supervisor on a supervisee's client", w.sup, w.chart.ID, "ok", "ok", "403"},
			{"admin", w.admin, w.chart.ID, "ok", "404", "404"},
			{"billing", w.bill, w.chart.ID, "404", "404", "404"},
			{"another practice", w.other, w.chart.ID, "404", "404", "404"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p := apptest.As(c.who)
				pg, err := w.svc.List(ctx, p, c.chart, model.NoteFilter{})
				if got := of(err); got != c.list {
					t.Errorf("list: got %s, want %s", got, c.list)
				}
				if err == nil && len(pg.Notes) == 1 && (pg.Notes[0].Sections != nil || (pg.Notes[0].Mood != nil) != pg.Caps.ReadBodies) {
					t.Errorf("list carries a body or a mood it should not: %+v", pg.Notes[0])
				}
				_, err = w.svc.Get(ctx, p, c.chart, n.ID)
				if got := of(err); got != c.get {
					t.Errorf("get: got %s, want %s", got, c.get)
				}
				_, err = w.svc.Create(ctx, p, c.chart, "free", model.NoteInput{})
				if got := of(err); got != c.write {
					t.Errorf("create: got %s, want %s", got, c.write)
				}
			})
		}
		// A note addressed through another chart answers like a missing one.
		if _, err := w.svc.Get(ctx, apptest.As(w.owner), w.colleagueChart.ID, n.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("note through another chart: got %v", err)
		}
		// Only the author signs.
		if _, err := w.svc.Sign(ctx, apptest.As(w.owner), w.chart.ID, n.ID, "Olivia Owner", nil); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("owner signing the clinician's note: got %v, want not found", err)
		}
	})
}

// Issue 14, item 3: a supervisee's note that needs a co-signature gets it from their supervisor only.
func TestCosignOnlyBySupervisor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		otherSup := w.h.AddStaff(w.owner, "Sid Supervisor", "sid@example.org", model.RoleSupervisor)
		on := true // Settings → Staff: "Session notes need the supervisor's co-signature"
		if _, err := w.h.App.Accounts.UpdateStaff(ctx, apptest.As(w.owner), w.clin.ID, model.StaffChange{NotesNeedCosign: &on}); err != nil {
			t.Fatal(err)
		}
		n := w.draft(t, "Needs a second look.")
		if !n.NeedsCosign {
			t.Fatalf("a supervisee's note with the rule on needs a co-signature")
		}
		if _, err := w.svc.Cosign(ctx, apptest.As(w.sup), w.chart.ID, n.ID, "Sue Supervisor"); !conflict(err) {
			t.Errorf("co-signing a draft: got %v, want a conflict", err)
		}
		if _, err := w.svc.Sign(ctx, apptest.As(w.clin), w.chart.ID, n.ID, "Cal Clinician", nil); err != nil {
			t.Fatal(err)
		}
		for _, who := range []model.Staff{w.owner, otherSup, w.clin} {
			if _, err := w.svc.Cosign(ctx, apptest.As(who), w.chart.ID, n.ID, who.Name); err == nil {
				t.Errorf("%s co-signed a note they do not supervise", who.Name)
			}
		}
		todo, err := w.svc.ToCosign(ctx, apptest.As(w.sup), 10)
		if err != nil || len(todo) != 1 || todo[0].ID != n.ID {
			t.Fatalf("notes to co-sign: got %v %v", todo, err)
		}
		v, _ := w.svc.Get(ctx, apptest.As(w.sup), w.chart.ID, n.ID)
		if !v.CanCosign {
			t.Errorf("the supervisor is not offered the co-signature")
		}
		if _, err := w.svc.Cosign(ctx, apptest.As(w.sup), w.chart.ID, n.ID, "Sue Supervisor"); err != nil {
			t.Fatalf("supervisor co-signs: %v", err)
		}
		got, _ := w.svc.Get(ctx, apptest.As(w.clin), w.chart.ID, n.ID)
		if got.CosignedBy != w.sup.ID || got.CosignerName != "Sue Supervisor" || got.SignedBy != w.clin.ID || got.ContentSHA256 != sum(got.SignedContent) {
			t.Errorf("both signatures: %+v", got.Note)
		}
		if todo, _ := w.svc.ToCosign(ctx, apptest.As(w.sup), 10); len(todo) != 0 {
			t.Errorf("a co-signed note still waits: %v", todo)
		}
	})
}

// NT-2: the list pages newest first by key, filters by state and template, and is audited.
func TestListPagesByKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		for i := range 30 {
			tpl := "soap"
			if i%3 == 0 {
				tpl = "birp"
			}
			n, err := w.svc.Create(ctx, cal, w.chart.ID, tpl, model.NoteInput{ServiceDate: str(fmt.Sprintf("2026-01-%02d", 1+i%28)),
				Sections: map[string]string{}})
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 && tpl == "soap" {
				if _, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Cal Clinician", &model.NoteInput{Sections: map[string]string{"plan": "p"}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		var seen []model.Note
		f := model.NoteFilter{Limit: 12}
		for pages := 0; ; pages++ {
			pg, err := w.svc.List(ctx, cal, w.chart.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, pg.Notes...)
			if pg.Older == nil {
				if pages != 2 {
					t.Errorf("pages: got %d, want 3", pages+1)
				}
				// Back to the newer page from the last one.
				back, err := w.svc.List(ctx, cal, w.chart.ID, model.NoteFilter{Limit: 12, Since: pg.Newer})
				if err != nil || len(back.Notes) != 12 || back.Notes[0].ID != seen[12].ID {
					t.Errorf("newer page: got %d notes, err %v", len(back.Notes), err)
				}
				break
			}
			f.Before = pg.Older
		}
		if len(seen) != 30 {
			t.Fatalf("notes seen: got %d, want 30", len(seen))
		}
		for i := 1; i < len(seen); i++ {
			a, b := seen[i-1], seen[i]
			if a.ServiceDate < b.ServiceDate || (a.ServiceDate == b.ServiceDate && a.ID < b.ID) {
				t.Fatalf("order: %s/%s before %s/%s", a.ServiceDate, a.ID, b.ServiceDate, b.ID)
			}
		}
		for _, c := range []struct {
			f    model.NoteFilter
			want int
		}{
			{model.NoteFilter{State: model.NoteSigned, Limit: 100}, 10},
			{model.NoteFilter{State: model.NoteDraft, Limit: 100}, 20},
			{model.NoteFilter{Template: "birp", Limit: 100}, 10},
			{model.NoteFilter{Template: "birp", State: model.NoteSigned, Limit: 100}, 0},
		} {
			pg, err := w.svc.List(ctx, cal, w.chart.ID, c.f)
			if err != nil || len(pg.Notes) != c.want {
				t.Errorf("filter %+v: got %d, want %d (%v)", c.f, len(pg.Notes), c.want, err)
			}
		}
		if _, err := w.svc.List(ctx, cal, w.chart.ID, model.NoteFilter{State: "lost"}); !fieldErr(err, "state") {
			t.Errorf("unknown state: %v", err)
		}
	})
}

// Issue 14, item 6: every read of a note body is audited with ids only, and so is every change.
func TestBodyReadsAreAudited(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		n := w.draft(t, "Canary-7a1f words")
		if _, err := w.svc.Get(ctx, apptest.As(w.sup), w.chart.ID, n.ID); err != nil {
			t.Fatal(err)
		}
		if flush := w.h.App.Audit.Flush; flush != nil { // SQLite's spool; PostgreSQL's batcher records before it returns
			if err := flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		pg, err := w.h.App.Audit.Search(ctx, apptest.As(w.owner), audit.Query{RecordID: n.ID, PerPage: 50})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range pg.Events {
			got[e.Action] = e.ActorID
			if strings.Contains(fmt.Sprintf("%+v", e), "Canary-7a1f") {
				t.Errorf("the audit log holds note text: %+v", e)
			}
		}
		if got["chart.note.create"] != w.clin.ID || got["chart.note.view"] != w.sup.ID {
			t.Errorf("audit events of the note: %v", got)
		}
	})
}

// Issue 14, item 3: a note downloads as a PDF with its signature and addenda.
func TestNotePDF(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		n := w.draft(t, "Walked daily.")
		signed, err := w.svc.Sign(ctx, cal, w.chart.ID, n.ID, "Cal Clinician", &model.NoteInput{Mood: str("7"), ServiceType: str("Individual therapy")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddAddendum(ctx, cal, w.chart.ID, n.ID, "Late information", "Also started a journal."); err != nil {
			t.Fatal(err)
		}
		pdf, err := w.svc.PDF(ctx, cal, w.chart.ID, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftest.Text(pdf.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"SOAP session note", "Robin Rivera", "Subjective", "Walked daily.", "Mood score: 7 of 10", "Individual therapy",
			"Signed by: Cal Clinician", signed.ContentSHA256, "Addendum 1", "Late information", "Also started a journal."} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
		if strings.Contains(pdf.Filename, "Robin") {
			t.Errorf("the file name names the client: %s", pdf.Filename)
		}
		if _, err := w.svc.PDF(ctx, apptest.As(w.admin), w.chart.ID, n.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("admin PDF: got %v, want not found", err)
		}
	})
}

// Issue 14, item 3: a draft unsigned late_note_days after its date of service is late: on Home, as a
// badge on the client list (LS-4, read with the page's other badges) and the Notes tab; the practice
// chooses the days.
func TestLateNotes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cal := apptest.As(w.clin)
		old, err := w.svc.Create(ctx, cal, w.chart.ID, "free", model.NoteInput{ServiceDate: str("2026-02-27")}) // 3 days before 2 March
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Create(ctx, cal, w.chart.ID, "free", model.NoteInput{ServiceDate: str("2026-02-28")}); err != nil {
			t.Fatal(err)
		}
		late, err := w.svc.Late(ctx, cal, 10)
		if err != nil || len(late) != 1 || late[0].ID != old.ID {
			t.Fatalf("late notes: got %v %v, want the one of 27 February", late, err)
		}
		pg, _ := w.svc.List(ctx, cal, w.chart.ID, model.NoteFilter{})
		lateShown := 0
		for _, n := range pg.Notes {
			if pg.Late(n) {
				lateShown++
			}
		}
		if lateShown != 1 {
			t.Errorf("late badges on the tab: %d, want 1", lateShown)
		}
		// The client list page reads the badge with its page's other badges, in one statement
		// (clients.ListQuery.Badges): the owner sees it on Cal's chart only, billing never.
		owner := w.h.Client()
		owner.Login(w.owner.Email, apptest.StrongPassword)
		page := string(owner.Get("/clients").Body)
		if !strings.Contains(page, `href="/clients/`+w.chart.ID+`?tab=notes&amp;state=draft">Late note`) ||
			strings.Contains(page, `href="/clients/`+w.colleagueChart.ID+`?tab=notes&amp;state=draft"`) {
			t.Errorf("the client list's late-note badges are wrong")
		}
		if list, err := w.h.App.Clients.List(ctx, apptest.As(w.bill), clients.ListQuery{Badges: true}); err != nil || list.Badges[w.chart.ID].LateNotes {
			t.Errorf("billing's client list learns of a note: %v %v", list.Badges, err)
		}
		if others, _ := w.svc.Late(ctx, apptest.As(w.clin2), 10); len(others) != 0 {
			t.Errorf("another clinician's Home lists Cal's late note")
		}
		days := 5
		if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(w.owner), model.PracticeSettingsChange{LateNoteDays: &days}); err != nil {
			t.Fatal(err)
		}
		if late, _ := w.svc.Late(ctx, cal, 10); len(late) != 0 {
			t.Errorf("with 5 days, nothing is late yet: %v", late)
		}
		bad := 0
		if _, err := w.h.App.Accounts.ChangePracticeSettings(ctx, apptest.As(w.owner), model.PracticeSettingsChange{LateNoteDays: &bad}); !fieldErr(err, "late_note_days") {
			t.Errorf("0 days: got %v", err)
		}
		if _, err := w.svc.Sign(ctx, cal, w.chart.ID, old.ID, "Cal Clinician", &model.NoteInput{Sections: map[string]string{"note": "Done."}}); err != nil {
			t.Fatal(err)
		}
		w.h.Clock.Advance(10 * 24 * 3600e9)
		if late, _ := w.svc.Late(ctx, cal, 10); len(late) != 1 {
			t.Errorf("ten days on, the one unsigned draft is late: %v", late)
		}
	})
}
