package clinical

import (
	"context"
	"fmt"
	"slices"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/store"
)

// View is a chart's clinical information as the Clinical tab and the API show it.
type View struct {
	ChartID     string
	Today       string             // the practice's day (YYYY-MM-DD): medications stopping after it are current
	Diagnoses   []model.Diagnosis  // active first (the primary one leading), then resolved; oldest first within each
	Medications []model.Medication // current first, then stopped; oldest first within each
	Summary     model.ClinicalSummary
	CanChange   bool // the person may add, edit and remove (a supervisor on a supervisee's chart may not)
}

// ActiveDiagnoses are the diagnoses that still apply, the primary one first.
func (v View) ActiveDiagnoses() []model.Diagnosis {
	return slices.DeleteFunc(slices.Clone(v.Diagnoses), func(d model.Diagnosis) bool { return !d.Active() })
}

// ResolvedDiagnoses are the diagnoses that no longer apply.
func (v View) ResolvedDiagnoses() []model.Diagnosis {
	return slices.DeleteFunc(slices.Clone(v.Diagnoses), model.Diagnosis.Active)
}

// CurrentMedications are the medications taken today.
func (v View) CurrentMedications() []model.Medication {
	return slices.DeleteFunc(slices.Clone(v.Medications), func(m model.Medication) bool { return !m.Current(v.Today) })
}

// StoppedMedications are the medications stopped on or before today.
func (v View) StoppedMedications() []model.Medication {
	return slices.DeleteFunc(slices.Clone(v.Medications), func(m model.Medication) bool { return m.Current(v.Today) })
}

// Get opens a chart's clinical information (the Clinical tab, GET …/clinical-summary); the read is
// audited. A chart out of reach, or whose clinical information the person may not see, is
// model.ErrNotFound like a missing one.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID string) (View, error) {
	sc, err := s.open(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return View{}, fmt.Errorf("clinical: get: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	v := View{ChartID: chartID, Today: sc.Today(), CanChange: sc.canChange()}
	if v.Diagnoses, err = s.diagnoses(ctx, store.Q(s.Store.R()), chartID); err != nil {
		return View{}, err
	}
	if v.Medications, err = store.MedicationsOf(ctx, s.Store.R(), chartID); err != nil {
		return View{}, err
	}
	slices.SortStableFunc(v.Medications, func(a, b model.Medication) int { return rank(a.Current(v.Today)) - rank(b.Current(v.Today)) })
	if v.Summary, err = store.ClinicalSummaryOf(ctx, s.Store.R(), chartID); err != nil {
		return View{}, err
	}
	return v, s.recordRead(ctx, s.event(p, "chart.clinical.view", "chart", chartID, chartID))
}

// ActiveDiagnoses returns the chart's diagnoses that still apply, the primary one first, for the Overview
// tab; the read is audited. It answers as the policy does: model.ErrNotFound when the person may not see
// the chart's clinical information (billing, admins unless the practice allows, charts out of reach), so
// the caller decides what to show instead.
func (s *Service) ActiveDiagnoses(ctx context.Context, p model.Principal, chartID string) ([]model.Diagnosis, error) {
	if _, err := s.open(ctx, s.Store.R(), p, chartID, authz.View); err != nil {
		return nil, fmt.Errorf("clinical: active diagnoses: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	all, err := s.diagnoses(ctx, s.Store.R(), chartID)
	if err != nil {
		return nil, err
	}
	e := s.event(p, "chart.clinical.view", "diagnoses", chartID, chartID)
	e.Detail = "active"
	return View{Diagnoses: all}.ActiveDiagnoses(), s.recordRead(ctx, e)
}

// diagnoses loads a chart's diagnoses in display order with their official descriptions.
func (s *Service) diagnoses(ctx context.Context, q store.Q, chartID string) ([]model.Diagnosis, error) {
	ds, err := store.DiagnosesOf(ctx, q, chartID)
	if err != nil {
		return nil, err
	}
	for i := range ds {
		ds[i] = s.describe(ds[i])
	}
	slices.SortStableFunc(ds, func(a, b model.Diagnosis) int {
		ra, rb := rank(a.Active())*2+rank(a.Primary), rank(b.Active())*2+rank(b.Primary)
		return ra - rb
	})
	return ds, nil
}

// describe fills in the code's official description.
func (s *Service) describe(d model.Diagnosis) model.Diagnosis {
	if c, ok := s.Codes.Lookup(d.Code); ok {
		d.Description = c.Description
	}
	return d
}

// rank puts true before false when sorting ascending.
func rank(b bool) int {
	if b {
		return 0
	}
	return 1
}
