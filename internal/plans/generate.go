package plans

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"tend/internal/authz"
	"tend/internal/model"
	"tend/internal/plangen"
	"tend/internal/store"
)

// GenerateInput asks for a generated draft (TP-2).
type GenerateInput struct {
	Options plangen.Options
	Source  string // plangen.SourceBuiltin (or "") or plangen.SourceLLM
}

// Generated is a generated draft saved as a version, and how it was made.
type Generated struct {
	Saved
	// Fallback says why the language model was not used when it was asked for; "" otherwise.
	Fallback string
	// External reports that a de-identified summary was sent to the language-model endpoint.
	External bool
}

// Generate drafts a plan from the chart's diagnoses, presenting concerns, history, latest scores and
// recent mood, and saves it as a new unsigned version of planID, or as a new plan when planID is "". The
// draft is always for the clinician to read and edit; nothing identifying the client leaves the server
// (package plangen). The generation is audited with the endpoint's host, the model and the categories
// of data sent, never the content.
func (s *Service) Generate(ctx context.Context, p model.Principal, chartID, planID string, in GenerateInput) (Generated, error) {
	const action = "chart.plan.generate"
	// Gather the chart's picture and draft outside any transaction: an endpoint may take seconds.
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.Change)
	if err != nil {
		return Generated{}, s.denied(ctx, p, action, chartID, err)
	}
	if err := in.Options.Validate(); err != nil {
		return Generated{}, err
	}
	if r.chart.State != model.StateActive {
		return Generated{}, &model.ValidationError{Message: "Plans are written only for clients in care. Reactivate or restore the chart first."}
	}
	var base model.TreatmentPlan
	if planID != "" {
		if base, err = loadPlan(ctx, q, r, planID, false); err != nil {
			return Generated{}, s.denied(ctx, p, action, chartID, err)
		}
		if base.State != model.PlanActive {
			return Generated{}, fmt.Errorf("plans: %s: %w", action, errClosed)
		}
	}
	pr, draftIn, err := s.draftInput(ctx, p, r)
	if err != nil {
		return Generated{}, fmt.Errorf("plans: %s: %w", action, err)
	}
	res, err := s.Drafts.Draft(ctx, draftIn, in.Options, in.Source, pr.PlanDraftsExternal)
	if err != nil {
		return Generated{}, fmt.Errorf("plans: %s: %w", action, err)
	}
	if planID != "" {
		res.Content.Title = base.Title // a new draft of this plan keeps its name
	}
	save := SaveInput{Content: res.Content, Source: res.Source, SourceNote: res.Note,
		also: func(pl model.TreatmentPlan, v model.PlanVersion) model.AuditEvent {
			e := s.event(p, action, r.chart.ID, pl.ID)
			e.Detail = generationDetail(v.Number, res)
			return e
		}}
	var saved Saved
	if planID == "" {
		saved, err = s.Create(ctx, p, chartID, save)
	} else {
		saved, err = s.Save(ctx, p, chartID, planID, save)
	}
	if err != nil {
		return Generated{}, err
	}
	return Generated{Saved: saved, Fallback: res.Fallback, External: len(res.Sent) > 0}, nil
}

// ExternalDrafting reports whether a draft may come from the language-model service: the installation
// configures an endpoint (TEND_LLM_*) and the person's practice allows drafts to use it. Pages offer the
// choice only then; asked for anyway, Generate falls back to the built-in generator and says why.
func (s *Service) ExternalDrafting(ctx context.Context, p model.Principal) (bool, error) {
	if s.Drafts == nil || s.Drafts.LLM == nil {
		return false, nil
	}
	pr, err := store.PracticeByID(ctx, s.Store.R(), p.PracticeID)
	if err != nil {
		return false, fmt.Errorf("plans: external drafting: %w", err)
	}
	return pr.PlanDraftsExternal, nil
}

