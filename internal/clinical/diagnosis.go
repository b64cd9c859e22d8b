package clinical

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tend/internal/authz"
	"tend/internal/icd10"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// diagnosisValues is what a diagnosis revision keeps.
type diagnosisValues struct {
	Code         string `json:"code"`
	Label        string `json:"label"`
	Primary      bool   `json:"primary"`
	OnsetDate    string `json:"onset_date"`
	Status       string `json:"status"`
	ResolvedDate string `json:"resolved_date"`
}

func valuesOf(d model.Diagnosis) diagnosisValues {
	return diagnosisValues{d.Code, d.Label, d.Primary, d.OnsetDate, string(d.Status), d.ResolvedDate}
}

// Diagnoses lists a chart's diagnoses, active first; the read is audited.
func (s *Service) Diagnoses(ctx context.Context, p model.Principal, chartID string) ([]model.Diagnosis, error) {
	if _, err := s.open(ctx, s.Store.R(), p, chartID, authz.View); err != nil {
		return nil, fmt.Errorf("clinical: diagnoses: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	ds, err := s.diagnoses(ctx, s.Store.R(), chartID)
	if err != nil {
		return nil, err
	}
	return ds, s.recordRead(ctx, s.event(p, "chart.clinical.view", "diagnoses", chartID, chartID))
}

// Diagnosis returns one diagnosis of a chart; the read is audited.
func (s *Service) Diagnosis(ctx context.Context, p model.Principal, chartID, diagnosisID string) (model.Diagnosis, error) {
	if _, err := s.open(ctx, s.Store.R(), p, chartID, authz.View); err != nil {
		return model.Diagnosis{}, fmt.Errorf("clinical: diagnosis: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	d, err := store.DiagnosisByID(ctx, s.Store.R(), chartID, diagnosisID)
	if err != nil {
		return d, err
	}
	return s.describe(d), s.recordRead(ctx, s.event(p, "chart.clinical.view", "diagnosis", d.ID, chartID))
}

// checkCode finds the code in the list; an unknown code or a category heading is a problem of "code".
func (s *Service) checkCode(in model.DiagnosisInput, problems model.Problems) {
	if in.Code == "" {
		return
	}
	c, ok := s.Codes.Lookup(in.Code)
	switch {
	case !ok:
		problems.Add("code", fmt.Sprintf("%s is not an ICD-10-CM code in Tend's list (chapter F and the Z codes of behavioural health). Check the code, or find it by words.", icd10.Dot(in.Code)))
	case !c.Billable:
		msg := fmt.Sprintf("%s (%s) is a category, not a code you can record: choose a more specific code under it", c.Dotted(), c.Description)
		for _, sub := range s.Codes.Search(c.Code, icd10.MaxLimit) {
			if sub.Billable {
				msg += ", such as " + sub.Dotted()
				break
			}
		}
		problems.Add("code", msg+".")
	}
}

// AddDiagnosis adds a diagnosis to a chart. Marking it primary takes the mark off the chart's other
// diagnoses in the same transaction.
func (s *Service) AddDiagnosis(ctx context.Context, p model.Principal, chartID string, in model.DiagnosisInput) (model.Diagnosis, error) {
	var out model.Diagnosis
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.AddDiagnosisIn(ctx, q, p, chartID, in)
		return err
	})
	if err != nil {
		return model.Diagnosis{}, fmt.Errorf("clinical: add diagnosis: %w", primaryConflict(s.denied(ctx, p, "chart.diagnosis.add", err)))
	}
	return out, nil
}

// AddDiagnosisIn is AddDiagnosis inside q, for use cases that add diagnoses in their own transaction (the
// FHIR import); a refusal is not audited here.
func (s *Service) AddDiagnosisIn(ctx context.Context, q store.Q, p model.Principal, chartID string, in model.DiagnosisInput) (model.Diagnosis, error) {
	in = in.Clean()
	var out model.Diagnosis
	err := func() error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		if err := s.validate(in, sc.today); err != nil {
			return err
		}
		if n, err := store.CountDiagnoses(ctx, q, chartID); err != nil {
			return err
		} else if n >= MaxDiagnoses {
			return model.FieldError("code", fmt.Sprintf("A chart holds at most %d diagnoses: remove one that no longer matters first.", MaxDiagnoses))
		}
		now := s.Now().UTC()
		d := model.Diagnosis{ID: id.New(), PracticeID: p.PracticeID, ChartID: chartID, CreatedBy: p.StaffID, CreatedAt: now, UpdatedAt: now}
		apply(&d, in)
		if d.Primary {
			if err := s.movePrimary(ctx, q, sc, d.ID); err != nil {
				return err
			}
		}
		if d.RevisionID, err = s.revise(ctx, q, sc, "chart.diagnosis.add", kindDiagnosis, d.ID, "", valuesOf(d), false); err != nil {
			return err
		}
		if err := store.InsertDiagnosis(ctx, q, d); err != nil {
			return err
		}
		out = s.describe(d)
		return nil
	}()
	return out, err
}

// UpdateDiagnosis replaces a diagnosis's values with in (the web form and a merged API PATCH send all of
// them); the action names what kind of change it is in the audit log.
func (s *Service) UpdateDiagnosis(ctx context.Context, p model.Principal, chartID, diagnosisID string, in model.DiagnosisInput) (model.Diagnosis, error) {
	return s.changeDiagnosis(ctx, p, chartID, diagnosisID, "chart.diagnosis.update", func(model.Diagnosis, time.Time) model.DiagnosisInput { return in.Clean() })
}

// ResolveDiagnosis marks a diagnosis resolved on day (YYYY-MM-DD; "" is today). A resolved diagnosis is
// not primary.
func (s *Service) ResolveDiagnosis(ctx context.Context, p model.Principal, chartID, diagnosisID, day string) (model.Diagnosis, error) {
	return s.changeDiagnosis(ctx, p, chartID, diagnosisID, "chart.diagnosis.resolve", func(d model.Diagnosis, today time.Time) model.DiagnosisInput {
		in := inputOf(d)
		in.Status, in.Primary, in.ResolvedDate = model.DiagnosisResolved, false, day
		if in.ResolvedDate == "" {
			in.ResolvedDate = today.Format(time.DateOnly)
		}
		return in.Clean()
	})
}

// ReactivateDiagnosis marks a resolved diagnosis active again; it does not become primary by itself.
func (s *Service) ReactivateDiagnosis(ctx context.Context, p model.Principal, chartID, diagnosisID string) (model.Diagnosis, error) {
	return s.changeDiagnosis(ctx, p, chartID, diagnosisID, "chart.diagnosis.reactivate", func(d model.Diagnosis, _ time.Time) model.DiagnosisInput {
		in := inputOf(d)
		in.Status, in.ResolvedDate = model.DiagnosisActive, ""
		return in
	})
}

func (s *Service) changeDiagnosis(ctx context.Context, p model.Principal, chartID, diagnosisID, action string,
	next func(model.Diagnosis, time.Time) model.DiagnosisInput) (model.Diagnosis, error) {
	var out model.Diagnosis
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		d, err := store.DiagnosisByID(ctx, q, chartID, diagnosisID)
		if err != nil {
			return err
		}
		in := next(d, sc.today)
		if err := s.validate(in, sc.today); err != nil {
			return err
		}
		previous := d.RevisionID
		apply(&d, in)
		d.UpdatedAt = s.Now().UTC()
		if d.Primary {
			if err := s.movePrimary(ctx, q, sc, d.ID); err != nil {
				return err
			}
		}
		if d.RevisionID, err = s.revise(ctx, q, sc, action, kindDiagnosis, d.ID, previous, valuesOf(d), false); err != nil {
			return err
		}
		if err := store.UpdateDiagnosis(ctx, q, d); err != nil {
			return err
		}
		out = s.describe(d)
		return nil
	})
	if err != nil {
		return model.Diagnosis{}, fmt.Errorf("clinical: %s: %w", action, primaryConflict(s.denied(ctx, p, action, err)))
	}
	return out, nil
}

