package plans

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// SaveInput is a new version of a plan: its content (diagnoses named by DiagnosisID only; the rest of
// each is copied from the chart) and the version it was edited from.
type SaveInput struct {
	Content model.PlanContent
	// BaseVersion is the version the editor opened; when the plan has moved on since, the save is refused
	// with a conflict (and the page keeps what was typed). 0 skips the check (the API may).
	BaseVersion int
	// Source and SourceNote say what made the version; "" is written.
	Source     model.PlanSource
	SourceNote string
	// also is one more audit event, written in the save's transaction (a generation's).
	also func(pl model.TreatmentPlan, v model.PlanVersion) model.AuditEvent
}

// appendAlso writes in's extra audit event, if any.
func (s *Service) appendAlso(ctx context.Context, q store.Q, in SaveInput, pl model.TreatmentPlan, v model.PlanVersion) error {
	if in.also == nil {
		return nil
	}
	return s.Audit.Append(ctx, q, in.also(pl, v))
}

// Saved is the outcome of a save: the plan and the version now newest.
type Saved struct {
	Plan    model.TreatmentPlan
	Version model.PlanVersion
	// Unchanged: the content was the same as the newest version's, so no version was added.
	Unchanged bool
}

// Create adds a plan to a chart with its first version (TP-1).
func (s *Service) Create(ctx context.Context, p model.Principal, chartID string, in SaveInput) (Saved, error) {
	const action = "chart.plan.create"
	var out Saved
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		if r.chart.State != model.StateActive {
			return &model.ValidationError{Message: "Plans are written only for clients in care. Reactivate or restore the chart first."}
		}
		_, today, err := s.practiceToday(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		if in.Content.Title == "" {
			in.Content.Title = "Treatment plan"
		}
		now := s.now()
		pl := model.TreatmentPlan{ID: id.New(), PracticeID: p.PracticeID, ChartID: r.chart.ID, State: model.PlanActive,
			CreatedBy: p.StaffID, CreatedAt: now, UpdatedAt: now}
		v, err := s.prepare(ctx, q, r, pl, in, model.PlanRules{Start: today}, p)
		if err != nil {
			return err
		}
		v.Number = 1
		pl.Title, pl.CurrentVersion, pl.ReviewDate = v.Content.Title, 1, v.Content.ReviewDate
		if err := store.InsertPlan(ctx, q, pl); err != nil {
			return err
		}
		if err := store.InsertPlanVersion(ctx, q, v); err != nil {
			return err
		}
		out = Saved{Plan: pl, Version: v}
		e := s.event(p, action, r.chart.ID, pl.ID)
		e.Detail = fmt.Sprintf("version=1 source=%s", v.Source)
		if err := s.Audit.Append(ctx, q, e); err != nil {
			return err
		}
		return s.appendAlso(ctx, q, in, pl, v)
	})
	if err != nil {
		return Saved{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// Save adds a version to a plan (TP-1): every saved change is a version with its author and time; the
// versions before it never change. Content the same as the newest version's adds nothing.
func (s *Service) Save(ctx context.Context, p model.Principal, chartID, planID string, in SaveInput) (Saved, error) {
	const action = "chart.plan.save"
	var out Saved
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, pl, err := s.openLocked(ctx, q, p, chartID, planID, authz.Change)
		if err != nil {
			return err
		}
		if pl.State != model.PlanActive {
			return errClosed
		}
		if in.BaseVersion != 0 && in.BaseVersion != pl.CurrentVersion {
			return &model.ConflictError{Field: "base_version", Message: fmt.Sprintf(
				"Someone saved version %d of this plan while you were editing version %d. What you typed is still here: compare it with version %d, then save again.",
				pl.CurrentVersion, in.BaseVersion, pl.CurrentVersion)}
		}
		pr, err := store.PracticeByID(ctx, q, p.PracticeID)
		if err != nil {
			return err
		}
		v, err := s.prepare(ctx, q, r, pl, in, model.PlanRules{Start: startOf(pl, pr)}, p)
		if err != nil {
			return err
		}
		cur, err := store.PlanVersion(ctx, q, pl.ID, pl.CurrentVersion)
		if err != nil {
			return err
		}
		if cur.SHA256 == v.SHA256 {
			out = Saved{Plan: pl, Version: cur, Unchanged: true}
			return s.appendAlso(ctx, q, in, pl, cur)
		}
		out, err = s.addVersion(ctx, q, pl, v)
		if err != nil {
			return err
		}
		e := s.event(p, action, r.chart.ID, pl.ID)
		e.Detail = fmt.Sprintf("version=%d source=%s", out.Version.Number, v.Source)
		if err := s.Audit.Append(ctx, q, e); err != nil {
			return err
		}
		return s.appendAlso(ctx, q, in, out.Plan, out.Version)
	})
	if err != nil {
		return Saved{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// Restore copies an earlier version's content into a new version (TP-1): history only grows.
func (s *Service) Restore(ctx context.Context, p model.Principal, chartID, planID string, number int) (Saved, error) {
	const action = "chart.plan.restore"
	var out Saved
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, pl, err := s.openLocked(ctx, q, p, chartID, planID, authz.Change)
		if err != nil {
			return err
		}
		if pl.State != model.PlanActive {
			return errClosed
		}
		old, err := store.PlanVersion(ctx, q, pl.ID, number)
		if err != nil {
			return err
		}
		if number == pl.CurrentVersion {
			return &model.ConflictError{Message: fmt.Sprintf("Version %d is already the newest.", number)}
		}
		v := model.PlanVersion{ID: id.New(), PracticeID: pl.PracticeID, PlanID: pl.ID, Content: old.Content, SHA256: old.Content.SHA256(),
			Source: model.PlanRestored, SourceNote: fmt.Sprintf("version %d", number), AuthorID: p.StaffID, AuthorName: p.Name, CreatedAt: s.now()}
		if out, err = s.addVersion(ctx, q, pl, v); err != nil {
			return err
		}
		e := s.event(p, action, r.chart.ID, pl.ID)
		e.Detail = fmt.Sprintf("version=%d from=%d", out.Version.Number, number)
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return Saved{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// addVersion writes v as the plan's next version and moves the plan's head to it.
func (s *Service) addVersion(ctx context.Context, q store.Q, pl model.TreatmentPlan, v model.PlanVersion) (Saved, error) {
	v.Number = pl.CurrentVersion + 1
	if err := store.InsertPlanVersion(ctx, q, v); err != nil {
		return Saved{}, err
	}
	pl.Title, pl.CurrentVersion, pl.ReviewDate, pl.UpdatedAt = v.Content.Title, v.Number, v.Content.ReviewDate, v.CreatedAt
	if err := store.SetPlanHead(ctx, q, pl); err != nil {
		return Saved{}, err
	}
	return Saved{Plan: pl, Version: v}, nil
}

// prepare normalizes and checks the content of a new version of pl and fills in its diagnoses from the
// chart's: a diagnosis the chart does not have is refused.
func (s *Service) prepare(ctx context.Context, q store.Q, r reach, pl model.TreatmentPlan, in SaveInput, rules model.PlanRules, p model.Principal) (model.PlanVersion, error) {
	c := in.Content
	c.Normalize()
	scorings, err := store.PracticeScorings(ctx, q, r.chart.PracticeID)
	if err != nil {
		return model.PlanVersion{}, err
	}
	rules.Scorings = scorings
	probs := model.Problems{}
	if len(c.Diagnoses) > 0 {
		have, err := store.DiagnosesOf(ctx, q, r.chart.ID)
		if err != nil {
			return model.PlanVersion{}, err
		}
		byID := map[string]model.Diagnosis{}
		for _, d := range have {
			byID[d.ID] = d
		}
		seen := map[string]bool{}
		var picked []model.PlanDiagnosis
		for _, pd := range c.Diagnoses {
			d, ok := byID[pd.DiagnosisID]
			if !ok {
				probs.Add("diagnoses", "Pick diagnoses from this chart's: one of those chosen is not on it (it may have been removed).")
				continue
			}
			if !seen[d.ID] {
				seen[d.ID] = true
				desc := d.Description
				if c, ok := s.Codes.Lookup(d.Code); ok {
					desc = c.Description
				}
				picked = append(picked, model.PlanDiagnosis{DiagnosisID: d.ID, Code: d.DottedCode(), Description: desc, Label: d.Label})
			}
		}
		c.Diagnoses = picked
		c.Normalize()
	}
	if err := c.Validate(rules); err != nil {
		if ve, ok := err.(*model.ValidationError); ok {
			for k, m := range probs {
				ve.Fields[k] = m
			}
		}
		return model.PlanVersion{}, err
	}
	if err := probs.Err(); err != nil {
		return model.PlanVersion{}, err
	}
	src := in.Source
	if src == "" {
		src = model.PlanWritten
	}
	return model.PlanVersion{ID: id.New(), PracticeID: pl.PracticeID, PlanID: pl.ID, Content: c, SHA256: c.SHA256(), Source: src,
		SourceNote: in.SourceNote, AuthorID: p.StaffID, AuthorName: p.Name, CreatedAt: s.now()}, nil
}
