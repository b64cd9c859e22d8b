// Package clinical holds the use cases of a chart's clinical information (CL-8): diagnoses with ICD-10-CM
// codes from the list Tend ships, medications, mental-health history and presenting concerns. It asks
// package authz who may see and change them (billing never; admins when the practice allows; supervisors
// read their supervisees'), audits every read and change with ids only, and keeps every earlier value as
// a revision so an audit entry can name the revisions before and after a change.
package clinical

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/icd10"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the clinical information use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records the audit events of reads; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Codes is the ICD-10-CM list, built once at start-up.
	Codes *icd10.Index
}

// Limits on how much one chart holds, so a chart's lists need no paging.
const (
	MaxDiagnoses   = 100
	MaxMedications = 200
)

// Revision kinds.
const (
	kindDiagnosis  = "diagnosis"
	kindMedication = "medication"
	kindSummary    = "summary"
)

// scope is what one use case knows of the person and the chart.
type scope struct {
	p     model.Principal
	who   authz.Who
	chart model.Client
	today time.Time // the practice's calendar day, at midnight UTC
}

// deniedError is a chart of the person's practice whose clinical information they may not see or
// change. It answers as the policy says (not found or forbidden) and is audited as a denied attempt.
type deniedError struct {
	chartID string
	err     error
}

func (e *deniedError) Error() string { return "clinical: chart " + e.chartID + ": " + e.err.Error() }

// Unwrap answers as the policy's error.
func (e *deniedError) Unwrap() error { return e.err }

// open loads the chart and asks the policy whether p may do act on its clinical information.
func (s *Service) open(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action) (scope, error) {
	if !id.Valid(chartID) {
		return scope{}, fmt.Errorf("clinical: malformed chart id: %w", model.ErrNotFound)
	}
	c, err := store.ClientByID(ctx, q, p.PracticeID, chartID)
	if err != nil {
		return scope{}, err
	}
	pr, err := store.PracticeByID(ctx, q, p.PracticeID)
	if err != nil {
		return scope{}, fmt.Errorf("clinical: loading practice: %w", err)
	}
	who := authz.Who{Principal: p, CliniciansSeeAll: pr.CliniciansSeeAll, AdminSeesClinical: pr.AdminSeesClinical, Supervisees: map[string]bool{}}
	if authz.NeedsSupervisees(p.Role) {
		staff, err := store.ListStaff(ctx, q, p.PracticeID)
		if err != nil {
			return scope{}, fmt.Errorf("clinical: loading supervisees: %w", err)
		}
		for _, st := range staff {
			if st.SupervisorID == p.StaffID {
				who.Supervisees[st.ID] = true
			}
		}
	}
	if err := authz.Decide(who, act, authz.InChart(authz.ClinicalInfo, c)); err != nil {
		return scope{}, &deniedError{chartID: chartID, err: err}
	}
	now := pr.Location()
	t := s.Now().In(now)
	return scope{p: p, who: who, chart: c, today: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}, nil
}

// Today is the scope's calendar day as YYYY-MM-DD.
func (sc scope) Today() string { return sc.today.Format(time.DateOnly) }

// canChange reports whether the person may change the chart's clinical information.
func (sc scope) canChange() bool {
	return authz.Can(sc.who, authz.Change, authz.InChart(authz.ClinicalInfo, sc.chart))
}

// event starts an audit event about the chart's clinical information; it carries ids only.
func (s *Service) event(p model.Principal, action, recordType, recordID, chartID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: p.PracticeID, At: s.Now().UTC(), ActorType: model.ActorStaff, ActorID: p.StaffID,
		ActorRole: string(p.Role), Action: action, RecordType: recordType, RecordID: recordID, ChartID: chartID, IP: p.IP,
		Outcome: model.OutcomeSuccess}
}

// recordRead audits a read.
func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// denied records a refused attempt on a chart of the person's practice, after the use case's transaction
// ended, and returns err unchanged.
func (s *Service) denied(ctx context.Context, p model.Principal, action string, err error) error {
	var de *deniedError
	if !errors.As(err, &de) {
		return err
	}
	e := s.event(p, action, "chart", de.chartID, de.chartID)
	e.Outcome = model.OutcomeDenied
	if rerr := s.recordRead(ctx, e); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// revise writes a revision of a record holding values (nil for none) and audits the change as action,
// naming the revision before (previous, "" when the record is new) and after it. It returns the new
// revision's id.
func (s *Service) revise(ctx context.Context, q store.Q, sc scope, action, kind, recordID, previous string, values any, removed bool) (string, error) {
	data, err := json.Marshal(values)
	if err != nil {
		return "", fmt.Errorf("clinical: revision: %w", err)
	}
	rev := store.ClinicalRevision{ID: id.New(), PracticeID: sc.p.PracticeID, ChartID: sc.chart.ID, Kind: kind, RecordID: recordID,
		PreviousID: previous, Data: string(data), Removed: removed, AuthorID: sc.p.StaffID, CreatedAt: s.Now().UTC()}
	if err := store.InsertClinicalRevision(ctx, q, rev); err != nil {
		return "", err
	}
	recordType := kind
	if kind == kindSummary {
		recordType = "clinical_summary"
	}
	e := s.event(sc.p, action, recordType, recordID, sc.chart.ID)
	e.Detail = "to_revision=" + rev.ID
	if previous != "" {
		e.Detail = "from_revision=" + previous + " " + e.Detail
	}
	if err := s.Audit.Append(ctx, q, e); err != nil {
		return "", err
	}
	return rev.ID, nil
}

// Revisions returns the stored versions of a diagnosis, medication or (by chart id) summary of a chart
// the person may see, oldest first, for the history of a record; the read is audited.
func (s *Service) Revisions(ctx context.Context, p model.Principal, chartID, recordID string) ([]store.ClinicalRevision, error) {
	if _, err := s.open(ctx, s.Store.R(), p, chartID, authz.View); err != nil {
		return nil, fmt.Errorf("clinical: revisions: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	revs, err := store.ClinicalRevisionsOf(ctx, s.Store.R(), recordID)
	if err != nil {
		return nil, err
	}
	out := revs[:0]
	for _, r := range revs {
		if r.ChartID == chartID {
			out = append(out, r)
		}
	}
	e := s.event(p, "chart.clinical.view", "clinical_revisions", recordID, chartID)
	return out, s.recordRead(ctx, e)
}