// RemoveDiagnosis takes a diagnosis off the chart (one recorded by mistake); its revisions stay.
func (s *Service) RemoveDiagnosis(ctx context.Context, p model.Principal, chartID, diagnosisID string) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		d, err := store.DiagnosisByID(ctx, q, chartID, diagnosisID)
		if err != nil {
			return err
		}
		if _, err := s.revise(ctx, q, sc, "chart.diagnosis.remove", kindDiagnosis, d.ID, d.RevisionID, valuesOf(d), true); err != nil {
			return err
		}
		return store.DeleteDiagnosis(ctx, q, chartID, d.ID)
	})
	if err != nil {
		return fmt.Errorf("clinical: remove diagnosis: %w", s.denied(ctx, p, "chart.diagnosis.remove", err))
	}
	return nil
}

// movePrimary takes the primary mark off the chart's other diagnoses, each with a revision of its own.
func (s *Service) movePrimary(ctx context.Context, q store.Q, sc scope, keep string) error {
	ds, err := store.DiagnosesOf(ctx, q, sc.chart.ID)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	for _, d := range ds {
		if d.ID == keep || !d.Primary {
			continue
		}
		previous := d.RevisionID
		d.Primary, d.UpdatedAt = false, now
		if d.RevisionID, err = s.revise(ctx, q, sc, "chart.diagnosis.update", kindDiagnosis, d.ID, previous, valuesOf(d), false); err != nil {
			return err
		}
		if err := store.UpdateDiagnosis(ctx, q, d); err != nil {
			return err
		}
	}
	return nil
}

// validate checks an input and its code.
func (s *Service) validate(in model.DiagnosisInput, today time.Time) error {
	problems := model.Problems{}
	s.checkCode(in, problems)
	in.Validate(today, problems)
	return problems.Err()
}

func apply(d *model.Diagnosis, in model.DiagnosisInput) {
	d.Code, d.Label, d.Primary, d.OnsetDate, d.Status, d.ResolvedDate = in.Code, in.Label, in.Primary, in.OnsetDate, in.Status, in.ResolvedDate
}

func inputOf(d model.Diagnosis) model.DiagnosisInput {
	return model.DiagnosisInput{Code: d.Code, Label: d.Label, Primary: d.Primary, OnsetDate: d.OnsetDate, Status: d.Status, ResolvedDate: d.ResolvedDate}
}

// primaryConflict explains the one conflict a diagnosis can meet: another request made a different
// diagnosis primary at the same moment.
func primaryConflict(err error) error {
	if errors.Is(err, model.ErrConflict) {
		return &model.ConflictError{Field: "primary", Message: "Another diagnosis was made primary at the same moment. Reload the chart and try again."}
	}
	return err
}
