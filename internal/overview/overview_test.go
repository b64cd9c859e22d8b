package overview_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/overview"
	"tend/internal/testdb"
)

func newClient(t testing.TB, h *apptest.Harness, owner model.Staff, first string) model.Client {
	t.Helper()
	last := "Tester"
	c, err := h.App.Clients.Create(context.Background(), apptest.As(owner), model.ClientChange{FirstName: &first, LastName: &last})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The Overview's documents blocks: the latest score of each assessment with its change and trend (cut to
// the latest 12), what waits (open, and unreviewed with the flagged first, each cut to 5 with how many
// more), and the flagged document under Needs attention; billing staff get none of it.
// Proves CL-10, DC-6.
func TestOverviewDocuments(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		billing := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		c := newClient(t, h, owner, "Ada")
		t0 := time.Date(2026, 1, 5, 15, 0, 0, 0, time.UTC)
		var docs []doc
		for i := range 15 { // PHQ-9 scores 20, 19, … 6: only the latest 12 draw the trend
			docs = append(docs, doc{builtin: "phq9", state: model.RequestCompleted, score: 20 - i, reviewed: true, at: t0.AddDate(0, 0, 7*i)})
		}
		docs = append(docs,
			doc{builtin: "gad7", state: model.RequestCompleted, score: 8, at: t0.AddDate(0, 0, 1)},
			doc{builtin: "phq9", state: model.RequestSigned, score: 3, flag: "Item 9 was answered above Not at all.", at: t0.AddDate(0, 4, 0)},
		)
		for i := range 7 { // open: 7, of which 5 are shown
			docs = append(docs, doc{builtin: "gad7", state: model.RequestRequested, at: t0.AddDate(0, 5, i)})
		}
		for i := range 6 { // six more unreviewed GAD-7s: with the two above, 8 unreviewed, the flagged one first
			docs = append(docs, doc{builtin: "gad7", state: model.RequestCompleted, score: 5 + i, at: t0.AddDate(0, 2, i)})
		}
		seedDocuments(t, h, owner, c.ID, docs)
		// Another chart's documents never show.
		other := newClient(t, h, owner, "Bo")
		seedDocuments(t, h, owner, other.ID, []doc{{builtin: "phq9", state: model.RequestCompleted, score: 27, flag: "x", at: t0}})

		o, err := h.App.Overview.Get(context.Background(), apptest.As(owner), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !o.ShowsScores || !o.ShowsDocuments || !o.CanSendDocuments {
			t.Fatalf("owner: scores %v, documents %v, can send %v", o.ShowsScores, o.ShowsDocuments, o.CanSendDocuments)
		}
		names := []string{}
		for _, s := range o.Scores {
			names = append(names, s.Name)
		}
		if len(o.Scores) != 2 {
			t.Fatalf("series: got %v, want GAD-7 and PHQ-9", names)
		}
		var phq, gad overview.Series
		for _, s := range o.Scores {
			switch s.Max {
			case 27:
				phq = s
			case 21:
				gad = s
			}
		}
		if got := len(phq.Points); got != overview.PointsPerSeries {
			t.Errorf("PHQ-9 points: got %d, want %d", got, overview.PointsPerSeries)
		}
		if got := phq.Latest(); got.Score != 3 || got.Flag == "" {
			t.Errorf("PHQ-9 latest: got %+v, want the flagged 3", got)
		}
		if dlt, prev, ok := phq.Change(); !ok || dlt != -3 || prev.Score != 6 {
			t.Errorf("PHQ-9 change: got %d from %d (%v), want -3 from 6", dlt, prev.Score, ok)
		}
		if !slices.IsSortedFunc(phq.Points, func(a, b overview.Point) int { return a.At.Compare(b.At) }) {
			t.Error("PHQ-9 points are not oldest first")
		}
		if gad.Latest().Score != 10 || len(gad.Points) != 7 {
			t.Errorf("GAD-7: latest %d of %d points, want 10 of 7", gad.Latest().Score, len(gad.Points))
		}
		dc := o.Documents
		if len(dc.Open) != overview.DocumentsLimit || dc.OpenMore != 2 {
			t.Errorf("open: %d shown and %d more, want 5 and 2", len(dc.Open), dc.OpenMore)
		}
		if len(dc.Unreviewed) != overview.DocumentsLimit || dc.UnreviewedMore != 3 || dc.Unreviewed[0].Flag == "" {
			t.Errorf("unreviewed: %d shown and %d more, first flagged %q; want 5, 3 and the flagged first", len(dc.Unreviewed), dc.UnreviewedMore, dc.Unreviewed[0].Flag)
		}
		for _, r := range append(dc.Open, dc.Unreviewed...) {
			if r.ChartID != c.ID {
				t.Errorf("document %s of chart %s on the overview of %s", r.ID, r.ChartID, c.ID)
			}
		}
		if !hasFlag(o, overview.FlagDocument, dc.Unreviewed[0].ID) {
			t.Errorf("flags %+v lack the flagged document", o.Flags)
		}

		// Billing: the chart, never its documents or scores.
		ob, err := h.App.Overview.Get(context.Background(), apptest.As(billing), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ob.ShowsScores || ob.ShowsDocuments || len(ob.Scores) > 0 || !ob.Documents.Empty() || hasFlag(ob, overview.FlagDocument, "") || ob.CanSendDocuments {
			t.Errorf("billing sees documents: %+v", ob)
		}
		if ob.Chart.ID != c.ID {
			t.Errorf("billing's overview is of %s", ob.Chart.ID)
		}
	})
}

func hasFlag(o overview.Overview, kind, recordID string) bool {
	return slices.ContainsFunc(o.Flags, func(f overview.Flag) bool { return f.Kind == kind && (recordID == "" || f.RecordID == recordID) })
}

// The clinical blocks come from sources plugged in later: one not wired is left out; one that refuses the
// person (not found, forbidden) is left out for them; billing never gets notes whatever a source answers;
// an admin sees the notes' states; any other failure fails the read. The chart's own flags are there too.
// Proves CL-10.
func TestOverviewSources(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		billing := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		admin := h.AddStaff(owner, "Al Admin", "al@example.org", model.RoleAdmin)
		c := newClient(t, h, owner, "Ada")
		ctx := context.Background()
		base := *h.App.Overview // a copy without the app's sources, so the test chooses them
		base.ActiveDiagnoses, base.Notes, base.MoreFlags = nil, nil, nil

		o, err := base.Get(ctx, apptest.As(owner), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.ShowsDiagnoses || o.ShowsNotes || o.ShowsDrafts {
			t.Fatalf("sources not wired, blocks shown: %v %v %v", o.ShowsDiagnoses, o.ShowsNotes, o.ShowsDrafts)
		}
		if !hasFlag(o, overview.FlagSetup, "") {
			t.Errorf("a new client's overview lacks the unfinished setup: %+v", o.Flags)
		}

		notes := []overview.Note{{ID: "n1", State: "signed"}, {ID: "n2", State: "draft"}, {ID: "n3"}, {ID: "n4"}}
		wired := base
		wired.ActiveDiagnoses = func(ctx context.Context, p model.Principal, chartID string) ([]overview.Diagnosis, error) {
			if p.Role == model.RoleBilling {
				return nil, fmt.Errorf("clinical: %w", model.ErrNotFound)
			}
			return []overview.Diagnosis{{ID: "d1", Code: "F41.1", Primary: true}}, nil
		}
		wired.Notes = func(ctx context.Context, p model.Principal, chartID string, n int) (overview.NoteBlocks, error) {
			// A careless source: the policy still keeps billing out.
			return overview.NoteBlocks{Recent: notes, Drafts: notes[1:2], Flags: []overview.Flag{{Kind: "late_note", Text: "A note is late.", RecordID: "n2"}}}, nil
		}
		wired.MoreFlags = []overview.FlagsFunc{func(ctx context.Context, p model.Principal, chartID string) ([]overview.Flag, error) {
			if p.Role == model.RoleBilling {
				return nil, model.ErrForbidden
			}
			return []overview.Flag{{Kind: "late_note", Text: "A note is late.", RecordID: "n2"}}, nil
		}}
		for _, tc := range []struct {
			who                      model.Staff
			diagnoses, notes, drafts bool
		}{
			{owner, true, true, true},
			{admin, true, true, true},
			{billing, false, false, false},
		} {
			o, err := wired.Get(ctx, apptest.As(tc.who), c.ID)
			if err != nil {
				t.Fatalf("%s: %v", tc.who.Role, err)
			}
			if o.ShowsDiagnoses != tc.diagnoses || o.ShowsNotes != tc.notes || o.ShowsDrafts != tc.drafts {
				t.Errorf("%s: diagnoses %v, notes %v, drafts %v; want %v %v %v", tc.who.Role, o.ShowsDiagnoses, o.ShowsNotes, o.ShowsDrafts,
					tc.diagnoses, tc.notes, tc.drafts)
			}
			if tc.notes && len(o.Notes) != overview.RecentNotes {
				t.Errorf("%s: %d notes, want the latest %d", tc.who.Role, len(o.Notes), overview.RecentNotes)
			}
			if !tc.diagnoses && len(o.Diagnoses) > 0 {
				t.Errorf("%s: diagnoses leak: %+v", tc.who.Role, o.Diagnoses)
			}
			if hasFlag(o, "late_note", "n2") != tc.notes {
				t.Errorf("%s: a source's late-note flag shown %v, want %v", tc.who.Role, !tc.notes, tc.notes)
			}
		}

		broken := base
		broken.Notes = func(ctx context.Context, p model.Principal, chartID string, n int) (overview.NoteBlocks, error) {
			return overview.NoteBlocks{}, errors.New("disk on fire")
		}
		if _, err := broken.Get(ctx, apptest.As(owner), c.ID); err == nil {
			t.Error("a failing source did not fail the overview")
		}
	})
}

// A chart of another practice, or one a clinician may not see, answers not found.
// Proves CL-10.
func TestOverviewOutOfReach(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		cal := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		_, stranger := h.AddPractice("Elsewhere", "else@example.org")
		c := newClient(t, h, owner, "Ada")
		for _, who := range []model.Staff{cal, stranger} {
			if _, err := h.App.Overview.Get(context.Background(), apptest.As(who), c.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: got %v, want not found", who.Email, err)
			}
		}
	})
}
