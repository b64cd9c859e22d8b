package clinical

import (
	"context"
	"fmt"
	"slices"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// medicationValues is what a medication revision keeps.
type medicationValues struct {
	Name       string `json:"name"`
	Dose       string `json:"dose"`
	Frequency  string `json:"frequency"`
	Prescriber string `json:"prescriber"`
	StartDate  string `json:"start_date"`
	StopDate   string `json:"stop_date"`
}

func medValuesOf(m model.Medication) medicationValues {
	return medicationValues{m.Name, m.Dose, m.Frequency, m.Prescriber, m.StartDate, m.StopDate}
}

// Medications lists a chart's medications, current first; the read is audited.
func (s *Service) Medications(ctx context.Context, p model.Principal, chartID string) ([]model.Medication, error) {
	sc, err := s.open(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return nil, fmt.Errorf("clinical: medications: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	ms, err := store.MedicationsOf(ctx, s.Store.R(), chartID)
	if err != nil {
		return nil, err
	}
	today := sc.Today()
	slices.SortStableFunc(ms, func(a, b model.Medication) int { return rank(a.Current(today)) - rank(b.Current(today)) })
	return ms, s.recordRead(ctx, s.event(p, "chart.clinical.view", "medications", chartID, chartID))
}

// Medication returns one medication of a chart; the read is audited.
func (s *Service) Medication(ctx context.Context, p model.Principal, chartID, medicationID string) (model.Medication, error) {
	if _, err := s.open(ctx, s.Store.R(), p, chartID, authz.View); err != nil {
		return model.Medication{}, fmt.Errorf("clinical: medication: %w", s.denied(ctx, p, "chart.clinical.view", err))
	}
	m, err := store.MedicationByID(ctx, s.Store.R(), chartID, medicationID)
	if err != nil {
		return m, err
	}
	return m, s.recordRead(ctx, s.event(p, "chart.clinical.view", "medication", m.ID, chartID))
}

// AddMedication adds a medication to a chart.
func (s *Service) AddMedication(ctx context.Context, p model.Principal, chartID string, in model.MedicationInput) (model.Medication, error) {
	var out model.Medication
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.AddMedicationIn(ctx, q, p, chartID, in)
		return err
	})
	if err != nil {
		return model.Medication{}, fmt.Errorf("clinical: add medication: %w", s.denied(ctx, p, "chart.medication.add", err))
	}
	return out, nil
}

// AddMedicationIn is AddMedication inside q, for use cases that add medications in their own
// transaction (the FHIR import); a refusal is not audited here.
func (s *Service) AddMedicationIn(ctx context.Context, q store.Q, p model.Principal, chartID string, in model.MedicationInput) (model.Medication, error) {
	in = in.Clean()
	var out model.Medication
	err := func() error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		if err := in.Validate(sc.today); err != nil {
			return err
		}
		if n, err := store.CountMedications(ctx, q, chartID); err != nil {
			return err
		} else if n >= MaxMedications {
			return model.FieldError("name", fmt.Sprintf("A chart holds at most %d medications: remove old ones first.", MaxMedications))
		}
		now := s.Now().UTC()
		m := model.Medication{ID: id.New(), PracticeID: p.PracticeID, ChartID: chartID, CreatedBy: p.StaffID, CreatedAt: now, UpdatedAt: now}
		applyMed(&m, in)
		if m.RevisionID, err = s.revise(ctx, q, sc, "chart.medication.add", kindMedication, m.ID, "", medValuesOf(m), false); err != nil {
			return err
		}
		if err := store.InsertMedication(ctx, q, m); err != nil {
			return err
		}
		out = m
		return nil
	}()
	return out, err
}

// UpdateMedication replaces a medication's values with in.
func (s *Service) UpdateMedication(ctx context.Context, p model.Principal, chartID, medicationID string, in model.MedicationInput) (model.Medication, error) {
	return s.changeMedication(ctx, p, chartID, medicationID, "chart.medication.update", func(model.Medication, time.Time) model.MedicationInput { return in.Clean() })
}

// StopMedication sets a medication's stop date to day (YYYY-MM-DD; "" is today).
func (s *Service) StopMedication(ctx context.Context, p model.Principal, chartID, medicationID, day string) (model.Medication, error) {
	return s.changeMedication(ctx, p, chartID, medicationID, "chart.medication.stop", func(m model.Medication, today time.Time) model.MedicationInput {
		in := model.MedicationInput{Name: m.Name, Dose: m.Dose, Frequency: m.Frequency, Prescriber: m.Prescriber, StartDate: m.StartDate, StopDate: day}
		if in.StopDate == "" {
			in.StopDate = today.Format(time.DateOnly)
		}
		return in.Clean()
	})
}

func (s *Service) changeMedication(ctx context.Context, p model.Principal, chartID, medicationID, action string,
	next func(model.Medication, time.Time) model.MedicationInput) (model.Medication, error) {
	var out model.Medication
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		m, err := store.MedicationByID(ctx, q, chartID, medicationID)
		if err != nil {
			return err
		}
		in := next(m, sc.today)
		if err := in.Validate(sc.today); err != nil {
			return err
		}
		previous := m.RevisionID
		applyMed(&m, in)
		m.UpdatedAt = s.Now().UTC()
		if m.RevisionID, err = s.revise(ctx, q, sc, action, kindMedication, m.ID, previous, medValuesOf(m), false); err != nil {
			return err
		}
		if err := store.UpdateMedication(ctx, q, m); err != nil {
			return err
		}
		out = m
		return nil
	})
	if err != nil {
		return model.Medication{}, fmt.Errorf("clinical: %s: %w", action, s.denied(ctx, p, action, err))
	}
	return out, nil
}

// RemoveMedication takes a medication off the chart (one recorded by mistake); its revisions stay.
func (s *Service) RemoveMedication(ctx context.Context, p model.Principal, chartID, medicationID string) error {
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sc, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		m, err := store.MedicationByID(ctx, q, chartID, medicationID)
		if err != nil {
			return err
		}
		if _, err := s.revise(ctx, q, sc, "chart.medication.remove", kindMedication, m.ID, m.RevisionID, medValuesOf(m), true); err != nil {
			return err
		}
		return store.DeleteMedication(ctx, q, chartID, m.ID)
	})
	if err != nil {
		return fmt.Errorf("clinical: remove medication: %w", s.denied(ctx, p, "chart.medication.remove", err))
	}
	return nil
}

func applyMed(m *model.Medication, in model.MedicationInput) {
	m.Name, m.Dose, m.Frequency, m.Prescriber, m.StartDate, m.StopDate = in.Name, in.Dose, in.Frequency, in.Prescriber, in.StartDate, in.StopDate
}
