package app

import (
	"context"
	"fmt"

	"tend/internal/appointments"
	"tend/internal/clinical"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/overview"
	"tend/internal/plans"
)

// wireOverview plugs the clinical blocks into the chart's Overview (CL-10): active diagnoses from the
// clinical information (CL-8), the latest notes, drafts waiting for a signature and late notes from the
// session notes (NT-1), the next appointment (issue 16). Each source answers as its own policy does, so a block the person may not see is
// left out by the Overview.
func wireOverview(o *overview.Service, ci *clinical.Service, ns *notes.Service, ps *plans.Service, as *appointments.Service) {
	o.Next = func(ctx context.Context, p model.Principal, chartID string) (*overview.NextAppointment, error) {
		u, err := as.Next(ctx, p, chartID)
		if err != nil || u.Appointment == nil {
			return nil, err
		}
		a := u.Appointment
		return &overview.NextAppointment{ID: a.ID, StartsAt: a.StartsAt, Local: a.StartsAt.In(u.Zone), DurationMinutes: a.DurationMinutes,
			ClinicianName: a.ClinicianName, ServiceName: a.ServiceName, LocationKind: a.LocationKind, Location: a.Location}, nil
	}
	o.ActiveDiagnoses = func(ctx context.Context, p model.Principal, chartID string) ([]overview.Diagnosis, error) {
		ds, err := ci.ActiveDiagnoses(ctx, p, chartID)
		if err != nil {
			return nil, err
		}
		out := make([]overview.Diagnosis, 0, len(ds))
		for _, d := range ds {
			out = append(out, overview.Diagnosis{ID: d.ID, Code: d.DottedCode(), Description: d.Description, Label: d.Label,
				Primary: d.Primary, Onset: d.OnsetDate})
		}
		return out, nil
	}
	o.Notes = func(ctx context.Context, p model.Principal, chartID string, n int) (overview.NoteBlocks, error) {
		g, err := ns.Glance(ctx, p, chartID, n, overview.DraftsLimit)
		if err != nil {
			return overview.NoteBlocks{}, err
		}
		nb := overview.NoteBlocks{Recent: overviewNotes(g, g.Recent), Drafts: overviewNotes(g, g.Drafts)}
		for _, n := range g.Drafts {
			if g.Late(n) {
				nb.Flags = append(nb.Flags, overview.Flag{Kind: "late_note", RecordID: n.ID,
					Text: fmt.Sprintf("A session note is still unsigned %d or more days after the session.", g.LateDays)})
			}
		}
		return nb, nil
	}
	o.Plans = func(ctx context.Context, p model.Principal, chartID string) (overview.PlanBlock, error) {
		g, err := ps.Glance(ctx, p, chartID)
		if err != nil {
			return overview.PlanBlock{}, err
		}
		pb := overview.PlanBlock{CanChange: g.Caps.Change}
		for _, pl := range g.Plans {
			due := pl.ReviewDate != "" && pl.ReviewDate <= g.Today
			pb.Plans = append(pb.Plans, overview.Plan{ID: pl.ID, Title: pl.Title, Version: pl.CurrentVersion, ReviewDate: pl.ReviewDate,
				ReviewDue: due, ClinicianSigned: pl.ClinicianSigned, ClientSigned: pl.ClientSigned, Shared: pl.Shared()})
		}
		for _, pl := range g.ReviewDue() {
			date, err := model.LocalDate(pl.ReviewDate, g.Loc)
			if err != nil {
				return overview.PlanBlock{}, err
			}
			pb.Flags = append(pb.Flags, overview.Flag{Kind: overview.FlagPlanReview, RecordID: pl.ID,
				Text: fmt.Sprintf("The treatment plan's review date, %s, has come.", date)})
		}
		return pb, nil
	}
}

// overviewNotes turns notes of a glance into the Overview's rows: what a note is and where it stands.
func overviewNotes(g notes.Glance, ns []model.Note) []overview.Note {
	out := make([]overview.Note, 0, len(ns))
	for _, n := range ns {
		out = append(out, overview.Note{ID: n.ID, Date: n.ServiceDate, Kind: n.TemplateName, State: string(n.State),
			StateLabel: n.State.Label(), AuthorName: n.AuthorName, Late: g.Late(n), NeedsCosign: n.AwaitsCosign()})
	}
	return out
}