// generationDetail is the audit entry's detail: what made the draft and what left the server, no content.
func generationDetail(version int, res plangen.Result) string {
	d := fmt.Sprintf("version=%d source=%s", version, res.Source)
	if res.Host != "" {
		d += fmt.Sprintf(" host=%s model=%s sent=%s", res.Host, res.Model, strings.Join(res.Sent, ","))
		if len(res.Sent) == 0 {
			d += "nothing"
		}
	}
	if res.Fallback != "" {
		d += " fallback=" + strings.ReplaceAll(res.Fallback, " ", "_")
	}
	return d
}

// draftInput reads what a draft is built from: the chart's active diagnoses (primary first), its
// presenting concerns and history, the latest two scores of each assessment, recent session mood, the
// practice's date and the assessments it uses.
func (s *Service) draftInput(ctx context.Context, p model.Principal, r reach) (model.Practice, plangen.Input, error) {
	q := s.Store.R()
	pr, today, err := s.practiceToday(ctx, q, p.PracticeID)
	if err != nil {
		return pr, plangen.Input{}, err
	}
	in := plangen.Input{Today: today, Day: pr.Locale().Day}
	ds, err := store.DiagnosesOf(ctx, q, r.chart.ID)
	if err != nil {
		return pr, in, err
	}
	slices.SortStableFunc(ds, func(a, b model.Diagnosis) int {
		return boolRank(a.Primary) - boolRank(b.Primary)
	})
	for _, d := range ds {
		if !d.Active() {
			continue
		}
		desc := d.Description
		if c, ok := s.Codes.Lookup(d.Code); ok {
			desc = c.Description
		}
		in.Diagnoses = append(in.Diagnoses, model.PlanDiagnosis{DiagnosisID: d.ID, Code: d.DottedCode(), Description: desc, Label: d.Label})
	}
	sum, err := store.ClinicalSummaryOf(ctx, q, r.chart.ID)
	if err != nil {
		return pr, in, err
	}
	in.PresentingConcerns, in.History = sum.Concerns, sum.History
	scorings, err := store.PracticeScorings(ctx, q, p.PracticeID)
	if err != nil {
		return pr, in, err
	}
	for _, k := range []string{model.ScoringPHQ9, model.ScoringGAD7} {
		if scorings[k] {
			in.Scorings = append(in.Scorings, k)
		}
	}
	if s.Scores != nil {
		rs, err := s.Scores(ctx, p, r.chart.ID, 2)
		if err != nil {
			return pr, in, err
		}
		in.Scores = latestScores(rs)
	}
	if s.Mood != nil {
		mood, err := s.Mood(ctx, p, r.chart.ID)
		switch {
		case errors.Is(err, model.ErrNotFound): // notes are not this person's to read: no mood
		case err != nil:
			return pr, in, err
		default:
			in.Mood = mood
		}
	}
	return pr, in, nil
}

// latestScores turns a score history (oldest first within each series) into the latest score of each
// assessment with the one before it.
func latestScores(rs []model.DocumentRequest) []plangen.Score {
	by := map[string][]model.DocumentRequest{}
	var order []string
	for _, r := range rs {
		if r.Score == nil || r.Scoring == "" {
			continue
		}
		if _, ok := by[r.Scoring]; !ok {
			order = append(order, r.Scoring)
		}
		by[r.Scoring] = append(by[r.Scoring], r)
	}
	slices.Sort(order)
	var out []plangen.Score
	for _, k := range order {
		series := by[k]
		slices.SortStableFunc(series, func(a, b model.DocumentRequest) int { return a.CompletedAt.Compare(b.CompletedAt) })
		last := series[len(series)-1]
		sc := plangen.Score{Scoring: k, Name: model.ScoringName(k), Latest: *last.Score, Band: last.Band, Date: last.CompletedAt.Format("2006-01-02")}
		if len(series) > 1 {
			prev := *series[len(series)-2].Score
			sc.Previous = &prev
		}
		out = append(out, sc)
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}
