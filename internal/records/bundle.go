package records

import (
	"context"
	"fmt"
	"slices"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/store"
)

// action is how the audit log names a records-request download.
const action = "chart.record.export"

// PDF is the rendered record and the file name to offer.
type PDF struct {
	Bytes    []byte
	Filename string
}

// pageSize is how many appointments or files one read of the record takes.
const pageSize = 500

// May reports whether the principal may make chart c's records-request PDF, for pages to show the button.
func May(who authz.Who, c model.Client) bool {
	return authz.Can(who, authz.Export, authz.InChart(authz.Records, c))
}

// Bundle renders chart chartID's whole record as one PDF for a records request, and audits the
// download. A chart the principal may not reach, or whose clinical record they may not read, answers
// model.ErrNotFound like a missing one (and the attempt is audited as denied).
func (s *Service) Bundle(ctx context.Context, p model.Principal, chartID string) (PDF, error) {
	q := s.Store.R()
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return PDF{}, fmt.Errorf("records: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	who, err := s.Charts.Who(ctx, q, p)
	if err != nil {
		return PDF{}, fmt.Errorf("records: %w", err)
	}
	if err := authz.Decide(who, authz.Export, authz.InChart(authz.Records, c)); err != nil {
		e := s.event(p, c.ID)
		e.Outcome = model.OutcomeDenied
		if rerr := s.recordRead(ctx, e); rerr != nil {
			return PDF{}, fmt.Errorf("records: %w", rerr)
		}
		return PDF{}, fmt.Errorf("records: %w", err)
	}
	d, err := s.gather(ctx, q, p, c)
	if err != nil {
		return PDF{}, err
	}
	b, err := docpdf.RenderRecord(d)
	if err != nil {
		return PDF{}, fmt.Errorf("records: %w", err)
	}
	e := s.event(p, c.ID)
	e.Detail = fmt.Sprintf("notes=%d plans=%d documents=%d appointments=%d files=%d", len(d.Notes), len(d.Plans), len(d.Documents),
		len(d.Appointments), len(d.Files))
	if err := s.recordRead(ctx, e); err != nil {
		return PDF{}, fmt.Errorf("records: %w", err)
	}
	// The file name says what the file is, never whom it is about.
	return PDF{Bytes: b, Filename: "client-record-" + s.now().Format("2006-01-02") + ".pdf"}, nil
}

// gather reads everything the record holds: a statement per kind of record, never one per row (but one
// per treatment plan, of which a chart has a handful).
func (s *Service) gather(ctx context.Context, q store.Q, p model.Principal, c model.Client) (docpdf.RecordDocument, error) {
	pr, err := store.PracticeByID(ctx, q, p.PracticeID)
	if err != nil {
		return docpdf.RecordDocument{}, fmt.Errorf("records: practice: %w", err)
	}
	d := docpdf.RecordDocument{Practice: pr.Name, Locale: pr.Locale(), RequestedBy: p.Name + " (" + p.Role.Label() + ")",
		Generated: s.now(), Client: c, Fonts: s.Fonts}
	if c.AssignedClinicianID != "" {
		st, err := store.StaffByID(ctx, q, p.PracticeID, c.AssignedClinicianID)
		if err != nil {
			return d, fmt.Errorf("records: clinician: %w", err)
		}
		d.Clinician = st.Name
	}
	if d.Contacts, err = store.ContactsOf(ctx, q, c.ID); err != nil {
		return d, fmt.Errorf("records: %w", err)
	}
	if d.Diagnoses, err = store.DiagnosesOf(ctx, q, c.ID); err != nil {
		return d, fmt.Errorf("records: %w", err)
	}
	if d.Medications, err = store.MedicationsOf(ctx, q, c.ID); err != nil {
		return d, fmt.Errorf("records: %w", err)
	}
	if d.Notes, err = store.SignedNotesOf(ctx, q, c.ID); err != nil {
		return d, fmt.Errorf("records: %w", err)
	}
	plans, err := store.PlansOfChart(ctx, q, c.ID)
	if err != nil {
		return d, fmt.Errorf("records: %w", err)
	}
	for _, pl := range plans {
		v, err := store.PlanVersion(ctx, q, pl.ID, pl.CurrentVersion)
		if err != nil {
			return d, fmt.Errorf("records: plan %s: %w", pl.ID, err)
		}
		d.Plans = append(d.Plans, v)
	}
	requests, err := store.RequestsOfChart(ctx, q, c.ID)
	if err != nil {
		return d, fmt.Errorf("records: %w", err)
	}
	for _, r := range requests {
		if r.State.Done() {
			d.Documents = append(d.Documents, r)
		}
	}
	slices.Reverse(d.Documents) // oldest first, as a record reads
	if d.Appointments, err = appointments(ctx, q, c.ID); err != nil {
		return d, err
	}
	if d.Files, err = files(ctx, q, c.ID); err != nil {
		return d, err
	}
	return d, nil
}

// appointments reads a chart's appointments by key, oldest first.
func appointments(ctx context.Context, q store.Q, chartID string) ([]docpdf.RecordAppointment, error) {
	var out []docpdf.RecordAppointment
	var cur store.RangeCursor
	for {
		page, err := store.ChartAppointments(ctx, q, chartID, cur, pageSize)
		if err != nil {
			return nil, fmt.Errorf("records: %w", err)
		}
		for _, a := range page {
			out = append(out, docpdf.RecordAppointment{StartsAt: a.StartsAt, DurationMinutes: a.DurationMinutes, Status: a.Status.Label(),
				Service: a.ServiceName, Clinician: a.ClinicianName})
		}
		if len(page) < pageSize {
			break
		}
		last := page[len(page)-1]
		cur = store.RangeCursor{At: last.StartsAt, ID: last.ID}
	}
	slices.Reverse(out)
	return out, nil
}

// files reads a chart's file list by key, newest first.
func files(ctx context.Context, q store.Q, chartID string) ([]model.File, error) {
	var out []model.File
	var key store.PageKey
	for {
		page, err := store.FilesOf(ctx, q, chartID, store.FileFilter{}, key, pageSize)
		if err != nil {
			return nil, fmt.Errorf("records: %w", err)
		}
		out = append(out, page...)
		if len(page) < pageSize {
			return out, nil
		}
		last := page[len(page)-1]
		key = store.PageKey{Value: fmt.Sprint(last.CreatedAt.UnixMilli()), ID: last.ID}
	}
}

func (s *Service) event(p model.Principal, chartID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, "chart", chartID)
}

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}
