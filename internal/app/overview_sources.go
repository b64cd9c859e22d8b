package app

import (
	"context"
	"fmt"
	"time"

	"tend/internal/clinical"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/overview"
)

// wireOverview plugs the clinical blocks into the chart's Overview (CL-10): active diagnoses from the
// clinical information (CL-8), the latest notes, drafts waiting for a signature and late notes from the
// session notes (NT-1). Each source answers as its own policy does, so a block the person may not see is
// left out by the Overview.
func wireOverview(o *overview.Service, ci *clinical.Service, ns *notes.Service) {
	o.ActiveDiagnoses = func(ctx context.Context, p model.Principal, chartID string) ([]overview.Diagnosis, error) {
		ds, err := ci.ActiveDiagnoses(ctx, p, chartID)
		if err != nil {
			return nil, err
		}
		out := make([]overview.Diagnosis, 0, len(ds))
		for _, d := range ds {
			out = append(out, overview.Diagnosis{ID: d.ID, Code: d.DottedCode(), Description: d.Description, Label: d.Label,
				Primary: d.Primary, Onset: day(d.OnsetDate)})
		}
		return out, nil
	}
	o.RecentNotes = func(ctx context.Context, p model.Principal, chartID string, n int) ([]overview.Note, error) {
		pg, err := ns.List(ctx, p, chartID, model.NoteFilter{Limit: n})
		return overviewNotes(pg, err)
	}
	o.Drafts = func(ctx context.Context, p model.Principal, chartID string) ([]overview.Note, error) {
		pg, err := ns.List(ctx, p, chartID, model.NoteFilter{State: model.NoteDraft, Limit: overview.DraftsLimit})
		return overviewNotes(pg, err)
	}
	o.MoreFlags = append(o.MoreFlags, func(ctx context.Context, p model.Principal, chartID string) ([]overview.Flag, error) {
		pg, err := ns.List(ctx, p, chartID, model.NoteFilter{State: model.NoteDraft, Limit: overview.DraftsLimit})
		if err != nil {
			return nil, err
		}
		var out []overview.Flag
		for _, n := range pg.Notes {
			if pg.Late(n) {
				out = append(out, overview.Flag{Kind: "late_note", RecordID: n.ID,
					Text: fmt.Sprintf("A session note is still unsigned %d or more days after the session.", pg.LateDays)})
			}
		}
		return out, nil
	})
}

// overviewNotes turns a page of notes into the Overview's rows: what a note is and where it stands.
func overviewNotes(pg notes.Page, err error) ([]overview.Note, error) {
	if err != nil {
		return nil, err
	}
	out := make([]overview.Note, 0, len(pg.Notes))
	for _, n := range pg.Notes {
		out = append(out, overview.Note{ID: n.ID, Date: day(n.ServiceDate), Kind: n.TemplateName, State: string(n.State),
			StateLabel: n.State.Label(), AuthorName: n.AuthorName, Late: pg.Late(n), NeedsCosign: n.AwaitsCosign()})
	}
	return out, nil
}

// day reads a YYYY-MM-DD date as midnight UTC (zero when empty), as the locale helpers expect.
func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
